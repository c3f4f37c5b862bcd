/** users.json: the app's users (uuid, handle, display name), read to resolve handles and to write seed data. Loads zod. */
import { join } from 'node:path';
import { z } from 'zod';
import { readJsonFile } from '../json-file.js';

const user = z.object({ uuid: z.string().min(1), handle: z.string().min(1), display_name: z.string().min(1) });
export type SeedUser = z.infer<typeof user>;

/** A handle or a uuid twice would make "first one wins" decide who a message is from: refused, with both places. */
const users = z.array(user).superRefine((list, ctx) => {
  for (const field of ['uuid', 'handle'] as const) {
    const seen = new Map<string, number>();
    list.forEach((u, i) => {
      const value = field === 'uuid' ? u.uuid.toLowerCase() : u.handle;
      const first = seen.get(value);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: [i, field], message: `${field} "${u[field]}" is also user ${first}'s: each user needs their own` });
      else seen.set(value, i);
    });
  }
});

/** `flag` names the option that points at the folder on this command (seed: --dir; the patterns: --users). */
export const loadUsers = (dir: string, flag = '--dir'): Promise<SeedUser[]> =>
  readJsonFile(join(dir, 'users.json'), users, `pass ${flag} to a folder with users.json${flag === '--dir' ? ' and conversations/' : ''}`);
