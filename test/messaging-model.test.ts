/**
 * The messaging model's rules hold wherever its items are built: the seed files, a generated load, and the write
 * patterns give a group item the same shortened copy of the last message (pure: no engine).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GROUP_MESSAGE_CHARS, type GroupItem, type MessageItem } from '../src/messaging/items.js';
import { messageTransaction } from '../src/patterns/create-message.js';
import { generateItems } from '../src/seed/generate.js';
import { conversationItems } from '../src/seed/items.js';

const users = JSON.parse(readFileSync(new URL('../seed/users.json', import.meta.url), 'utf8')) as { uuid: string; handle: string; display_name: string }[];
const [a, b] = users as [(typeof users)[0], (typeof users)[0]];
const chars = (s: string | undefined) => [...(s ?? '')].length;

/** What `ddb patterns create-message` writes on a group item for this text (the oracle the seed must agree with). */
const createdGroupMessage = (text: string): string | undefined => {
  const old: GroupItem = { pk: `GRP#${a.uuid}`, sk: '2020-01-01T00:00:00.000Z', message_group_uuid: 'g', user_uuid: b.uuid };
  const message = { pk: 'MSG#g', sk: '2020-01-02T00:00:00.000Z', message_uuid: 'm', message: text, user_uuid: a.uuid } as MessageItem;
  const put = messageTransaction('t', [old], message).TransactItems!.find((t) => t.Put && t.Put.Item !== message);
  return put?.Put?.Item?.message as string | undefined;
};

describe('the group item\'s copy of the last message', () => {
  const long = `${'a long last message 🥂 '.repeat(8)}the end`;

  it('is shortened to GROUP_MESSAGE_CHARS when seeded, as create-message shortens it', () => {
    const conversation = {
      message_group_uuid: 'g',
      participants: [a.handle, b.handle] as [string, string],
      messages: [
        { created_at: '2020-01-01T00:00:00Z', from: a.handle, message_uuid: 'm1', message: 'hi' },
        { created_at: '2020-01-02T00:00:00Z', from: b.handle, message_uuid: 'm2', message: long },
      ],
    };
    const { messages, groups } = conversationItems(conversation, users, 'conversations/x.json');
    expect(chars(long)).toBeGreaterThan(GROUP_MESSAGE_CHARS);
    expect(messages[1]!.message).toBe(long);
    expect(groups).toHaveLength(2);
    for (const g of groups) {
      expect(chars(g.message)).toBe(GROUP_MESSAGE_CHARS);
      expect(g.message).toBe(createdGroupMessage(long));
    }
  });

  it('is shortened the same way in a generated load (some generated messages are longer than that)', () => {
    const items = [...generateItems({ messages: 400, conversations: 200, randomSeed: 5, users })];
    const texts = new Map(items.filter((i) => i.pk.startsWith('MSG#')).map((m) => [`${m.pk.slice(4)} ${m.sk}`, m.message as string]));
    const groups = items.filter((i): i is GroupItem => i.pk.startsWith('GRP#'));
    expect(groups).toHaveLength(400);
    const shortened = groups.filter((g) => g.message !== texts.get(`${g.message_group_uuid} ${g.sk}`));
    expect(shortened.length).toBeGreaterThan(0);
    for (const g of groups) {
      const text = texts.get(`${g.message_group_uuid} ${g.sk}`)!;
      expect(chars(g.message)).toBeLessThanOrEqual(GROUP_MESSAGE_CHARS);
      expect(g.message).toBe(createdGroupMessage(text));
    }
  });
});
