/** users.json: the app's users (uuid, handle, display name), read to resolve handles and to write seed data. Loads zod. */
import { join } from 'node:path';
import { z } from 'zod';
import { readJsonFile } from '../json-file.js';

const user = z.object({ uuid: z.string().min(1), handle: z.string().min(1), display_name: z.string().min(1) });
export type SeedUser = z.infer<typeof user>;

/** `flag` names the option that points at the folder on this command (seed: --dir; the patterns: --users). */
export const loadUsers = (dir: string, flag = '--dir'): Promise<SeedUser[]> =>
  readJsonFile(join(dir, 'users.json'), z.array(user), `pass ${flag} to a folder with users.json${flag === '--dir' ? ' and conversations/' : ''}`);
