import { describe, expect, it } from 'vitest';
import { getConversation } from '../src/patterns/get-conversation.js';
import { listConversations } from '../src/patterns/list-conversations.js';
import { parseTimestamp } from '../src/time.js';
import { resolveTarget } from '../src/context.js';
import { validateSchema } from '../src/schema/validate.js';
import { count, shorten } from '../src/text.js';

describe('query builders', () => {
  it('get-conversation: newest first, limit, range on sk, no year filter', () => {
    expect(getConversation.toQuery({ table: 't', messageGroupUuid: 'g', limit: 20, since: 'a', until: 'b' })).toEqual({
      TableName: 't',
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :since AND :until',
      ExpressionAttributeValues: { ':pk': 'MSG#g', ':since': 'a', ':until': 'b' },
      ScanIndexForward: false,
      Limit: 20,
      ReturnConsumedCapacity: 'TOTAL',
    });
  });
  it('list-conversations: GRP#uuid newest first', () => {
    expect(listConversations.toQuery({ table: 't', userUuid: 'u', limit: 3 })).toMatchObject({ ExpressionAttributeValues: { ':pk': 'GRP#u' }, ScanIndexForward: false, Limit: 3 });
  });
});

describe('timestamps from other clients', () => {
  it.each([
    ['2026-11-01T10:00:00Z', '2026-11-01T10:00:00.000Z'],
    ['2026-11-01T12:00:00+02:00', '2026-11-01T10:00:00.000Z'],
    ['2026-11-01T10:00:00.123456+00:00', '2026-11-01T10:00:00.123Z'],
    ['2026-11-01 10:00:00', '2026-11-01T10:00:00.000Z'],
    ['2026-11-01', '2026-11-01T00:00:00.000Z'],
  ])('%s', (input, expected) => expect(parseTimestamp(input)?.toISOString()).toBe(expected));
  it('rejects words', () => expect(parseTimestamp('yesterday')).toBeUndefined());
});

describe('target', () => {
  it('is local by default and honours AWS_ENDPOINT_URL_DYNAMODB', () => {
    expect(resolveTarget({}, {})).toMatchObject({ kind: 'local', endpoint: 'http://localhost:8000' });
    expect(resolveTarget({}, { AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:9' })).toMatchObject({ kind: 'local', endpoint: 'http://127.0.0.1:9' });
    expect(resolveTarget({ prod: true }, {})).toMatchObject({ kind: 'aws' });
  });
});

describe('schema validation', () => {
  it('names the path of a key without a type', () => {
    const { problems } = validateSchema({ tables: [{ name: 'abc', attributes: { pk: 'S' }, keys: { partition: 'pk', sort: 'sk' } }] });
    expect(problems[0]).toEqual({ path: 'tables[0].keys.sort', message: 'attribute "sk" has no type — declare it in "attributes"' });
  });
});

describe('renderers', () => {
  it('shortens cells without splitting emoji', () => expect(shorten('ab🥂cdef', 4)).toBe('ab🥂…'));
  it('groups counts as en-US does, without Intl', () => {
    for (const n of [0, 7, 999, 1_000, 12_345, 999_999, 1_000_000, 123_456_789, -1_234, -999, Number.MAX_SAFE_INTEGER, 1.5]) expect(count(n)).toBe(n.toLocaleString('en-US'));
  });
});

describe('start-up: which command module to load', () => {
  it('finds the command past global options and their values, and the one `help` names', async () => {
    const { invokedCommand } = await import('../src/cli.js');
    expect(invokedCommand(['--endpoint-url', 'http://localhost:8123', '-o', 'json', 'seed', '--dir', 'x'])).toBe('seed');
    expect(invokedCommand(['--output=json', '--prod', 'patterns', 'list-conversations'])).toBe('patterns');
    expect(invokedCommand(['help', 'drop'])).toBe('drop');
    expect(invokedCommand(['--help'])).toBeUndefined();
    expect(invokedCommand(['--region', 'eu-west-1'])).toBeUndefined();
  });
});
