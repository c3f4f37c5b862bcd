/**
 * `ddb patterns cost` against what DynamoDB Local reports consumed for the same calls on the seeded shipped schema.
 * Reads: the pattern's own reply (ReturnConsumedCapacity). Writes: DynamoDB Local does not add up a transaction's
 * items (it reports 6 WCU for any of these), so each action of the transaction the pattern sent (recorded off the wire)
 * is sent again alone to a twin table seeded the same way, with ReturnConsumedCapacity INDEXES: the table units ×2
 * (DynamoDB's transaction rule) plus the index units are what DynamoDB charges for the transaction.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { DeleteCommand, DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { type FaultProxy, startFaultProxy } from './faults/proxy.js';
import { client, uniqueName } from './faults/tables.js';
import { ddb } from './helpers/run.js';
import { shippedSchemaAs } from './helpers/schema.js';

const endpoint = inject('endpoint');
const E = ['--endpoint-url', endpoint];
const TABLE = uniqueName('cost');
const TWIN = uniqueName('cost-twin');
const dir = mkdtempSync(join(tmpdir(), 'ddb-cost-'));
const SCHEMA = shippedSchemaAs(TABLE, dir);
const S = ['--schema', SCHEMA];
const GROUP = '5f12e71c-7f93-4344-8c70-1a94a666713f'; // 120 messages: a call reads 20
const OTHER_GROUP = 'bc970a75-cbac-432f-a287-b2840d1b7528'; // 8 messages
const doc = DynamoDBDocumentClient.from(client(endpoint));

let proxy: FaultProxy;
const transactions: any[] = [];

beforeAll(async () => {
  const twinSchema = shippedSchemaAs(TWIN, mkdtempSync(join(dir, 'twin-')));
  for (const [table, schema] of [[TABLE, SCHEMA], [TWIN, twinSchema]] as const) {
    expect((await ddb([...E, 'schema-load', '--schema', schema])).code).toBe(0);
    expect((await ddb([...E, 'seed', '--table', table])).code).toBe(0);
  }
  proxy = await startFaultProxy(endpoint, { shares: {}, observe: (operation, body) => operation === 'TransactWriteItems' && transactions.push(body) });
});

afterAll(async () => {
  await proxy?.close();
  for (const t of [TABLE, TWIN]) await ddb([...E, 'drop', t, '--yes']);
  rmSync(dir, { recursive: true, force: true });
});

type Estimate = { pattern: string; readUnits: number; writeUnits: number; steps: { lines: string[] }[] };
const estimates = async (...extra: string[]): Promise<Record<string, Estimate>> => {
  const r = await ddb([...E, 'patterns', 'cost', ...S, '-o', 'json', ...extra]);
  expect(r.code, r.stderr).toBe(0);
  return Object.fromEntries(r.json().patterns.map((p: Estimate) => [p.pattern, p]));
};

/** What DynamoDB charges for a transaction: each action sent alone to the twin, table units ×2 plus index units. */
const charged = async (tx: any): Promise<number> => {
  let units = 0;
  for (const action of tx.TransactItems) {
    const [kind, a] = Object.entries(action)[0] as [string, any];
    const out = kind === 'Put'
      ? await doc.send(new PutCommand({ TableName: TWIN, Item: unmarshall(a.Item), ReturnConsumedCapacity: 'INDEXES' }))
      : await doc.send(new DeleteCommand({ TableName: TWIN, Key: unmarshall(a.Key), ReturnConsumedCapacity: 'INDEXES' }));
    const c = out.ConsumedCapacity!;
    units += 2 * (c.Table?.CapacityUnits ?? 0) + Object.values(c.GlobalSecondaryIndexes ?? {}).reduce((n, i) => n + (i.CapacityUnits ?? 0), 0);
  }
  return units;
};

const within10 = (estimate: number, measured: number, what: string) => {
  expect(measured, what).toBeGreaterThan(0);
  expect(Math.abs(estimate - measured) / measured, `${what}: estimated ${estimate}, measured ${measured}`).toBeLessThanOrEqual(0.1);
};

