/**
 * Access pattern D, create-conversation: two users' first message. One TransactWriteItems of 4 Puts, each with
 * attribute_not_exists(pk): the pair marker, the message, and both group items (sk = the message's time).
 *
 * Two users have at most one conversation. A read first (Query GRP#<from> filtered on user_uuid = <to>) finds one
 * that already exists — then the message is added to it (pattern C) instead. But two creators at once both read
 * "none", and random group uuids and time-keyed group items never collide, so the read alone cannot stop a second
 * conversation. The pair marker can: one item per pair of users, pk = PAIR#<lower uuid>#<higher uuid>, sk = PAIR,
 * holding the group's uuid in `group_uuid` (not message_group_uuid: it stays out of the sparse index). Its Put's
 * condition lets exactly one creator win; the others are cancelled, read the marker and add their message to the
 * winner's conversation. Conversations that ddb did not create (the seed, the app) have no marker: the read finds them.
 */
import { randomUUID } from 'node:crypto';
import type { GetCommandInput, TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Dynamo } from '../aws/dynamo.js';
import { addCapacity, queryUpTo } from '../reading/query.js';
import { DdbError } from '../errors.js';
import { type GroupItem, groupItemsFor, messageItem, type MessageItem, pairMarker } from '../messaging/items.js';
import { pairKey } from '../messaging/keys.js';
import type { KnownUser } from '../messaging/users.js';
import { canonicalTimestamp } from '../time.js';
import { createMessage, nextMessageTime } from './create-message.js';
import { groupBetweenQuery } from './find-group.js';
import { cancelledFor, conflict, defaultBackoff, isRetryable, MAX_WRITE_ATTEMPTS, type RetryOptions, type WriteCapacity } from './transact.js';

/** The read of a lost race (pure): the winner's pair marker, strongly consistent. */
export const pairMarkerRead = (table: string, a: string, b: string): GetCommandInput & { Key: { pk: string; sk: string } } => ({
  TableName: table,
  Key: pairKey(a, b),
  ConsistentRead: true,
  ReturnConsumedCapacity: 'TOTAL',
});

/** The one TransactWriteItems (pure): marker, message, and both group items, each only if absent. */
export const conversationTransaction = (table: string, group: string, from: KnownUser, to: KnownUser, message: MessageItem): TransactWriteCommandInput => {
  const absent = 'attribute_not_exists(pk)';
  const items = [pairMarker(from.uuid, to.uuid, group, message.sk), message, ...groupItemsFor(group, from, to, message)];
  return {
    TransactItems: items.map((Item) => ({ Put: { TableName: table, Item, ConditionExpression: absent } })),
    ReturnConsumedCapacity: 'TOTAL',
  };
};

export interface CreateConversationInput {
  table: string;
  from: KnownUser;
  to: KnownUser;
  text: string;
}

export interface CreateConversationResult {
  table: string;
  group: string;
  /** the users already had a conversation: the message was added to it */
  existing: boolean;
  from: KnownUser;
  to: KnownUser;
  item: MessageItem;
  attempts: number;
  capacity: WriteCapacity;
}

export const createConversation = async (db: Dynamo, input: CreateConversationInput, opts: RetryOptions = {}): Promise<CreateConversationResult> => {
  const { table, from, to } = input;
  const maxAttempts = opts.maxAttempts ?? MAX_WRITE_ATTEMPTS;
  const backoff = opts.backoff ?? defaultBackoff;
  const now = opts.now ?? (() => new Date());

  const read = await queryUpTo(db, groupBetweenQuery(table, from.uuid, to.uuid));
  const addTo = async (group: string, groupExists: boolean, extra: Pick<WriteCapacity, 'GetItem'> = {}): Promise<CreateConversationResult> => {
    const r = await createMessage(db, { table, group, sender: from, senderLabel: `@${from.handle}`, text: input.text }, { ...opts, groupExists });
    const capacity = { ...r.capacity, Query: addCapacity(read.ConsumedCapacity, r.capacity.Query), ...extra };
    return { table, group, existing: true, from, to, item: r.item, attempts: r.attempts, capacity };
  };

  const found = read.Items[0] as GroupItem | undefined;
  if (found) return addTo(found.message_group_uuid, false);

  const { perform } = await import('../aws/perform.js');
  const group = randomUUID();
  const messageUuid = randomUUID();
  let tried: string | undefined;
  for (let attempt = 1; ; attempt++) {
    // never the time of a failed attempt again: a group item of another conversation of one of them may hold it
    const at = tried ? nextMessageTime(now(), [{ sk: tried }]) : canonicalTimestamp(now());
    tried = at;
    const message = messageItem(group, at, messageUuid, input.text, from);
    const outcome = await perform(db, { api: 'TransactWriteItems', input: conversationTransaction(table, group, from, to, message) });
    if (outcome.ok) return { table, group, existing: false, from, to, item: message, attempts: attempt, capacity: { Query: read.ConsumedCapacity, TransactWriteItems: outcome.output.ConsumedCapacity } };
    if (!isRetryable(outcome.reasons)) throw cancelledFor(outcome.reasons, outcome.message);
    if (outcome.reasons[0] === 'ConditionalCheckFailed') {
      // Someone created the conversation since the read: its marker names the group.
      const read = pairMarkerRead(table, from.uuid, to.uuid);
      const key = read.Key;
      const { Item: marker, ConsumedCapacity } = await perform(db, { api: 'GetItem', input: { ...read, Key: { pk: { S: key.pk }, sk: { S: key.sk } } } });
      const markerGroup = marker?.group_uuid?.S;
      if (markerGroup) {
        try {
          return await addTo(markerGroup, true, ConsumedCapacity ? { GetItem: ConsumedCapacity } : {});
        } catch (error) {
          if (error instanceof DdbError && error.code === 'item.notFound') {
            throw new DdbError('item.notFound', `the pair marker ${key.pk} names message group ${markerGroup}, which has no group items in ${table}; nothing was written`, {
              suggestion: `delete the marker item (pk ${key.pk}, sk ${key.sk}) if that conversation was deleted on purpose, then run the command again`,
            });
          }
          throw error;
        }
      }
    }
    if (attempt >= maxAttempts) throw conflict('the conversation', attempt);
    await backoff(attempt);
  }
};
