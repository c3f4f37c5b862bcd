/**
 * The items a seed conversation becomes (pure): one message item per message and one message group per participant,
 * at the time of the last message (the model's rules: src/messaging/items.ts).
 */
import { DdbError } from '../errors.js';
import { type GroupItem, groupItemsFor, messageItem, type MessageItem } from '../messaging/items.js';
import { canonicalTimestamp, parseTimestamp } from '../time.js';
import type { SeedUser } from '../messaging/users-file.js';
import type { SeedConversation } from './files.js';

/** An item of the messaging model that the seed writes. */
export type Item = MessageItem | GroupItem;

export const conversationItems = (c: SeedConversation, users: readonly SeedUser[], file: string, now = new Date()): { messages: MessageItem[]; groups: GroupItem[] } => {
  const byHandle = new Map(users.map((u) => [u.handle, u]));
  const who = (handle: string, at: string): SeedUser => {
    const u = byHandle.get(handle.replace(/^@/, ''));
    if (!u) throw new DdbError('input.invalid', `${file}: ${at}: no user "${handle}" in users.json`, { suggestion: 'add the user to users.json' });
    return u;
  };
  const [a, b] = [who(c.participants[0], 'participants[0]'), who(c.participants[1], 'participants[1]')];
  const messages = c.messages.map((m, i) => {
    const sender = who(m.from, `messages[${i}].from`);
    const at = parseTimestamp(m.created_at) as Date;
    if (at > now) throw new DdbError('input.invalid', `${file}: messages[${i}].created_at ${m.created_at} is in the future`, { suggestion: 'seed data must be dated in the past' });
    return messageItem(c.message_group_uuid, canonicalTimestamp(at), m.message_uuid, m.message, sender);
  });
  const last = messages.reduce((x, y) => (y.sk > x.sk ? y : x));
  return { messages, groups: groupItemsFor(c.message_group_uuid, a, b, last) };
};
