/**
 * Plans DynamoDB accepts, in an order it accepts, against DynamoDB Local: around the 20-index limit, a global index
 * key attribute's type change (remove and add back), concurrent applies that converge, billing left out (not managed);
 * and the schema file's own checks: every limit DynamoDB would refuse at apply is refused before anything is sent, each
 * problem with the expected type, the value found, and its line and column; jsonc and a BOM read.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DescribeTableCommand, DescribeTimeToLiveCommand, type GlobalSecondaryIndex } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it, inject } from 'vitest';
import { ddb } from './helpers/run.js';
import { client, dropTable } from './faults/tables.js';

const endpoint = inject('endpoint');
const E = ['--endpoint-url', endpoint];
const db = client(endpoint);
const dir = mkdtempSync(join(tmpdir(), 'ddb-limits-'));
const created: string[] = [];

afterAll(async () => {
  for (const name of created) await dropTable(db, name);
  db.destroy();
});

const fresh = (prefix: string): string => {
  const name = `${prefix}-${randomUUID().slice(0, 8)}`;
  created.push(name);
  return name;
};

const write = (content: unknown, raw = false): string => {
  const file = join(dir, `${randomUUID()}.json`);
  writeFileSync(file, raw ? (content as string) : JSON.stringify(content, null, 2));
  return file;
};

const planOf = async (file: string) => {
  const r = await ddb([...E, '-o', 'json', 'schema-load', '--plan', '--schema', file]);
  return { code: r.code, stderr: r.stderr, steps: r.code === 6 || r.code === 0 ? (r.json().tables[0].steps as { change: string; kind: string }[]) : [] };
};

const gsi = (name: string, partition: string): GlobalSecondaryIndex => ({ IndexName: name, KeySchema: [{ AttributeName: partition, KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' } });
const describeTable = async (name: string) => (await db.send(new DescribeTableCommand({ TableName: name }))).Table!;

describe('plans DynamoDB accepts', () => {
  it('a table at 20 global indexes: replacing one removes the old one first, and the apply succeeds', async () => {
    const name = fresh('gsi20');
    const names = Array.from({ length: 20 }, (_, i) => `g${String(i).padStart(2, '0')}`);
    await db.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'a', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        GlobalSecondaryIndexes: names.map((n) => gsi(n, 'a')),
      }),
    );
    const wanted = ['gnew', ...names.slice(1)];
    const file = write({
      tables: [{ name, attributes: { pk: 'S', a: 'S' }, keys: { partition: 'pk' }, globalSecondaryIndexes: wanted.map((n) => ({ name: n, keys: { partition: 'a' }, projection: { type: 'KEYS_ONLY' } })) }],
    });
    const plan = await planOf(file);
    expect(plan.code, plan.stderr).toBe(6);
    expect(plan.steps.map((s) => s.change.split(' ').slice(0, 3).join(' '))).toEqual(['remove index g00', 'add index gnew']);
    const applied = await ddb([...E, 'schema-load', '--schema', file, '--yes']);
    expect(applied.code, applied.stderr).toBe(0);
    expect((await describeTable(name)).GlobalSecondaryIndexes!.map((i) => i.IndexName).sort()).toEqual(wanted.sort());
  });

  it("a global index key attribute's type changes: the index is removed and added back (slow), not refused", async () => {
    const name = fresh('retype');
    const table = (type: string) => ({
      name,
      attributes: { pk: 'S', score: type },
      keys: { partition: 'pk' },
      globalSecondaryIndexes: [{ name: 'by-score', keys: { partition: 'score' } }],
    });
    expect((await ddb([...E, 'schema-load', '--schema', write({ tables: [table('S')] })])).code).toBe(0);
    const file = write({ tables: [table('N')] });
    const plan = await planOf(file);
    expect(plan.code, plan.stderr).toBe(6);
    expect(plan.steps.map((s) => [s.kind, s.change])).toEqual([
      ['destructive', expect.stringMatching(/^remove index by-score .* score changes type S → N/)],
      ['slow', expect.stringMatching(/^add index by-score back .* score changes type S → N — backfills/)],
    ]);
    const applied = await ddb([...E, 'schema-load', '--schema', file, '--yes']);
    expect(applied.code, applied.stderr).toBe(0);
    expect((await describeTable(name)).AttributeDefinitions).toContainEqual({ AttributeName: 'score', AttributeType: 'N' });
    expect((await planOf(file)).code).toBe(0);
  });

  it('the type of a table key attribute still cannot change: refused with the way out', async () => {
    const name = fresh('rekey');
    expect((await ddb([...E, 'schema-load', '--schema', write({ tables: [{ name, attributes: { pk: 'S' }, keys: { partition: 'pk' } }] })])).code).toBe(0);
    const r = await ddb([...E, 'schema-load', '--schema', write({ tables: [{ name, attributes: { pk: 'N' }, keys: { partition: 'pk' } }] })]);
    expect(r.code).toBe(5);
    expect(r.stderr).toContain("cannot change the type of an attribute the table's key or a local index uses");
  });

  it('three concurrent applies of a file with TTL, a stream and a new index converge: all exit 0, the table as the file says', async () => {
    const name = fresh('race');
    const base = { name, attributes: { pk: 'S' }, keys: { partition: 'pk' } };
    expect((await ddb([...E, 'schema-load', '--schema', write({ tables: [base] })])).code).toBe(0);
    const file = write({
      tables: [{ ...base, attributes: { pk: 'S', g: 'S' }, ttl: { attribute: 'expires_at' }, stream: 'NEW_IMAGE', globalSecondaryIndexes: [{ name: 'by-g', keys: { partition: 'g' } }] }],
    });
    const runs = await Promise.all([1, 2, 3].map(() => ddb([...E, 'schema-load', '--schema', file])));
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const ttl = await db.send(new DescribeTimeToLiveCommand({ TableName: name }));
    expect(ttl.TimeToLiveDescription).toMatchObject({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expires_at' });
    const t = await describeTable(name);
    expect(t.StreamSpecification).toMatchObject({ StreamEnabled: true, StreamViewType: 'NEW_IMAGE' });
    expect(t.GlobalSecondaryIndexes?.map((i) => i.IndexName)).toEqual(['by-g']);
    expect((await planOf(file)).code).toBe(0);
  });

  it('billing left out of the file is not managed: a provisioned table stays provisioned, and an index added to it gets capacity', async () => {
    const name = fresh('billing');
    await db.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PROVISIONED',
        ProvisionedThroughput: { ReadCapacityUnits: 3, WriteCapacityUnits: 2 },
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      }),
    );
    const base = { name, attributes: { pk: 'S' }, keys: { partition: 'pk' } };
    expect(await planOf(write({ tables: [base] }))).toMatchObject({ code: 0, steps: [] });
    const withIndex = write({ tables: [{ ...base, attributes: { pk: 'S', g: 'S' }, globalSecondaryIndexes: [{ name: 'by-g', keys: { partition: 'g' } }] }] });
    const plan = await planOf(withIndex);
    expect(plan.steps.map((s) => s.change)).toEqual([expect.stringMatching(/^add index by-g/)]);
    expect((await ddb([...E, 'schema-load', '--schema', withIndex])).code).toBe(0);
    const t = await describeTable(name);
    expect(t.BillingModeSummary?.BillingMode ?? 'PROVISIONED').toBe('PROVISIONED');
    expect(t.GlobalSecondaryIndexes?.[0]?.ProvisionedThroughput).toMatchObject({ ReadCapacityUnits: 3, WriteCapacityUnits: 2 });
  });
});

describe("the schema file's checks, before anything is sent", () => {
  const one = (table: Record<string, unknown>) => ({ tables: [{ name: 'limits-t', attributes: { pk: 'S', sk: 'S', g: 'S' }, keys: { partition: 'pk', sort: 'sk' }, ...table }] });
  const include = (n: number, from = 0) => ({ type: 'INCLUDE', attributes: Array.from({ length: n }, (_, i) => `a${i + from}`) });
  const cases: [string, unknown, RegExp][] = [
    ['INCLUDE naming an attribute twice', one({ globalSecondaryIndexes: [{ name: 'by-g', keys: { partition: 'g' }, projection: { type: 'INCLUDE', attributes: ['a', 'a'] } }] }), /globalSecondaryIndexes\[0\]\.projection\.attributes: "a" is listed more than once/],
    ['a partition and sort key on the same attribute', one({ attributes: { pk: 'S' }, keys: { partition: 'pk', sort: 'pk' } }), /tables\[0\]\.keys\.sort: "pk" is the partition key too/],
    ['an index whose partition and sort key are the same', one({ globalSecondaryIndexes: [{ name: 'by-g', keys: { partition: 'g', sort: 'g' } }] }), /globalSecondaryIndexes\[0\]\.keys\.sort: "g" is the partition key too/],
    ['21 attributes in one INCLUDE', one({ globalSecondaryIndexes: [{ name: 'by-g', keys: { partition: 'g' }, projection: include(21) }] }), /21 attributes: DynamoDB projects at most 20 per index/],
    [
      '101 INCLUDE attributes across the indexes',
      one({ globalSecondaryIndexes: [0, 1, 2, 3, 4, 5].map((i) => ({ name: `by-g${i}`, keys: { partition: 'g' }, projection: include(i === 5 ? 1 : 20, i * 20) })) }),
      /tables\[0\]: its indexes project 101 attributes with INCLUDE: DynamoDB allows at most 100 in total/,
    ],
  ];
  for (const [what, file, message] of cases) {
    it(`refuses ${what} (exit 2, nothing sent)`, async () => {
      const r = await ddb(['--endpoint-url', 'http://127.0.0.1:1', 'schema-load', '--plan', '--schema', write(file)]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
    });
  }

  it('100 INCLUDE attributes across the indexes are accepted by the file check and by DynamoDB Local', async () => {
    const name = fresh('include100');
    const file = write({ tables: [{ ...one({ globalSecondaryIndexes: [0, 1, 2, 3, 4].map((i) => ({ name: `by-g${i}`, keys: { partition: 'g' }, projection: include(20, i * 20) })) }).tables[0], name }] });
    const r = await ddb([...E, 'schema-load', '--schema', file]);
    expect(r.code, r.stderr).toBe(0);
  });

  it('a wrong type says what was expected and what the file holds, with its line and column', async () => {
    const file = write(
      `{\n  "tables": [\n    {\n      "name": 5,\n      "attributes": { "pk": "S" },\n      "keys": { "partition": "pk" },\n      "deletionProtection": "yes",\n      "billing": { "mode": "PROVISIONED", "read": "5", "write": 5 }\n    }\n  ]\n}\n`,
      true,
    );
    const r = await ddb(['schema-load', '--plan', '--schema', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:4:7: tables[0].name: expected a string, got 5`);
    expect(r.stderr).toContain('7:7: tables[0].deletionProtection: expected true or false, got "yes"');
    expect(r.stderr).toContain('tables[0].billing.read: expected a number, got "5"');
    expect(r.stderr).not.toContain('is required');
  });

  it('a top-level list is "expected an object", not ": is required"', async () => {
    const r = await ddb(['schema-load', '--plan', '--schema', write('[]', true)]);
    expect(r.stderr.trim()).toMatch(/:1:1: \(the file\): expected an object \{…\}, got a list \(0 item\(s\)\)$/);
  });

  it("reads a BOM, and the README's jsonc (comments, trailing commas); broken JSON is named with its line and column", async () => {
    const jsonc = `\uFEFF{\n  // the table\n  "tables": [{\n    "name": "jsonc-t", /* keys only */\n    "attributes": { "pk": "S", },\n    "keys": { "partition": "pk" },\n  }],\n}\n`;
    const ok = await ddb(['--endpoint-url', 'http://127.0.0.1:1', 'schema-load', '--dry-run', '--schema', write(jsonc, true), '-o', 'json']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.json().steps[0].input.TableName).toBe('jsonc-t');
    const broken = await ddb(['schema-load', '--plan', '--schema', write('{\n  "tables": [\n    {"name": "x" "keys": {}}\n  ]\n}\n', true)]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/:3:18: not valid JSON \(comma expected\)/);
  });
});
