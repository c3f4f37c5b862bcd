/**
 * The items a conversation becomes (pure): one message item per message and one message group per participant,
 * holding the *other* participant's user fields, sk = time of the last message, message = the last one shortened.
 *
 * Only group items carry `message_group_uuid`: the index `message-group-sk-index` is sparse and must hold the two
 * group items of each conversation and nothing else. The app's stream function queries it by message_group_uuid and
 * rewrites the `sk` of every hit; a message item there would be rewritten too (and collapse into one item).
 */
import { DdbError } from '../errors.js';
import { shorten } from '../text.js';
import { canonicalTimestamp, parseTimestamp } from '../time.js';
import type { SeedConversation, SeedUser } from './files.js';

export type Item = Record<string, string>;

export const conversationItems = (c: SeedConversation, users: readonly SeedUser[], file: string, now = new Date()): { messages: Item[]; groups: Item[] } => {
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
    return {
      pk: `MSG#${c.message_group_uuid}`,
      sk: canonicalTimestamp(at),
      message_uuid: m.message_uuid,
      message: m.message,
      user_uuid: sender.uuid,
      user_display_name: sender.display_name,
      user_handle: sender.handle,
    };
  });
  const last = messages.reduce((x, y) => (y.sk > x.sk ? y : x));
  const group = (me: SeedUser, other: SeedUser): Item => ({
    pk: `GRP#${me.uuid}`,
    sk: last.sk,
    message_group_uuid: c.message_group_uuid,
    message: shorten(last.message, 100),
    user_uuid: other.uuid,
    user_display_name: other.display_name,
    user_handle: other.handle,
  });
  return { messages, groups: [group(a, b), group(b, a)] };
};
