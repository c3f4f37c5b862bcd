/**
 * The items of the messaging model, built here only (seed, generated loads, create-message, create-conversation):
 *
 * - a message: `pk = MSG#<group>`, `sk = <created_at>`, the text and the sender's user fields. It never carries
 *   `message_group_uuid`: the index is sparse, and the app's stream function rewrites the `sk` of every index hit,
 *   so a message there would be rewritten too (and collapse into one item).
 * - a message group, one per participant: `pk = GRP#<owner>`, `sk = <last message time>`, `message_group_uuid`, the
 *   last message shortened to GROUP_MESSAGE_CHARS, and the *other* participant's user fields.
 */
import { shorten } from '../text.js';
import { groupPk, messagePk, pairKey } from './keys.js';
import type { User } from './users.js';

/** Group items hold the last message shortened to this many characters. */
export const GROUP_MESSAGE_CHARS = 100;

/** A group item's copy of the last message. */
export const groupMessage = (text: string): string => shorten(text, GROUP_MESSAGE_CHARS);

export interface MessageItem {
  pk: string;
  sk: string;
  message_uuid: string;
  message: string;
  user_uuid: string;
  user_display_name?: string;
  user_handle?: string;
  /** never on a message: see the header */
  message_group_uuid?: never;
  [attribute: string]: unknown;
}

/** (a type, not an interface: an item is a plain record wherever one is written) */
export type GroupItem = {
  pk: string;
  sk: string;
  message_group_uuid: string;
  message?: string;
  user_uuid: string;
  user_display_name?: string;
  user_handle?: string;
};

export const messageItem = (group: string, at: string, messageUuid: string, text: string, sender: User): MessageItem => ({
  pk: messagePk(group),
  sk: at,
  message_uuid: messageUuid,
  message: text,
  user_uuid: sender.uuid,
  user_display_name: sender.display_name,
  user_handle: sender.handle,
});

/**
 * `owner`'s group item of conversation `group`, naming `other`, at the time of its last message. `last.message`
 * absent: an item whose text is not known (a plan's placeholder for what a read returns).
 */
export const groupItem = (group: string, owner: string, other: User, last: { sk: string; message?: string }): GroupItem => ({
  pk: groupPk(owner),
  sk: last.sk,
  message_group_uuid: group,
  ...(last.message !== undefined ? { message: groupMessage(last.message) } : {}),
  user_uuid: other.uuid,
  user_display_name: other.display_name,
  user_handle: other.handle,
});

/** A group item moved to a newer message: its time and its text, the rest as it was. */
export const movedGroup = (old: GroupItem, message: Pick<MessageItem, 'sk' | 'message'>): GroupItem => ({ ...old, sk: message.sk, message: groupMessage(message.message) });

/** Both participants' group items of a conversation whose last message is `last`. */
export const groupItemsFor = (group: string, a: User, b: User, last: Pick<MessageItem, 'sk' | 'message'>): [GroupItem, GroupItem] => [
  groupItem(group, a.uuid, b, last),
  groupItem(group, b.uuid, a, last),
];

/** The pair marker of two users (see ./keys.ts pairKey), created with their conversation. */
export const pairMarker = (a: string, b: string, group: string, at: string) => ({ ...pairKey(a, b), group_uuid: group, created_at: at });
