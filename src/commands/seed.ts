/** ddb seed — load seed/ (users + conversations) idempotently. [API: BatchWriteItem, Query] */
import { Command } from 'commander';
import { type App, positiveInt } from '../app.js';
import { type BulkOptions, addBulkOptions } from './bulk-options.js';
import { printWriteSummary } from '../render/write-summary.js';
import { DEFAULT_SEED_DIR, DEFAULT_TABLE, projectPath } from '../paths.js';
import { conversationItems, type Item } from '../seed/items.js';
import { writeBatches } from '../data/batch-writer.js';
import type { Runtime } from '../runtime.js';
import { printGenerated, randomSeed, runGenerate } from './seed-generate.js';

interface Options extends BulkOptions {
  dir?: string;
  table: string;
  generate?: number;
  conversations?: number;
  randomSeed?: number;
}

export const runSeed = async (rt: Runtime, opts: Options) => {
  const dir = projectPath(rt.io.cwd, opts.dir ?? DEFAULT_SEED_DIR);
  // Loaded here, not at the top: the seed reader brings zod, which `ddb --help` should not pay for.
  const { loadConversations, loadUsers } = await import('../seed/files.js');
  const users = await loadUsers(dir);
  const conversations = await loadConversations(dir);
  const messages: Item[] = [];
  const groups: Item[] = [];
  for (const { file, conversation } of conversations) {
    const items = conversationItems(conversation, users, file);
    messages.push(...items.messages);
    groups.push(...items.groups);
  }
  const db = await rt.dynamo();
  await db.requireTable(opts.table);
  // A group's sk is its last message's time: when the seed changes, the old group item must go, or it would duplicate.
  const stale: Item[] = [];
  for (const g of groups) {
    const out = await db.query({
      TableName: opts.table,
      KeyConditionExpression: 'pk = :pk',
      FilterExpression: 'message_group_uuid = :g',
      ExpressionAttributeValues: { ':pk': g.pk, ':g': g.message_group_uuid },
    });
    // (DynamoDB allows no filter on a key attribute, so the sort key is compared here.)
    for (const old of out.Items ?? []) if (old.sk !== g.sk) stale.push({ pk: String(old.pk), sk: String(old.sk) });
  }
  const requests = [
    ...stale.map((Key) => ({ DeleteRequest: { Key } })),
    ...[...groups, ...messages].map((Item) => ({ PutRequest: { Item } })),
  ];
  const stats = await writeBatches(db, opts.table, requests, { concurrency: opts.concurrency, maxWcu: opts.maxWcu });
  return { table: opts.table, users: users.length, conversations: conversations.length, messages: messages.length, groups: groups.length, staleGroupsRemoved: stale.length, ...stats };
};

export const seedCommand = (app: App): Command =>
  addBulkOptions(new Command('seed'))
    .description('load the seed data (users, conversations) — idempotent: running twice leaves the same items [API: BatchWriteItem]')
    .option('--dir <dir>', `seed folder with users.json and conversations/ (default: ${DEFAULT_SEED_DIR})`)
    .option('--table <name>', 'table', DEFAULT_TABLE)
    .option('--generate <n>', 'instead of seed/conversations: N generated messages between the seed users (deterministic)', positiveInt)
    .option('--conversations <c>', 'with --generate: spread over C conversations (default: N/100)', positiveInt)
    .option('--random-seed <s>', 'with --generate: the random seed (same seed, N and C → same items)', randomSeed, 1)
    .action(
      app.action<Options>(async (rt, opts) => {
        if (opts.generate) return printGenerated(rt, await runGenerate(rt, { ...opts, generate: opts.generate }));
        const summary = await runSeed(rt, opts);
        rt.info(
          `seeded ${summary.table}: ${summary.messages} messages in ${summary.conversations} conversation(s), ${summary.groups} message groups` +
            `${summary.staleGroupsRemoved ? `, ${summary.staleGroupsRemoved} stale groups removed` : ''}`,
        );
        printWriteSummary(rt, summary);
        rt.info('next: `ddb patterns list-conversations andrewbrown`');
      }),
    );
