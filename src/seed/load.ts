/**
 * `ddb seed`: the seed files (users + conversations) written idempotently — running twice leaves the same items.
 *
 * A group item's sk is the time of its conversation's last message, so when a seed file changes, the group item of the
 * older version must go or the user would see the conversation twice. The rule is "the newest group item wins":
 * an existing group item of the same conversation that is older than the seed's is replaced; one that is newer (the
 * app added a message since) is kept, and the seed's older group item is not written. So a seed never deletes a newer
 * item the app wrote, and never leaves two group items for one conversation.
 */
import type { Dynamo } from '../aws/dynamo.js';
import { type WriteRequest, type WriteStats, writeBatches } from '../writing/batch-writer.js';
import type { GroupItem, MessageItem } from '../messaging/items.js';
import { loadUsers } from '../messaging/users-file.js';
import { groupItemsOf } from '../patterns/find-group.js';
import { toAttributeMap } from '../values/attribute.js';
import { loadConversations } from './files.js';
import { conversationItems } from './items.js';

export interface SeedOptions {
  table: string;
  /** the seed folder (users.json, conversations/) */
  dir: string;
  concurrency?: number;
  maxWcu?: number;
  /** Ctrl-C: stop after the batches in flight */
  signal?: AbortSignal;
}

export type SeedSummary = WriteStats & {
  table: string;
  users: number;
  conversations: number;
  messages: number;
  groups: number;
  staleGroupsRemoved: number;
  /** group items left as they are because the conversation has a newer message than the seed's */
  newerGroupsKept: number;
};

/** The items the seed files of `dir` become (nothing is written): `ddb patterns cost` sizes items with them too. */
export const seedItems = async (dir: string): Promise<{ users: number; conversations: number; messages: MessageItem[]; groups: GroupItem[] }> => {
  const users = await loadUsers(dir);
  const conversations = await loadConversations(dir);
  const messages: MessageItem[] = [];
  const groups: GroupItem[] = [];
  for (const { file, conversation } of conversations) {
    const items = conversationItems(conversation, users, file);
    messages.push(...items.messages);
    groups.push(...items.groups);
  }
  return { users: users.length, conversations: conversations.length, messages, groups };
};

export const putRequests = (items: readonly (GroupItem | MessageItem)[]): WriteRequest[] => items.map((Item) => ({ PutRequest: { Item: toAttributeMap(Item) } }));

export const seedConversations = async (db: Dynamo, opts: SeedOptions): Promise<SeedSummary> => {
  const { users, conversations, messages, groups } = await seedItems(opts.dir);
  await db.requireTable(opts.table);
  const stale: { pk: string; sk: string }[] = [];
  const put: GroupItem[] = [];
  let newerKept = 0;
  for (const g of groups) {
    const existing = await groupItemsOf(db, opts.table, g.pk, g.message_group_uuid);
    if (existing.some((old) => old.sk > g.sk)) {
      newerKept++;
      continue;
    }
    put.push(g);
    for (const old of existing) if (old.sk !== g.sk) stale.push({ pk: old.pk, sk: old.sk });
  }
  const requests: WriteRequest[] = [...stale.map((Key) => ({ DeleteRequest: { Key: toAttributeMap(Key) } })), ...putRequests([...put, ...messages])];
  const stats = await writeBatches(db, opts.table, requests, { concurrency: opts.concurrency, maxWcu: opts.maxWcu, signal: opts.signal });
  return {
    table: opts.table,
    users,
    conversations,
    messages: messages.length,
    groups: groups.length,
    staleGroupsRemoved: stale.length,
    newerGroupsKept: newerKept,
    ...stats,
  };
};
