/** Reads and checks the seed's conversations: seed/conversations/*.json (its users.json: src/messaging/users-file.ts). */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { readJsonFile } from '../json-file.js';
import { parseTimestamp } from '../time.js';


const timestamp = z.string().refine((s) => parseTimestamp(s) !== undefined, 'is not an ISO 8601 timestamp');
const conversation = z.object({
  message_group_uuid: z.string().min(1),
  participants: z.tuple([z.string(), z.string()]),
  messages: z.array(z.object({ created_at: timestamp, from: z.string(), message_uuid: z.string().min(1), message: z.string() })).min(1),
});
export type SeedConversation = z.infer<typeof conversation>;

export const loadConversations = async (dir: string): Promise<{ file: string; conversation: SeedConversation }[]> => {
  const folder = join(dir, 'conversations');
  const names = (await readdir(folder).catch(() => [] as string[])).filter((n) => n.endsWith('.json')).sort();
  return Promise.all(names.map(async (n) => ({ file: join(folder, n), conversation: await readJsonFile(join(folder, n), conversation, 'pass --dir to a folder with users.json and conversations/') })));
};
