/** create-message's pure parts (pattern C): the time a new message takes, its transaction, and the group items it reads (no engine). */
import { describe, expect, it } from 'vitest';
import type { GroupItem } from '../src/messaging/items.js';
import { inspectGroups, messageTransaction, nextMessageTime } from '../src/patterns/create-message.js';

describe('create-message (pattern C), pure', () => {
  const group = (pk: string, sk: string, other: string): GroupItem => ({ pk, sk, message_group_uuid: 'g', message: 'm', user_uuid: other, user_handle: other });

  it('the message time moves the group forward: now, or its sk + 1 ms when the clock is behind', () => {
    expect(nextMessageTime(new Date('2026-11-01T10:00:00.000Z'), [{ sk: '2026-10-01T00:00:00.000Z' }])).toBe('2026-11-01T10:00:00.000Z');
    expect(nextMessageTime(new Date('2026-11-01T10:00:00.000Z'), [{ sk: '2026-11-01T10:00:00.000Z' }, { sk: '2026-11-01T09:00:00.000Z' }])).toBe('2026-11-01T10:00:00.001Z');
    expect(nextMessageTime(new Date('2026-11-01T10:00:00.000Z'), [{ sk: '2026-12-01T00:00:00.000Z' }])).toBe('2026-12-01T00:00:00.001Z');
  });

  it('a group item whose sk does not change is one conditional Put (a transaction touches an item once)', () => {
    const at = '2026-11-01T10:00:00.000Z';
    const tx = messageTransaction('t', [group('GRP#a', at, 'b'), group('GRP#b', '2026-10-01T00:00:00.000Z', 'a')], { pk: 'MSG#g', sk: at, message_uuid: 'u', message: 'hi', user_uuid: 'a' });
    expect(tx.TransactItems!.map((t) => `${Object.keys(t)[0]} ${(t.Put?.Item ?? t.Delete?.Key)!.pk} ${(t.Put ?? t.Delete)!.ConditionExpression}`)).toEqual([
      'Put MSG#g attribute_not_exists(pk)',
      'Put GRP#a attribute_exists(pk)',
      'Delete GRP#b attribute_exists(pk)',
      'Put GRP#b attribute_not_exists(pk)',
    ]);
  });

  it('reads the group items: participants, outsiders, a group the index shows half-written', () => {
    expect(inspectGroups([], 'a').kind).toBe('none');
    expect(inspectGroups([group('GRP#a', '1', 'b'), group('GRP#b', '1', 'a')], 'c')).toEqual({ kind: 'outsider', participants: ['@a', '@b'] });
    expect(inspectGroups([group('GRP#a', '1', 'b'), group('GRP#a', '2', 'b'), group('GRP#b', '2', 'a')], 'a').kind).toBe('unsettled');
    expect(inspectGroups([group('GRP#a', '1', 'b'), group('GRP#b', '1', 'a')], 'b')).toMatchObject({ kind: 'ok', mine: { pk: 'GRP#b' }, theirs: { pk: 'GRP#a' } });
  });
});
