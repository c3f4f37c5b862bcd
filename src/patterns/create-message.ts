/**
 * Access pattern C, create-message: a message joins a conversation, and both participants' group items move to it —
 * all in one TransactWriteItems, so no reader ever sees a message without its groups naming it (or the reverse).
 *
 *   1. Query message-group-sk-index by message_group_uuid (sparse: exactly the two group items, ~0.5 RCU), never a Scan.
 *   2. TransactWriteItems (5 items): Put the message (attribute_not_exists(pk)); for each participant Delete the group
 *      item read in 1 (attribute_exists(pk): its sk is part of the key, so a group moved on since the read is a
 *      different item and the condition fails) and Put it again with sk = the message's time and message = its text
 *      shortened (attribute_not_exists(pk)). When the old sk equals the new one, a single Put with
 *      attribute_exists(pk) instead (a transaction may touch an item once).
 *   3. Cancelled because something changed since 1 (ConditionalCheckFailed, TransactionConflict): back to 1 with a
 *      new time, after a jittered backoff (./transact.ts). A cancelled transaction writes nothing. When the re-read
 *      shows both groups already past the time first tried (a concurrent writer's newer message won), the message goes
 *      in at that time with a single conditional Put and the groups stay: they name a newer message, and move only
 *      forward. Without this, N writers at once take ~N rounds each (every loser of a round moves the groups again);
 *      with it, 20 writers on DynamoDB Local need at most 3 attempts each instead of 8 (measured, bench figures in README).
 *
 * The message's time is now, or the group's sk + 1 ms when now is not later (clock skew, the same millisecond): the
 * group's sk only moves forward and a conversation's message keys stay unique.
 */
import { randomUUID } from 'node:crypto';
import type { QueryCommandInput, TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Dynamo } from '../aws/dynamo.js';
import { queryUpTo } from '../reading/query.js';
import { DdbError } from '../errors.js';
import { GROUP_INDEX, groupOwner, groupPk } from '../messaging/keys.js';
import { type GroupItem, messageItem, type MessageItem, movedGroup } from '../messaging/items.js';
import type { User } from '../messaging/users.js';
import { canonicalTimestamp, parseTimestamp } from '../time.js';
import { cancelledFor, conflict, defaultBackoff, isRetryable, MAX_WRITE_ATTEMPTS, type RetryOptions, type WriteCapacity } from './transact.js';

/** Step 1: the group items of a conversation, from the sparse index. */
export const groupItemsQuery = (table: string, group: string): QueryCommandInput => ({
  TableName: table,
  IndexName: GROUP_INDEX,
  KeyConditionExpression: 'message_group_uuid = :g',
  ExpressionAttributeValues: { ':g': group },
  ReturnConsumedCapacity: 'TOTAL',
});

/** The message's time: now, unless that is not later than a group's sk (then that sk + 1 ms). */
export const nextMessageTime = (now: Date, groups: readonly Pick<GroupItem, 'sk'>[]): string => {
  const latest = Math.max(...groups.map((g) => parseTimestamp(g.sk)?.getTime() ?? -Infinity));
  return canonicalTimestamp(new Date(Math.max(now.getTime(), latest + 1)));
};

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** A participant's group item moved to the new message: Delete + Put, or one Put when the key stays the same. */
export const replaceGroup = (table: string, old: GroupItem, message: Pick<MessageItem, 'sk' | 'message'>): TransactItem[] => {
  const next = movedGroup(old, message);
  if (old.sk === message.sk) return [{ Put: { TableName: table, Item: next, ConditionExpression: 'attribute_exists(pk)' } }];
  return [
    { Delete: { TableName: table, Key: { pk: old.pk, sk: old.sk }, ConditionExpression: 'attribute_exists(pk)' } },
    { Put: { TableName: table, Item: next, ConditionExpression: 'attribute_not_exists(pk)' } },
  ];
};

/** Step 2, pure: the one TransactWriteItems that adds `message` and moves both group items to it. */
export const messageTransaction = (table: string, groups: readonly GroupItem[], message: MessageItem): TransactWriteCommandInput => ({
  TransactItems: [{ Put: { TableName: table, Item: message, ConditionExpression: 'attribute_not_exists(pk)' } }, ...groups.flatMap((g) => replaceGroup(table, g, message))],
  ReturnConsumedCapacity: 'TOTAL',
});

/** A retry overtaken by a newer message (see 3. above): the message alone, at its own time. */
export const messageAloneTransaction = (table: string, message: MessageItem): TransactWriteCommandInput => ({
  TransactItems: [{ Put: { TableName: table, Item: message, ConditionExpression: 'attribute_not_exists(pk)' } }],
  ReturnConsumedCapacity: 'TOTAL',
});

/** What step 1 found. */
export type GroupState =
  | { kind: 'none' }
  /** the sender is not one of the two participants */
  | { kind: 'outsider'; participants: string[] }
  /** not one item per participant (a concurrent write half seen by the index, or a damaged table) */
  | { kind: 'unsettled'; detail: string }
  /** mine: the sender's group item; theirs: the other participant's (its user_* fields name the sender) */
  | { kind: 'ok'; mine: GroupItem; theirs: GroupItem };

