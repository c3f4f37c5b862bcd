/**
 * ddb import on damaged or unusual input: a cut JSON array, a CSV with a quote left open, a line far longer than any
 * item, a byte-order mark. What is before the damage is written, the line says how much, exit 2.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, inject } from 'vitest';
import { ddb } from './helpers/run.js';
import { client, countItems, createTable, dropTable, getItem, uniqueName } from './faults/tables.js';

const endpoint = inject('endpoint');
const E = ['--endpoint-url', endpoint];
const db = client(endpoint);
const dir = mkdtempSync(join(tmpdir(), 'ddb-import-input-'));
const tables: string[] = [];

const file = (name: string, text: string | Buffer): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const freshTable = async (): Promise<string> => {
  const name = uniqueName('import-input');
  tables.push(name);
  await createTable(db, name);
  return name;
};
const lastLine = (stderr: string): string => stderr.trim().split('\n').at(-1) ?? '';
const item = (i: number) => ({ pk: `P#${i % 50}`, sk: `S#${String(i).padStart(6, '0')}`, n: i, text: `message number ${i} with some words in it` });
const BOM = '\ufeff';

afterAll(async () => {
  for (const t of tables) await dropTable(db, t);
});

describe('ddb import: a break in the input', () => {
  it('a JSON array cut off after 4,991 records: all 4,991 written, the line says so, exit 2', async () => {
    const table = await freshTable();
    const whole = JSON.stringify(Array.from({ length: 5_000 }, (_, i) => item(i)));
    const cut = whole.slice(0, whole.indexOf(JSON.stringify(item(4_991))) + 20); // inside record 4,992
    const r = await ddb([...E, 'import', table, file('cut.json', cut)]);
    expect(r.code, r.stderr).toBe(2);
    expect(lastLine(r.stderr)).toMatch(/cut\.json: cut off after record 4,991: .*; 4,991 item\(s\) written, nothing after/);
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
    expect(await countItems(db, table)).toBe(4_991);
    expect(await getItem(db, table, item(4_990).pk, item(4_990).sk)).toEqual(item(4_990));

    // --dry-run counts what is before the break; a syntax error mid-array names its line.
    const dry = await ddb([...E, 'import', table, file('cut.json', cut), '--dry-run', '--output', 'json']);
    expect(dry.code).toBe(2);
    expect(dry.json()).toMatchObject({ records: 4_991, valid: 4_991 });
    expect(lastLine(dry.stderr)).toMatch(/cut off after record 4,991: .*; dry run: 4,991 valid record\(s\) before it, nothing written/);
    const broken = await ddb([...E, 'import', table, file('broken.json', '[\n{"pk":"A","sk":"1"},\n{"pk":"A","sk":"2"}\n{"pk":"A","sk":"3"}]')]);
    expect(broken.code).toBe(2);
    expect(lastLine(broken.stderr)).toMatch(/broken\.json: not valid JSON after record 2, at line 4: expected , or \]/);
  });

  it('a CSV with a quote left open after 3,010 good rows: all 3,010 written, the line says so, exit 2', async () => {
    const table = await freshTable();
    const rows = Array.from({ length: 3_010 }, (_, i) => `${item(i).pk},${item(i).sk},${i},"${item(i).text}"`);
    const unquoted = Array.from({ length: 20 }, (_, i) => `X,${i},${i},plain`);
    const csv = ['pk,sk,n,text', ...rows, 'P#1,S#999999,1,"never closed', ...unquoted].join('\n') + '\n';
    const r = await ddb([...E, 'import', table, file('open-quote.csv', csv), '--skip-invalid']);
    expect(r.code, r.stderr).toBe(2);
    expect(lastLine(r.stderr)).toMatch(/open-quote\.csv: not valid CSV after line 3,011: Quote Not Closed.*; 3,010 item\(s\) written, nothing after/);
    expect(await countItems(db, table)).toBe(3_010);
    expect(await getItem(db, table, item(3_009).pk, item(3_009).sk)).toEqual(item(3_009));
  });

  it('a stop for a bad record counts what was skipped before it', async () => {
    const table = await freshTable();
    const text = [JSON.stringify({ pk: 'A', sk: '1' }), JSON.stringify({ pk: 'A' }), JSON.stringify({ pk: 'A', sk: '3' })].join('\n');
    const r = await ddb([...E, 'import', table, file('skip-then-cut.json', `[${text.replace(/\n/g, ',')},{"pk":`), '--skip-invalid']);
    expect(r.code).toBe(2);
    expect(lastLine(r.stderr)).toMatch(/cut off after record 3: .*; 2 item\(s\) written, 1 invalid skipped, nothing after/);
    expect(await countItems(db, table)).toBe(2);
  });
});

describe('ddb import: a record far longer than any item', () => {
  const huge = (key: string) => JSON.stringify({ pk: 'A', sk: key, blob: 'x'.repeat(5 * 1024 * 1024) });

  it('a 5 MB NDJSON line is refused at once, naming its line; with --skip-invalid the rest is imported', async () => {
    const table = await freshTable();
    const text = [JSON.stringify({ pk: 'A', sk: '1' }), JSON.stringify({ pk: 'A', sk: '2' }), huge('3'), JSON.stringify({ pk: 'A', sk: '4' })].join('\n') + '\n';
    const path = file('huge.ndjson', text);
    const r = await ddb([...E, 'import', table, path]);
    expect(r.code).toBe(2);
    expect(lastLine(r.stderr)).toMatch(/huge\.ndjson line 3: longer than 4 MiB.*; import stopped there: 2 item\(s\) before it written, nothing after/);
    expect(await countItems(db, table)).toBe(2);
    const skip = await ddb([...E, 'import', table, path, '--skip-invalid', '--output', 'json']);
    expect(skip.code, skip.stderr).toBe(0);
    expect(skip.json()).toMatchObject({ records: 4, items: 3, skipped: 1, skippedRecords: [{ where: 'line 3', reason: expect.stringMatching(/^longer than 4 MiB/) }] });
    expect(await countItems(db, table)).toBe(3);
  });

  it('a 5 MB JSON-array record is refused the same way; a 5 MB CSV row stops the import with the count', async () => {
    const table = await freshTable();
    const r = await ddb([...E, 'import', table, file('huge.json', `[{"pk":"B","sk":"1"},${huge('2')},{"pk":"B","sk":"3"}]`), '--skip-invalid', '--output', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({ records: 3, items: 2, skippedRecords: [{ where: 'record 2', reason: expect.stringMatching(/^longer than 4 MiB/) }] });
    const csv = `pk,sk,blob\nC,1,x\nC,2,"${'y'.repeat(5 * 1024 * 1024)}"\nC,3,z\n`;
    const c = await ddb([...E, 'import', table, file('huge.csv', csv)]);
    expect(c.code).toBe(2);
    expect(lastLine(c.stderr)).toMatch(/huge\.csv: a row longer than 4 MiB at line 3 .*; 1 item\(s\) written, nothing after/);
    expect(await countItems(db, table)).toBe(3);
  });
});

describe('ddb import: a byte-order mark', () => {
  it('is accepted at the start of NDJSON (file and stdin), a JSON array and CSV', async () => {
    const table = await freshTable();
    const lines = `${JSON.stringify({ pk: 'M', sk: '1' })}\n${JSON.stringify({ pk: 'M', sk: '2' })}\n`;
    const nd = await ddb([...E, 'import', table, file('bom.ndjson', BOM + lines)]);
    expect(nd.code, nd.stderr).toBe(0);
    const stdin = await ddb([...E, 'import', table, '-', '--format', 'ndjson'], { input: BOM + JSON.stringify({ pk: 'M', sk: '3' }) });
    expect(stdin.code, stdin.stderr).toBe(0);
    const json = await ddb([...E, 'import', table, file('bom.json', `${BOM}[{"pk":"M","sk":"4"}]`)]);
    expect(json.code, json.stderr).toBe(0);
    const csv = await ddb([...E, 'import', table, file('bom.csv', `${BOM}pk,sk\nM,5\n`)]);
    expect(csv.code, csv.stderr).toBe(0);
    expect(await countItems(db, table)).toBe(5);
    expect(await getItem(db, table, 'M', '5')).toEqual({ pk: 'M', sk: '5' });
  });
});
