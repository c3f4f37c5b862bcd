/**
 * The pure parts of `streams run` and TTL: Lambda's filter patterns, the event record Lambda builds, the TTL rule and
 * clock, how TTL deletions are recognised (DynamoDB Local's own, and ddb's sweeps through the sweep log), and the order in
 * which `streams tail` reads shards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RawRecord } from '../src/aws/streams.js';
import { matches, parsePattern, passes } from '../src/streams/filter.js';
import { parseHandler } from '../src/streams/handler.js';
import { lambdaRecord } from '../src/streams/lambda-event.js';
import { asDynamoDb } from '../src/streams/read-shards.js';
import { shardsToStart } from '../src/streams/tail.js';
import { FIVE_YEARS_SECONDS, isExpired, parseNow } from '../src/ttl/expiry.js';
import { appendSweep, canonicalKey, SweepLog } from '../src/ttl/sweep-log.js';

const dir = mkdtempSync(join(tmpdir(), 'ddb-streams-pure-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const record = (pk: string, extra: Record<string, unknown> = {}) => ({
  eventName: 'INSERT',
  eventSource: 'aws:dynamodb',
  dynamodb: { Keys: { pk: { S: pk } }, NewImage: { pk: { S: pk }, n: { N: '5' }, tags: { SS: ['a', 'b'] }, ...extra }, SizeBytes: 40 },
});

describe('filter criteria (the EventBridge pattern language Lambda uses)', () => {
  const m = (pattern: unknown, r: unknown) => matches(parsePattern(JSON.stringify(pattern)), r);

  it('exact values, prefix, suffix, equals-ignore-case, and any of several rules', () => {
    expect(m({ eventName: ['INSERT'] }, record('MSG#1'))).toBe(true);
    expect(m({ eventName: ['MODIFY', 'REMOVE'] }, record('MSG#1'))).toBe(false);
    expect(m({ dynamodb: { Keys: { pk: { S: [{ prefix: 'MSG#' }] } } } }, record('MSG#1'))).toBe(true);
    expect(m({ dynamodb: { Keys: { pk: { S: [{ prefix: 'MSG#' }] } } } }, record('GRP#1'))).toBe(false);
    expect(m({ dynamodb: { Keys: { pk: { S: [{ suffix: '#1' }, 'x'] } } } }, record('GRP#1'))).toBe(true);
    expect(m({ eventName: [{ 'equals-ignore-case': 'insert' }] }, record('a'))).toBe(true);
  });

  it('anything-but, numeric ranges on JSON numbers only, exists, and arrays matching any element', () => {
    expect(m({ dynamodb: { Keys: { pk: { S: [{ 'anything-but': ['a', 'b'] }] } } } }, record('c'))).toBe(true);
    expect(m({ dynamodb: { Keys: { pk: { S: [{ 'anything-but': { prefix: 'GRP#' } }] } } } }, record('GRP#1'))).toBe(false);
    expect(m({ dynamodb: { SizeBytes: [{ numeric: ['>', 10, '<=', 40] }] } }, record('a'))).toBe(true);
    expect(m({ dynamodb: { SizeBytes: [{ numeric: ['<', 40] }] } }, record('a'))).toBe(false);
    // DynamoDB numbers are strings in the record ({"N": "5"}): numeric matching does not see them, as in Lambda
    expect(m({ dynamodb: { NewImage: { n: { N: [{ numeric: ['=', 5] }] } } } }, record('a'))).toBe(false);
    expect(m({ dynamodb: { NewImage: { n: { N: ['5'] } } } }, record('a'))).toBe(true);
    expect(m({ dynamodb: { NewImage: { message_group_uuid: { S: [{ exists: true }] } } } }, record('a'))).toBe(false);
    expect(m({ dynamodb: { NewImage: { message_group_uuid: { S: [{ exists: false }] } } } }, record('a'))).toBe(true);
    expect(m({ dynamodb: { OldImage: { x: { S: [{ exists: false }] } } } }, record('a'))).toBe(true); // no OldImage at all
    expect(m({ dynamodb: { NewImage: { tags: { SS: ['b'] } } } }, record('a'))).toBe(true);
    expect(m({ missing: [{ 'anything-but': 'x' }] }, record('a'))).toBe(false); // a missing field matches no value rule
  });

  it('several patterns: a record passes when any matches; none: every record passes', () => {
    const ps = [parsePattern('{"eventName":["REMOVE"]}'), parsePattern('{"dynamodb":{"Keys":{"pk":{"S":["a"]}}}}')];
    expect([record('a'), record('b')].map((r) => passes(ps, r))).toEqual([true, false]);
    expect(passes([], record('b'))).toBe(true);
  });

  it('refuses what Lambda would refuse, naming the place', () => {
    expect(() => parsePattern('{"eventName": "INSERT"}')).toThrow(/eventName must be a JSON object with fields/);
    expect(() => parsePattern('{"eventName": []}')).toThrow(/eventName: a list of rules may not be empty/);
    expect(() => parsePattern('{"a": [{"numeric": [">", "1"]}]}')).toThrow(/a\[0\]: "numeric" takes/);
    expect(() => parsePattern('{"a": [{"wildcard": "x*"}]}')).toThrow(/unknown operator "wildcard"/);
    expect(() => parsePattern('{nope')).toThrow(/not JSON/);
  });
});

describe("Lambda's DynamoDB event record", () => {
  it('keeps the images in DynamoDB JSON (binary as base64), the time in epoch seconds, and adds the stream ARN', () => {
    const raw = {
      eventID: 'e1',
      eventName: 'MODIFY',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'ddblocal',
      dynamodb: {
        ApproximateCreationDateTime: new Date('2026-12-05T10:00:00Z'),
        Keys: { pk: { S: 'a' } },
        NewImage: { pk: { S: 'a' }, b: { B: new Uint8Array([1, 2, 255]) }, n: { N: '12345678901234567890.5' }, m: { M: { l: { L: [{ BS: [new Uint8Array([0])] }, { NULL: true }] } } } },
        OldImage: { pk: { S: 'a' } },
        SequenceNumber: '000000000000000000007',
        SizeBytes: 30,
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    } as unknown as RawRecord;
    expect(lambdaRecord(raw, 'arn:stream')).toEqual({
      eventID: 'e1',
      eventName: 'MODIFY',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'ddblocal',
      dynamodb: {
        ApproximateCreationDateTime: 1796464800,
        Keys: { pk: { S: 'a' } },
        NewImage: { pk: { S: 'a' }, b: { B: 'AQL/' }, n: { N: '12345678901234567890.5' }, m: { M: { l: { L: [{ BS: ['AA=='] }, { NULL: true }] } } } },
        OldImage: { pk: { S: 'a' } },
        SequenceNumber: '000000000000000000007',
        SizeBytes: 30,
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
      eventSourceARN: 'arn:stream',
    });
  });
});

describe('TTL', () => {
  const now = 1_800_000_000;
  it('expires a Number in the past, up to five years back; nothing else', () => {
    expect(isExpired({ N: String(now) }, now)).toBe(true);
    expect(isExpired({ N: `${now - 1}.5` }, now)).toBe(true);
    expect(isExpired({ N: String(now - FIVE_YEARS_SECONDS) }, now)).toBe(true);
    expect(isExpired({ N: String(now - FIVE_YEARS_SECONDS - 1) }, now)).toBe(false);
    expect(isExpired({ N: String(now + 1) }, now)).toBe(false);
    expect(isExpired({ S: String(now - 1) }, now)).toBe(false);
    expect(isExpired({ NS: [String(now - 1)] }, now)).toBe(false);
    expect(isExpired(undefined, now)).toBe(false);
  });

  it('--now: ISO 8601, epoch seconds, or a time from now', () => {
    const base = new Date('2026-12-05T10:00:00Z');
    expect(parseNow('2030-01-01T00:00:00Z', base)?.toISOString()).toBe('2030-01-01T00:00:00.000Z');
    expect(parseNow('1893456000', base)?.toISOString()).toBe('2030-01-01T00:00:00.000Z');
    expect(parseNow('+90s', base)?.toISOString()).toBe('2026-12-05T10:01:30.000Z');
    expect(parseNow('+2h', base)?.toISOString()).toBe('2026-12-05T12:00:00.000Z');
    expect(parseNow('+7d', base)?.toISOString()).toBe('2026-12-12T10:00:00.000Z');
    expect(parseNow('tomorrow', base)).toBeUndefined();
    expect(parseNow('2030-13-45', base)).toBeUndefined();
  });

  it("DynamoDB Local's own TTL record (UNKNOWN_TO_SDK_VERSION, no identity) becomes DynamoDB's REMOVE by the service", () => {
    const local = { eventName: 'UNKNOWN_TO_SDK_VERSION', dynamodb: { Keys: { pk: { S: 'a' } }, OldImage: { pk: { S: 'a' } } } } as unknown as RawRecord;
    expect(asDynamoDb(local, 't')).toMatchObject({ eventName: 'REMOVE', userIdentity: { Type: 'Service', PrincipalId: 'dynamodb.amazonaws.com' } });
    const user = { eventName: 'REMOVE', dynamodb: { Keys: { pk: { S: 'a' } } } } as unknown as RawRecord;
    expect(asDynamoDb(user, 't')).toBe(user);
  });

  it("ddb's sweeps: a REMOVE of the key logged, within two minutes, marks one record; an undone delete marks none", () => {
    const path = join(dir, 'ttl-sweeps-1.ndjson');
    const at = new Date('2026-12-05T10:00:30Z');
    const key = { sk: { S: 'x' }, pk: { B: new Uint8Array([1]) } };
    appendSweep(path, { table: 't', key: canonicalKey({ pk: { B: 'AQ==' }, sk: { S: 'x' } }), at: at.toISOString() });
    appendSweep(path, { table: 't', key: canonicalKey({ pk: { S: 'gone-by-then' } }), at: at.toISOString() });
    appendSweep(path, { table: 't', key: canonicalKey({ pk: { S: 'gone-by-then' } }), at: at.toISOString(), undo: true });
    const log = new SweepLog(path);
    const minute = new Date('2026-12-05T10:00:00Z'); // DynamoDB Local stamps records to the minute
    expect(log.isSweep('t', 'REMOVE', key, minute)).toBe(true);
    expect(log.isSweep('t', 'REMOVE', key, minute)).toBe(false); // one deletion, one record
    expect(new SweepLog(path).isSweep('other', 'REMOVE', key, minute)).toBe(false);
    expect(new SweepLog(path).isSweep('t', 'REMOVE', key, new Date('2026-12-05T10:05:00Z'))).toBe(false);
    expect(new SweepLog(path).isSweep('t', 'INSERT', key, minute)).toBe(false);
    expect(new SweepLog(path).isSweep('t', 'REMOVE', { pk: { S: 'gone-by-then' } }, minute)).toBe(false);
    expect(new SweepLog(undefined).isSweep('t', 'REMOVE', key, minute)).toBe(false);
  });
});

describe('handlers', () => {
  it('FILE[:FUNCTION], with the runtime from the extension and Lambda’s default function names', () => {
    const here = new URL('.', import.meta.url).pathname;
    expect(parseHandler('fixtures/streams/record.mjs', here)).toMatchObject({ runtime: 'node', name: 'handler' });
    expect(parseHandler('fixtures/streams/cruddur.cjs:moveGroups', here)).toMatchObject({ runtime: 'node', name: 'moveGroups' });
    expect(parseHandler('../examples/cruddur-stream/lambda_function.py', here)).toMatchObject({ runtime: 'python', name: 'lambda_handler' });
    expect(() => parseHandler('fixtures/streams/record.mjs:not-a-name', here)).toThrow(/is not FILE\[:FUNCTION\]/);
  });
});

describe('streams tail', () => {
  it('follows shard splits: children only after their parent is read to its end', () => {
    const shard = (id: string, parent?: string, closed = false) => ({ ShardId: id, ...(parent ? { ParentShardId: parent } : {}), SequenceNumberRange: { StartingSequenceNumber: '1', ...(closed ? { EndingSequenceNumber: '9' } : {}) } });
    const shards = [shard('p', undefined, true), shard('c1', 'p'), shard('c2', 'p'), shard('gone-parent-child', 'trimmed')];
    const known = new Map<string, 'reading' | 'done'>();
    expect(shardsToStart(shards, known, { first: true, fromStart: true })).toEqual([
      { shardId: 'p', type: 'TRIM_HORIZON' },
      { shardId: 'gone-parent-child', type: 'TRIM_HORIZON' },
    ]);
    known.set('p', 'reading').set('gone-parent-child', 'reading');
    expect(shardsToStart(shards, known, { first: false, fromStart: true })).toEqual([]);
    known.set('p', 'done');
    expect(shardsToStart(shards, known, { first: false, fromStart: true }).map((s) => s.shardId)).toEqual(['c1', 'c2']);
    // From now: closed shards hold only the past; open ones start at LATEST.
    const fresh = new Map<string, 'reading' | 'done'>();
    expect(shardsToStart(shards, fresh, { first: true, fromStart: false }).map((s) => `${s.shardId} ${s.type}`)).toEqual(['c1 LATEST', 'c2 LATEST', 'gone-parent-child LATEST']);
    expect(fresh.get('p')).toBe('done');
  });
});
