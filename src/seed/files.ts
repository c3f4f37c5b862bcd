/** Reads and checks the seed files: seed/users.json and seed/conversations/*.json. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { DdbError } from '../errors.js';
import { formatPath } from '../schema/validate.js';
import { parseTimestamp } from '../time.js';

const user = z.object({ uuid: z.string().min(1), handle: z.string().min(1), display_name: z.string().min(1) });
const timestamp = z.string().refine((s) => parseTimestamp(s) !== undefined, 'is not an ISO 8601 timestamp');
const conversation = z.object({
  message_group_uuid: z.string().min(1),
  participants: z.tuple([z.string(), z.string()]),
  messages: z.array(z.object({ created_at: timestamp, from: z.string(), message_uuid: z.string().min(1), message: z.string() })).min(1),
});
export type SeedUser = z.infer<typeof user>;
export type SeedConversation = z.infer<typeof conversation>;

/** `flag` names the option that points at the folder, for the hint (seed: --dir; the patterns: --users). */
const readJson = async <T>(file: string, schema: z.ZodType<T>, flag = '--dir'): Promise<T> => {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new DdbError('input.invalid', `cannot read ${file}: ${(error as Error).message}`, { suggestion: `pass ${flag} to a folder with users.json${flag === '--dir' ? ' and conversations/' : ''}` });
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DdbError('input.invalid', `${file}: ${formatPath(issue?.path ?? [])}: ${issue?.message}`);
  }
  return parsed.data;
};

export const loadUsers = (dir: string, flag = '--dir'): Promise<SeedUser[]> => readJson(join(dir, 'users.json'), z.array(user), flag);

export const loadConversations = async (dir: string): Promise<{ file: string; conversation: SeedConversation }[]> => {
  const folder = join(dir, 'conversations');
  const names = (await readdir(folder).catch(() => [] as string[])).filter((n) => n.endsWith('.json')).sort();
  return Promise.all(names.map(async (n) => ({ file: join(folder, n), conversation: await readJson(join(folder, n), conversation) })));
};