export const inspectGroups = (groups: readonly GroupItem[], sender: string): GroupState => {
  if (groups.length === 0) return { kind: 'none' };
  const owners = [...new Set(groups.map((g) => g.pk))];
  const participants = owners.map(groupOwner);
  if (owners.length === 2 && !participants.includes(sender)) {
    // Each group item names the other participant: their handle, where it is known.
    const label = (uuid: string) => groups.find((g) => g.user_uuid === uuid && g.user_handle)?.user_handle;
    return { kind: 'outsider', participants: participants.map((p) => (label(p) ? `@${label(p)}` : p)) };
  }
  if (owners.length !== 2 || groups.length !== 2) return { kind: 'unsettled', detail: `${groups.length} group item(s) for ${owners.length} participant(s): ${groups.map((g) => `${g.pk} ${g.sk}`).join(', ')}` };
  const mine = groups.find((g) => g.pk === groupPk(sender))!;
  const theirs = groups.find((g) => g !== mine)!;
  return { kind: 'ok', mine, theirs };
};

/** The sender as the table knows them: the other participant's group item names them; users.json fills gaps. */
const senderFrom = (theirs: GroupItem, sender: User): User => ({
  uuid: sender.uuid,
  display_name: theirs.user_uuid === sender.uuid && theirs.user_display_name !== undefined ? theirs.user_display_name : sender.display_name,
  handle: theirs.user_uuid === sender.uuid && theirs.user_handle !== undefined ? theirs.user_handle : sender.handle,
});

export interface CreateMessageInput {
  table: string;
  group: string;
  /** resolved: a uuid, and the handle/display name when users.json knows them */
  sender: User;
  /** the sender as typed (for error lines) */
  senderLabel: string;
  text: string;
}

export interface CreateMessageResult {
  table: string;
  group: string;
  item: MessageItem;
  /** the two group items as they are after the write */
  groups: GroupItem[];
  /**
   * a concurrent newer message moved the groups past this one's time while it was retried: it went in at its own time
   * and the groups name the newer one
   */
  overtaken: boolean;
  /** read + transaction rounds it took (1 unless concurrent writes cancelled some) */
  attempts: number;
  capacity: WriteCapacity;
}

export interface CreateMessageOptions extends RetryOptions {
  /** the group is known to exist (create-conversation found its marker): an empty index read is retried, not "not found" */
  groupExists?: boolean;
  /** false: every retry moves the groups again, even past a newer message (the benchmark's baseline) */
  overtake?: boolean;
}

export const createMessage = async (db: Dynamo, input: CreateMessageInput, opts: CreateMessageOptions = {}): Promise<CreateMessageResult> => {
  const { table, group } = input;
  const maxAttempts = opts.maxAttempts ?? MAX_WRITE_ATTEMPTS;
  const backoff = opts.backoff ?? defaultBackoff;
  const now = opts.now ?? (() => new Date());
  const messageUuid = randomUUID();
  /** the message's time in the first transaction tried: kept if a concurrent newer message moves the groups past it */
  let firstAt: string | undefined;
  /** the time of the last full transaction tried */
  let tried: string | undefined;
  const { perform } = await import('../aws/perform.js');
  for (let attempt = 1; ; attempt++) {
    const read = await queryUpTo(db, groupItemsQuery(table, group));
    const state = inspectGroups(read.Items as unknown as GroupItem[], input.sender.uuid);
    const last = attempt >= maxAttempts;
    if (state.kind === 'none' && (!opts.groupExists || last)) {
      throw new DdbError('item.notFound', `no message group ${group} in ${table}`, { suggestion: 'see the groups of a user with `ddb patterns list-conversations USER`, or start one with `ddb patterns create-conversation FROM TO MESSAGE`' });
    }
    if (state.kind === 'outsider') {
      throw new DdbError('input.invalid', `${input.senderLabel} is not in conversation ${group} (its participants are ${state.participants.join(' and ')}); nothing was written`, {
        suggestion: 'send --from one of its two participants',
      });
    }
    if (state.kind === 'unsettled' && last) {
      throw new DdbError('item.inconsistent', `message group ${group} does not have one group item per participant in ${GROUP_INDEX} (${state.detail}); nothing was written`, {
        suggestion: `look with \`ddb patterns list-conversations USER --table ${table}\`; re-running \`ddb seed\` repairs the seed conversations`,
      });
    }
    if (state.kind === 'ok') {
      const groups = [state.mine, state.theirs];
      const sender = senderFrom(state.theirs, input.sender);
      // Lost the race to a newer message: the groups already name something later than this message, and they only
      // move forward, so the message goes in at its own time and the groups stay as they are.
      const overtaken = opts.overtake !== false && firstAt !== undefined && groups.every((g) => (parseTimestamp(g.sk)?.getTime() ?? -Infinity) > Date.parse(firstAt!));
      // A failed attempt's time is never tried again: another message may hold that key (a writer whose clock is ahead).
      const at = overtaken ? firstAt! : nextMessageTime(now(), tried ? [...groups, { sk: tried }] : groups);
      const item = messageItem(group, at, messageUuid, input.text, sender);
      firstAt ??= item.sk;
      if (!overtaken) tried = item.sk;
      const request = overtaken ? messageAloneTransaction(table, item) : messageTransaction(table, groups, item);
      const outcome = await perform(db, { api: 'TransactWriteItems', input: request });
      if (outcome.ok) {
        const written = overtaken ? groups : request.TransactItems!.flatMap((t) => (t.Put && t.Put.Item !== item ? [t.Put.Item as GroupItem] : []));
        return { table, group, item, groups: written, overtaken, attempts: attempt, capacity: { Query: read.ConsumedCapacity, TransactWriteItems: outcome.output.ConsumedCapacity } };
      }
      if (!isRetryable(outcome.reasons)) throw cancelledFor(outcome.reasons, outcome.message);
      if (overtaken) firstAt = undefined; // another message holds that very key: take a new time
      if (last) throw conflict('the message', attempt);
    }
    await backoff(attempt);
  }
};