describe('ddb patterns cost against the engine', () => {
  it('--measure: the reads sent for real, the engine\'s read units beside the estimate (before any write here)', async () => {
    const r = await ddb([...E, 'patterns', 'cost', ...S, '--from', 'table', '--measure', '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const patterns = r.json().patterns as { pattern: string; readUnits: number; measured: { readUnits: number; calls: number } }[];
    expect(patterns.map((p) => [p.pattern, p.measured.calls])).toEqual([['get-conversation', 2], ['list-conversations', 3], ['create-message', 2], ['create-conversation', 3]]);
    for (const p of patterns) within10(p.readUnits, p.measured.readUnits, `${p.pattern} measured`);
    const table = await ddb([...E, 'patterns', 'cost', 'get-conversation', ...S, '--from', 'table', '--measure', '--explain']);
    expect(table.stdout).toMatch(/measured: 0.75 RRU a call \(the engine's ConsumedCapacity, average of 2 partition\(s\) read; writes are not sent\)/);
  });

  it('per call within ±10% of what DynamoDB Local reports consumed, from a sample of the table and from the seed alike', async () => {
    const fromTable = await estimates('--from', 'table');
    const fromSeed = await estimates();
    for (const name of Object.keys(fromSeed)) expect([fromTable[name]!.readUnits, fromTable[name]!.writeUnits], name).toEqual([fromSeed[name]!.readUnits, fromSeed[name]!.writeUnits]);

    const P = ['--endpoint-url', proxy.url];
    // A call's estimate is the average over the partitions (calls spread evenly): one call on each, averaged.
    const consumed = async (...args: string[]) => (await ddb([...P, 'patterns', ...args, ...S, '-o', 'json'])).json().ConsumedCapacity.CapacityUnits as number;
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    within10(fromTable['get-conversation']!.readUnits, mean([await consumed('get-conversation', GROUP), await consumed('get-conversation', OTHER_GROUP)]), 'get-conversation RRU');
    within10(fromTable['list-conversations']!.readUnits, mean([await consumed('list-conversations', 'andrewbrown'), await consumed('list-conversations', 'bayko'), await consumed('list-conversations', 'londo')]), 'list-conversations RRU');

    const message = await ddb([...P, 'patterns', 'create-message', GROUP, 'what does this cost?', '--from', 'bayko', '--table', TABLE, '-o', 'json']);
    expect(message.code, message.stderr).toBe(0);
    within10(fromTable['create-message']!.readUnits, message.json().ConsumedCapacity.Query.CapacityUnits, 'create-message RRU');
    within10(fromTable['create-message']!.writeUnits, await charged(transactions.at(-1)), 'create-message WRU');

    // (londo has one group: an empty Query is 0 on DynamoDB Local, though DynamoDB charges it 0.5)
    const conversationNew = await ddb([...P, 'patterns', 'create-conversation', 'londo', 'bayko', 'a first word', '--table', TABLE, '-o', 'json']);
    expect(conversationNew.code, conversationNew.stderr).toBe(0);
    expect(conversationNew.json().existing).toBe(false);
    within10(fromTable['create-conversation']!.readUnits, conversationNew.json().ConsumedCapacity.Query.CapacityUnits, 'create-conversation RRU');
    within10(fromTable['create-conversation']!.writeUnits, await charged(transactions.at(-1)), 'create-conversation WRU');
  });

  it('--explain shows the arithmetic step by step; the month and the money follow from the rate', async () => {
    const r = await ddb([...E, 'patterns', 'cost', 'create-message', ...S, '--rate', 'create-message=2', '--explain']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('create-message (2/s)');
    expect(r.stdout).toMatch(/Delete GRP#\{from\}: \d+ B \(the average GRP# item sized\) → 1 WCU, ×2 in a transaction = 2\n\s+removed from index message-group-sk-index: 1 WCU/);
    expect(r.stdout).toContain('5 action(s): 5 WCU × 2 + 4 index WCU = 14 WRU');
    expect(r.stdout).toContain('2/s × 2,628,000 s a month (730 h) = 5,256,000 calls');
    // 5,256,000 × 14 WRU × $0.625/M + 5,256,000 × 0.5 RRU × $0.125/M = 45.99 + 0.33
    expect(r.stdout).toMatch(/= 73,584,000 WRU × \$0\.625\/M = \$46\.32/);
    const json = await ddb([...E, 'patterns', 'cost', 'create-message', ...S, '--rate', 'create-message=2', '-o', 'json']);
    expect(json.json().total['on-demand']).toBeCloseTo(5_256_000 * 14 * 0.625e-6 + 5_256_000 * 0.5 * 0.125e-6, 6);
  });

  it('the rates in the schema file need no flags; --budget: exit 9 when the month costs more, 0 when not', async () => {
    const over = await ddb([...E, 'patterns', 'cost', ...S, '--budget', '10']);
    expect(over.code).toBe(9);
    expect(over.stderr).toMatch(/the patterns cost \$[\d,.]+ a month on-demand, over the budget of \$10\.00/);
    const under = await ddb([...E, 'patterns', 'cost', ...S, '--budget', '100000', '-o', 'json']);
    expect(under.code, under.stderr).toBe(0);
    expect(under.json().patterns.map((p: { pattern: string; rate: number }) => [p.pattern, p.rate])).toEqual([
      ['get-conversation', 50],
      ['list-conversations', 20],
      ['create-message', 5],
      ['create-conversation', 0.2],
    ]);
  });

  it('refuses a region without prices and a --rate for no pattern: one line, exit 2', async () => {
    const region = await ddb(['--region', 'eu-west-1', 'patterns', 'cost', ...S]);
    expect(region.code).toBe(2);
    expect(region.stderr).toMatch(/no prices for eu-west-1 in ddb's price table \(it has: us-east-1\) — pass --prices FILE/);
    const rate = await ddb(['patterns', 'cost', ...S, '--rate', 'nope=1']);
    expect(rate.code).toBe(2);
    expect(rate.stderr).toMatch(/--rate names no pattern nope/);
  });
});
