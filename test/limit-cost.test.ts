/**
 * `--limit` never costs more than reading without it: with a filter, query, scan and sql ask for full pages instead
 * of pages of the items still missing (Limit counts items read, before the filter), and the NextToken still resumes
 * exactly after the last item shown. Judged by a recording proxy in front of the engine: the requests sent and the
 * RCU DynamoDB Local reports.
 */
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { BatchWriteItemCommand } from '@aws-sdk/client-dynamodb';
import { client, createTable, dropTable, uniqueName } from './faults/tables.js';
import { startFaultProxy, type FaultProxy } from './faults/proxy.js';
import { ddb } from './helpers/run.js';

const endpoint = inject('endpoint');
const db = client(endpoint);
const table = uniqueName('limit');
const N = 2_000;
let proxy: FaultProxy;
const calls: { op: string; rcu: number }[] = [];
const record = (op: string) => (body: { ConsumedCapacity?: { CapacityUnits?: number } }) => {
  calls.push({ op, rcu: body.ConsumedCapacity?.CapacityUnits ?? 0 });
  return body;
};

beforeAll(async () => {
  await createTable(db, table);
  const pad = 'x'.repeat(150);
  const items = Array.from({ length: N }, (_, i) => ({ pk: { S: 'P' }, sk: { S: String(i).padStart(5, '0') }, v: { N: String(i) }, pad: { S: pad } }));
  for (let i = 0; i < items.length; i += 25) {
    await db.send(new BatchWriteItemCommand({ RequestItems: { [table]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
  }
  proxy = await startFaultProxy(endpoint, { shares: {}, rewrite: { Query: record('Query'), Scan: record('Scan'), ExecuteStatement: record('ExecuteStatement') } });
}, 60_000);
afterAll(async () => {
  await proxy.close();
  await dropTable(db, table);
});

/** ddb through the recording proxy: its output, and the reads it sent with the RCU they cost. */
const measured = async (args: string[]) => {
  calls.length = 0;
  const r = await ddb(['--endpoint-url', proxy.url, ...args, '--output', 'json']);
  expect(r.code, r.stderr).toBe(0);
  const reads = calls.filter((c) => c.op !== 'DescribeTable');
  return { json: r.json(), requests: reads.length, rcu: reads.reduce((a, c) => a + c.rcu, 0) };
};

const families: [string, (filter: string | undefined) => string[]][] = [
  ['query', (f) => ['query', table, 'P', '--limit', '100000', ...(f ? ['--filter', f] : [])]],
  ['scan', (f) => ['scan', table, ...(f ? ['--filter', f] : [])]],
  ['sql', (f) => ['sql', `SELECT * FROM "${table}" WHERE pk = 'P'${f ? ` AND ${f}` : ''}`, '--limit', '100000']],
];

describe('--limit with a filter', () => {
  it.each(families)('%s: a filter that matches nothing costs no more with --limit 1 than without', async (_, args) => {
    const without = await measured(args('v < 0'));
    const limited = await measured([...args('v < 0'), '--limit', '1']);
    expect(limited.json.Items).toEqual([]);
    expect(limited.requests).toBeLessThanOrEqual(without.requests);
    expect(limited.rcu).toBeLessThanOrEqual(without.rcu);
  }, 60_000);

  it.each(families)('%s: pages of --limit 45 through NextToken give exactly the filtered items, each once', async (_, args) => {
    const filter = 'v >= 1500';
    const all = (await measured(args(filter))).json.Items.map((i: { sk: string }) => i.sk);
    expect(all).toHaveLength(500);
    const seen: string[] = [];
    let token: string | undefined;
    for (let pages = 0; pages < 200; pages++) {
      const page = await measured([...args(filter), '--limit', '45', ...(token ? ['--starting-token', token] : [])]);
      seen.push(...page.json.Items.map((i: { sk: string }) => i.sk));
      token = page.json.NextToken;
      if (!token) break;
      if (pages === 0) expect(page.json.Items).toHaveLength(45);
    }
    expect(seen).toEqual(all);
  }, 120_000);

  it('a projection without the key still resumes exactly (the key is read, and left out of the items)', async () => {
    const first = await measured(['query', table, 'P', '--filter', 'v >= 10', '--projection', 'v', '--limit', '2']);
    expect(first.json.Items).toEqual([{ v: 10 }, { v: 11 }]);
    const next = await measured(['query', table, 'P', '--filter', 'v >= 10', '--projection', 'v', '--limit', '2', '--starting-token', first.json.NextToken]);
    expect(next.json.Items).toEqual([{ v: 12 }, { v: 13 }]);
  });
});
