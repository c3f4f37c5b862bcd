/**
 * `ddb seed --generate N`: N generated messages (src/seed/generate.ts) streamed through the batch writer — the
 * generator yields one item at a time and the writer pulls only when a batch slot is free, so memory stays flat.
 * The generator and the seed-file reader (zod) are imported when the command runs, not for `ddb --help`.
 */
import { InvalidArgumentError } from 'commander';
import { DdbError } from '../errors.js';
import type { Runtime } from '../runtime.js';
import { DEFAULT_SEED_DIR, projectPath } from '../paths.js';
import { writeBatches, type WriteStats } from '../data/batch-writer.js';
import { startProgress } from '../render/progress.js';
import { printWriteSummary } from '../render/write-summary.js';

export interface GenerateSeedOptions {
  dir?: string;
  table: string;
  generate: number;
  conversations?: number;
  randomSeed?: number;
  concurrency?: number;
  maxWcu?: number;
}

export type GenerateSummary = WriteStats & Record<string, unknown> & {
  table: string;
  messages: number;
  conversations: number;
  groups: number;
  randomSeed: number;
};

/** --random-seed: a whole number from 0 to 2^32 − 1 (what the generator's 32-bit seed holds). */
export const randomSeed = (value: string): number => {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 0xffffffff) throw new InvalidArgumentError('must be a whole number from 0 to 4294967295.');
  return n;
};

export const runGenerate = async (rt: Runtime, opts: GenerateSeedOptions): Promise<GenerateSummary> => {
  const { loadUsers } = await import('../seed/files.js');
  const { defaultConversations, generateItems } = await import('../seed/generate.js');
  const messages = opts.generate;
  const seed = opts.randomSeed ?? 1;
  const conversations = opts.conversations ?? defaultConversations(messages);
  if (conversations > messages) {
    throw new DdbError('usage', `cannot spread ${messages} message(s) over ${conversations} conversations: each needs at least one`, {
      suggestion: `pass --conversations ${messages} or fewer`,
    });
  }
  const users = await loadUsers(projectPath(rt.io.cwd, opts.dir ?? DEFAULT_SEED_DIR));
  if (users.length < 2) throw new DdbError('input.invalid', 'users.json needs at least two users to generate conversations');
  const db = await rt.dynamo();
  const items = generateItems({ messages, conversations, randomSeed: seed, users });
  const requests = (function* () {
    for (const Item of items) yield { PutRequest: { Item } };
  })();
  const progress = await startProgress(rt, messages + 2 * conversations);
  try {
    const stats = await writeBatches(db, opts.table, requests, {
      concurrency: opts.concurrency,
      maxWcu: opts.maxWcu,
      onProgress: (s) => progress.update(s.items),
    });
    return { table: opts.table, messages, conversations, groups: 2 * conversations, randomSeed: seed, ...stats };
  } finally {
    progress.stop();
  }
};

/** What `ddb seed --generate` prints: what was generated (stderr), then the write summary (table or JSON). */
export const printGenerated = (rt: Runtime, s: GenerateSummary): void => {
  rt.info(
    `generated into ${s.table}: ${s.messages.toLocaleString('en-US')} messages in ${s.conversations.toLocaleString('en-US')} conversation(s) ` +
      `+ ${s.groups.toLocaleString('en-US')} message groups (random seed ${s.randomSeed})`,
  );
  printWriteSummary(rt, s);
  rt.info(`next: \`ddb patterns list-conversations andrewbrown\`, \`ddb export ${s.table} --out messages.ndjson\``);
};
