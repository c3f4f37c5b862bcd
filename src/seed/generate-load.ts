/**
 * `ddb seed --generate N`: N generated messages (src/seed/generate.ts) streamed through the batch writer — the
 * generator yields one item at a time and the writer pulls only when a batch slot is free, so memory stays flat.
 */
import type { Dynamo } from '../aws/dynamo.js';
import { DdbError } from '../errors.js';
import type { Reporter } from '../report.js';
import { type WriteRequest, type WriteStats, writeBatches } from '../writing/batch-writer.js';
import { toAttributeMap } from '../values/attribute.js';
import { loadUsers } from '../messaging/users-file.js';
import { defaultConversations, generateItems } from './generate.js';

export interface GenerateLoadOptions {
  table: string;
  /** the seed folder whose users.json names the participants */
  dir: string;
  messages: number;
  conversations?: number;
  randomSeed?: number;
  concurrency?: number;
  maxWcu?: number;
  /** Ctrl-C: stop after the batches in flight */
  signal?: AbortSignal;
}

export type GenerateSummary = WriteStats & {
  table: string;
  messages: number;
  conversations: number;
  groups: number;
  randomSeed: number;
};

/** The requests of a generated load (nothing is written): checked first — C conversations need N ≥ C messages and two users. */
export const generatedRequests = async (opts: Pick<GenerateLoadOptions, 'dir' | 'messages' | 'conversations' | 'randomSeed'>): Promise<{ requests: Iterable<WriteRequest>; conversations: number; randomSeed: number }> => {
  const messages = opts.messages;
  const randomSeed = opts.randomSeed ?? 1;
  const conversations = opts.conversations ?? defaultConversations(messages);
  if (conversations > messages) {
    throw new DdbError('usage', `cannot spread ${messages} message(s) over ${conversations} conversations: each needs at least one`, {
      suggestion: `pass --conversations ${messages} or fewer`,
    });
  }
  const users = await loadUsers(opts.dir);
  if (users.length < 2) throw new DdbError('input.invalid', 'users.json needs at least two users to generate conversations');
  const items = generateItems({ messages, conversations, randomSeed, users });
  const requests = (function* () {
    for (const Item of items) yield { PutRequest: { Item: toAttributeMap(Item) } };
  })();
  return { requests, conversations, randomSeed };
};

export const generateLoad = async (db: Dynamo, opts: GenerateLoadOptions, report: Reporter): Promise<GenerateSummary> => {
  const messages = opts.messages;
  const { requests, conversations, randomSeed } = await generatedRequests(opts);
  const progress = await report.progress(messages + 2 * conversations);
  try {
    const stats = await writeBatches(db, opts.table, requests, { concurrency: opts.concurrency, maxWcu: opts.maxWcu, signal: opts.signal, onProgress: (s) => progress.update(s.items) });
    return { table: opts.table, messages, conversations, groups: 2 * conversations, randomSeed, ...stats };
  } finally {
    progress.stop();
  }
};
