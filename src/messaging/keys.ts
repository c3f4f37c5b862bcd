/**
 * The keys of the messaging app's single-table design: a user's message groups live under `GRP#<user uuid>`, a
 * conversation's messages under `MSG#<message_group_uuid>`, and the sparse index `message-group-sk-index`
 * (partition `message_group_uuid`, sort `sk`) holds the two group items of each conversation and nothing else.
 * ddb adds one item the app does not have: a pair marker per two users (create-conversation's race guard).
 */
import type { SchemaFile, TableSchema } from '../schema/format.js';

export const GROUP_INDEX = 'message-group-sk-index';

/** The messaging table of a schema file, whatever its name: the one that declares the group index. */
export const messagingTable = (schema: SchemaFile): TableSchema | undefined => schema.tables.find((t) => t.globalSecondaryIndexes.some((i) => i.name === GROUP_INDEX));

/** The partition of a user's message groups. */
export const groupPk = (user: string): string => `GRP#${user}`;

/** The user a group item belongs to (its partition without the prefix). */
export const groupOwner = (pk: string): string => pk.replace(/^GRP#/, '');

/** The partition of a conversation's messages. */
export const messagePk = (group: string): string => `MSG#${group}`;

/**
 * The key of two users' pair marker: the same whichever user starts the conversation. It holds the group's uuid in
 * `group_uuid` (not message_group_uuid: it stays out of the sparse index).
 */
export const pairKey = (a: string, b: string): { pk: string; sk: string } => {
  const [x, y] = [a, b].sort();
  return { pk: `PAIR#${x}#${y}`, sk: 'PAIR' };
};
