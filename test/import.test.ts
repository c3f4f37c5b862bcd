/** ddb import: each format, CSV types, validation with line numbers, --skip-invalid, --dry-run, stdin, idempotence. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { ddb } from './helpers/run.js';
import { client, countItems, createTable, dropTable, getItem, getRaw, uniqueName } from './faults/tables.js';

const endpoint = inject('endpoint');
const E = ['--endpoint-url', endpoint];
const db = client(endpoint);
const dir = mkdtempSync(join(tmpdir(), 'ddb-import-'));
const tables: string[] = [];

const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const ndjson = (items: unknown[]): string => items.map((i) => JSON.stringify(i)).join('\n') + '\n';
const freshTable = async (): Promise<string> => {
  const name = uniqueName('import');
  tables.push(name);
  await createTable(db, name);
  return name;
};

const rich = { pk: 'P#1', sk: 'S#1', n: 42, f: 1.5, ok: true, none: null, tags: ['a', 'b'], nested: { deep: { x: 1 } }, text: 'héllo' };
const items = [rich, { pk: 'P#1', sk: 'S#2', g: 'G#1' }, { pk: 'P#2', sk: 'S#1', text: 'third' }];

describe('ddb import', () => {
  beforeAll(() => undefined);
  afterAll(async () => {
    for (const t of tables) await dropTable(db, t);
  });

  it('imports NDJSON (plain JSON values), prints a summary, and a re-run leaves the same table', async () => {
    const table = await freshTable();
    const path = file('items.ndjson', ndjson(items));
    const r = await ddb([...E, 'import', table, path, '--output', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({ table, format: 'ndjson', records: 3, items: 3, skipped: 0, retries: 0 });
    expect(await getItem(db, table, 'P#1', 'S#1')).toEqual(rich);
    const again = await ddb([...E, 'import', table, path]);
    expect(again.code).toBe(0);
    expect(again.stdout.replace(/\n/g, ' ')).toMatch(/^wrote 3 item\(s\) from .*items\.ndjson \(3 record\(s\) read\) to import-/);
    expect(await countItems(db, table)).toBe(3);
    expect(await getItem(db, table, 'P#1', 'S#1')).toEqual(rich);
  });

  it('imports a JSON array (.json) and a .jsonl file', async () => {
    const table = await freshTable();
    expect((await ddb([...E, 'import', table, file('items.json', JSON.stringify(items, null, 2))])).code).toBe(0);
    expect((await ddb([...E, 'import', table, file('more.jsonl', ndjson([{ pk: 'P#9', sk: 'S#9' }]))])).code).toBe(0);
    expect(await countItems(db, table)).toBe(4);
    expect(await getItem(db, table, 'P#1', 'S#1')).toEqual(rich);

    // What `ddb scan --output json` prints reads back too; an object without Items is refused.
    const copy = await freshTable();
    const scanned = await ddb([...E, 'scan', table, '--output', 'json']);
    const r = await ddb([...E, 'import', copy, file('scan.json', scanned.stdout), '--output', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json().items).toBe(4);
    expect(await getItem(db, copy, 'P#1', 'S#1')).toEqual(rich);
    const noItems = await ddb([...E, 'import', copy, file('object.json', '{"foo": 1}')]);
    expect(noItems.code).toBe(2);
    expect(noItems.stderr).toContain('no array of items');
    // An object of arrays is a BatchWriteItem request file: its table must be the one named on the line.
    const other = await ddb([...E, 'import', copy, file('requests.json', '{"foo": [{"PutRequest": {"Item": {"pk": {"S": "a"}}}}]}')]);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('record 1 holds BatchWriteItem requests for table foo, not');
  });

  it('imports CSV with a header: numbers that round-trip, booleans, empty cells omitted, key columns as declared, --types', async () => {
    const table = await freshTable();
    const csv = 'pk,sk,n,flag,empty,code,price,note\n123,S#1,42,true,,007,1.50,"a, quoted\nline"\nP#2,S#2,-3.25,false,,x,2,\n';
    const path = file('items.csv', csv);
    const r = await ddb([...E, 'import', table, path, '--output', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json().items).toBe(2);
    expect(await getItem(db, table, '123', 'S#1')).toEqual({ pk: '123', sk: 'S#1', n: 42, flag: true, code: '007', price: '1.50', note: 'a, quoted\nline' });
    expect(await getItem(db, table, 'P#2', 'S#2')).toEqual({ pk: 'P#2', sk: 'S#2', n: -3.25, flag: false, code: 'x', price: 2 });
    expect((await ddb([...E, 'import', table, path, '--types', 'price:N,code:S,n:S'])).code).toBe(0);
    expect(await getItem(db, table, '123', 'S#1')).toMatchObject({ price: 1.5, code: '007', n: '42' });
    const bad = await ddb([...E, 'import', table, path, '--types', 'flag:N']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('line 3: column flag: "true" is not a number');
    expect((await ddb([...E, 'import', table, path, '--types', 'price=N'])).code).toBe(2);
  });

  it('--dynamodb-json reads typed items (exact big numbers, sets, binary) and the {"Item": …} wrapper of an S3 export', async () => {
    const table = await freshTable();
    const typed = {
      pk: { S: 'J' },
      sk: { S: '1' },
      big: { N: '12345678901234567890123' },
      ns: { NS: ['1', '2.5'] },
      ss: { SS: ['a', 'b'] },
      bin: { B: Buffer.from('hello').toString('base64') },
      m: { M: { l: { L: [{ S: 'x' }, { BOOL: true }, { NULL: true }] } } },
    };
    const path = file('typed.ndjson', ndjson([typed, { Item: { pk: { S: 'J' }, sk: { S: '2' } } }, { pk: { S: 'J' }, sk: 'plain' }]));
    const r = await ddb([...E, 'import', table, path, '--dynamodb-json', '--skip-invalid', '--output', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({ items: 2, skipped: 1, skippedRecords: [{ where: 'line 3', reason: expect.stringContaining('attribute sk = "plain": not a DynamoDB JSON value') }] });
    const got = await getRaw(db, table, 'J', '1');
    expect(got?.big).toEqual({ N: '12345678901234567890123' });
    expect([...(got?.ns?.NS ?? [])].sort()).toEqual(['1', '2.5']);
    expect([...(got?.ss?.SS ?? [])].sort()).toEqual(['a', 'b']);
    expect(Buffer.from(got?.bin?.B ?? []).toString()).toBe('hello');
    expect(got?.m).toEqual(typed.m);
    expect(await getRaw(db, table, 'J', '2')).toEqual({ pk: { S: 'J' }, sk: { S: '2' } });
    expect((await ddb([...E, 'import', table, file('typed.csv', 'pk,sk\nA,1\n'), '--dynamodb-json'])).code).toBe(2);
  });

  it('stops at the first invalid record with its line number, after writing everything before it', async () => {
    const table = await freshTable();
    const lines = [
      { pk: 'A', sk: '1' },
      { pk: 'A', sk: '2' },
      { pk: 'A', sk: '3' },
      { pk: 'A' },
      { pk: 'A', sk: '5' },
    ];
    const path = file('bad.ndjson', ndjson(lines));
    const r = await ddb([...E, 'import', table, path]);
    expect(r.code).toBe(2);
    const last = r.stderr.trim().split('\n').at(-1) ?? '';
    expect(last).toContain('line 4: missing key attribute "sk"');
    expect(last).toContain('3 item(s) before it written, nothing after');
    expect(last).toContain('--skip-invalid');
    expect(await countItems(db, table)).toBe(3);

    // Fixed and re-run: the same table as one clean run.
    const fixed = file('fixed.ndjson', ndjson(lines.map((l, i) => ({ sk: String(i + 1), ...l }))));
    expect((await ddb([...E, 'import', table, fixed])).code).toBe(0);
    expect(await countItems(db, table)).toBe(5);
  });

  it('--skip-invalid goes on and lists what it skipped (line and reason)', async () => {
    const table = await freshTable();
    const big = 'x'.repeat(401 * 1024);
    const text = [
      JSON.stringify({ pk: 'A', sk: '1' }),
      '{"pk": "A", "sk": ',
      JSON.stringify({ pk: 7, sk: '3' }),
      '',
      JSON.stringify({ pk: 'A', sk: '5', big }),
      JSON.stringify({ pk: 'A', sk: '6', g: 12 }),
      JSON.stringify([1, 2]),
      JSON.stringify({ pk: 'A', sk: '8' }),
    ].join('\n');
    const path = file('mixed.ndjson', text);
    const r = await ddb([...E, 'import', table, path, '--skip-invalid', '--output', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const s = r.json();
    expect(s).toMatchObject({ records: 7, items: 2, skipped: 5 });
    expect(s.skippedRecords.map((x: { where: string }) => x.where)).toEqual(['line 2', 'line 3', 'line 5', 'line 6', 'line 7']);
    expect(s.skippedRecords[0].reason).toMatch(/not valid JSON/);
    expect(s.skippedRecords[1].reason).toBe('key attribute "pk" must be a string (S), got 7');
    expect(s.skippedRecords[2].reason).toMatch(/over DynamoDB's 400 KB limit/);
    expect(s.skippedRecords[3].reason).toMatch(/index key attribute "g" must be a string/);
    expect(s.skippedRecords[4].reason).toBe('not a JSON object');
    expect(await countItems(db, table)).toBe(2);
    const human = await ddb([...E, 'import', table, path, '--skip-invalid']);
    expect(human.code).toBe(0);
    expect(human.stderr).toContain('5 invalid record(s) skipped');
    expect(human.stderr).toContain('line 3: key attribute "pk" must be a string');
  });

  it('--dry-run checks the whole file, writes nothing and estimates the WCU (1 per KB, + the GSI it lands in)', async () => {
    const table = await freshTable();
    const path = file('dry.ndjson', ndjson([{ pk: 'A', sk: '1' }, { pk: 'A', sk: '2', g: 'G' }, { pk: 'A', sk: '3', blob: 'y'.repeat(2500) }]));
    const r = await ddb([...E, 'import', table, path, '--dry-run', '--output', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({ dryRun: true, records: 3, valid: 3, invalid: 0, estimatedWcu: 1 + 2 + 3 });
    expect(await countItems(db, table)).toBe(0);
    const bad = await ddb([...E, 'import', table, file('dry-bad.csv', 'pk,sk\nA,1\n,2\nA\n'), '--dry-run']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toContain('dry run: nothing written');
    expect(bad.stderr).toContain('line 3: missing key attribute "pk"');
    expect(bad.stderr).toContain('line 4: 1 field(s), the header has 2');
    expect(bad.stderr.trim().split('\n').at(-1)).toMatch(/2 invalid record\(s\), the first at line 3/);
    expect(await countItems(db, table)).toBe(0);
  });

  it('reads stdin with -, keeps the last of two puts of one key (in a batch and across batches), and refuses unclear input', async () => {
    const table = await freshTable();
    const input = ndjson([{ pk: 'D', sk: '1', v: 'first' }, { pk: 'D', sk: '2' }, { pk: 'D', sk: '1', v: 'last' }]);
    const r = await ddb([...E, 'import', table, '-', '--format', 'ndjson', '--output', 'json'], { input });
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({ records: 3, items: 2, duplicates: 1 });
    expect(await getItem(db, table, 'D', '1')).toEqual({ pk: 'D', sk: '1', v: 'last' });

    // The same keys again in the next batch (both in flight at once): the later one still wins, every time.
    const twice = ['first', 'last'].flatMap((v) => Array.from({ length: 25 }, (_, i) => ({ pk: 'T', sk: String(i), v })));
    expect((await ddb([...E, 'import', table, '-', '--format', 'ndjson'], { input: ndjson(twice) })).code).toBe(0);
    for (const i of [0, 12, 24]) expect(await getItem(db, table, 'T', String(i))).toEqual({ pk: 'T', sk: String(i), v: 'last' });

    const noFormat = await ddb([...E, 'import', table, '-'], { input });
    expect(noFormat.code).toBe(2);
    expect(noFormat.stderr).toContain('--format');
    expect((await ddb([...E, 'import', table, file('x.txt', 'hi')])).code).toBe(2);
    expect((await ddb([...E, 'import', table, join(dir, 'missing.ndjson')])).code).toBe(2);
    const brokenJson = await ddb([...E, 'import', table, file('broken.json', '[{"pk":"A","sk":"1"}, {"pk": ')]);
    expect(brokenJson.code).toBe(2);
    expect(brokenJson.stderr.trim().split('\n').at(-1)).toMatch(/broken\.json: cut off after record 1: the input ends inside record 2; 1 item\(s\) written, nothing after/);
    const noTable = await ddb([...E, 'import', `${table}-missing`, file('one.ndjson', ndjson([{ pk: 'A', sk: '1' }]))]);
    expect(noTable.code).toBe(3);
    expect((await ddb([...E, 'import', table, '-', '--format', 'ndjson', '--concurrency', '0'], { input })).code).toBe(2);
  });

  it('--max-wcu paces the load (a second of budget up front, then N per second)', async () => {
    const table = await freshTable();
    const path = file('paced.ndjson', ndjson(Array.from({ length: 300 }, (_, i) => ({ pk: 'W', sk: String(i) }))));
    const r = await ddb([...E, 'import', table, path, '--max-wcu', '100', '--output', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const s = r.json();
    expect(s.items).toBe(300);
    expect(s.seconds).toBeGreaterThan(1.7);
    expect(s.seconds).toBeLessThan(8);
  });
});
