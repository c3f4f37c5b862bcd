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

describe('splitters and readers (pure)', async () => {
  const { LineSplitter, MAX_RECORD_BYTES } = await import('../src/import/splitters.js');
  const { JsonArraySplitter } = await import('../src/import/json-array-splitter.js');
  const { readJsonArray, readNdjson } = await import('../src/import/readers.js');
  const { Readable } = await import('node:stream');

  /** the input in chunks of the given sizes, repeated */
  const chunked = (text: string | Buffer, sizes: number[]): Buffer[] => {
    const all = Buffer.isBuffer(text) ? text : Buffer.from(text);
    const out: Buffer[] = [];
    for (let i = 0, k = 0; i < all.length; k++) {
      const n = sizes[k % sizes.length] as number;
      out.push(all.subarray(i, i + n));
      i += n;
    }
    return out;
  };
  const splitJson = (text: string | Buffer, sizes: number[]) => {
    const s = new JsonArraySplitter();
    const pieces = chunked(text, sizes).flatMap((c) => s.push(c));
    pieces.push(...s.end());
    return { pieces, failure: s.failure };
  };
  const tricky = [
    { pk: 'a"b', sk: 'x\\', s: '[{]},"\\"', n: -1.5e3, t: true, z: null },
    { pk: 'é🙂', sk: '2', l: [[], {}, [1, [2, { a: ']' }]]], m: { '}': '{' } },
    { pk: '\n\t', sk: '' },
  ];
  const SIZES = [[1], [2], [3], [7, 1, 13], [65_536]];

  it('a JSON array, compact or pretty, or the Items of a reply: every record whatever the chunking', () => {
    const texts = [JSON.stringify(tricky), JSON.stringify(tricky, null, 2), `\ufeff${JSON.stringify({ Count: 3, Other: { Items: [9] }, Items: tricky, ScannedCount: 3 }, null, 1)}`, '[]', ' [ ] '];
    for (const text of texts) {
      for (const sizes of SIZES) {
        const { pieces, failure } = splitJson(text, sizes);
        expect(failure, `${text} / ${sizes}`).toBeUndefined();
        expect(pieces.map((p) => JSON.parse(p.text as string))).toEqual(text.trim() === '[]' || text.trim() === '[ ]' ? [] : tricky);
      }
    }
    // records that are not objects or not JSON are the reader's business; the split goes on
    expect(splitJson('[1, "two", {"a": tru}, {"b":1}]', [1]).pieces.map((p) => p.text)).toEqual(['1', '"two"', '{"a": tru}', '{"b":1}']);
  });

  it('says where a JSON array is cut off or broken, after the records before it', () => {
    const cases: [string, RegExp, { cut?: boolean; noArray?: boolean; records: number }][] = [
      ['[{"a":1},{"a":2},{"a"', /the input ends inside record 3/, { cut: true, records: 2 }],
      ['[{"a":1},{"a":2}', /the input ends before the closing \]/, { cut: true, records: 2 }],
      ['[{"a":1},', /the input ends before the closing \]/, { cut: true, records: 1 }],
      ['{"Items":[{"a":1}]', /the input ends before the closing \}/, { cut: true, records: 1 }],
      ['[{"a":1}\n{"a":2}]', /expected , or \]/, { records: 1 }],
      ['[{"a":1},]', /expected a record/, { records: 1 }],
      ['[{"a":1}}]', /expected , or \]/, { records: 1 }],
      ['[{"a":1}] x', /more text after the end/, { records: 1 }],
      ['{"foo": 1}', /no array of items/, { noArray: true, records: 0 }],
      ['42', /does not start with/, { noArray: true, records: 0 }],
      ['', /empty/, { noArray: true, cut: true, records: 0 }],
    ];
    for (const [text, message, { cut = false, noArray = false, records }] of cases) {
      for (const sizes of [[1], [65_536]]) {
        const { pieces, failure } = splitJson(text, sizes);
        expect(failure?.message, text).toMatch(message);
        expect([failure?.cut, failure?.noArray, pieces.length], text).toEqual([cut, noArray, records]);
      }
    }
  });

  it('holds no more than 4 MiB of a record, however long, and goes on after it', () => {
    const big = `[{"a":1},{"blob":"${'x'.repeat(3 * MAX_RECORD_BYTES)}","l":[${'1,'.repeat(1000)}1]},{"b":2}]`;
    const s = new JsonArraySplitter();
    const pieces = [];
    let most = 0;
    for (const c of chunked(big, [65_536])) {
      pieces.push(...s.push(c));
      most = Math.max(most, s.held);
    }
    s.end();
    expect(most).toBeLessThanOrEqual(MAX_RECORD_BYTES);
    expect(s.failure).toBeUndefined();
    expect(pieces).toEqual([{ n: 1, text: '{"a":1}' }, { n: 2, tooLong: true }, { n: 3, text: '{"b":2}' }]);

    const lines = new LineSplitter();
    const got = [];
    most = 0;
    for (const c of chunked(`{"a":1}\n${'y'.repeat(3 * MAX_RECORD_BYTES)}\n{"b":2}`, [65_536])) {
      got.push(...lines.push(c));
      most = Math.max(most, lines.held);
    }
    got.push(...lines.end());
    expect(most).toBeLessThanOrEqual(MAX_RECORD_BYTES);
    expect(got).toEqual([{ n: 1, text: '{"a":1}' }, { n: 2, tooLong: true }, { n: 3, text: '{"b":2}' }]);
  });

  it('NDJSON lines: a BOM (even split across chunks), characters split across chunks, CRLF, no final newline', () => {
    const text = Buffer.from('\ufeff{"s":"é🙂"}\r\n\n{"n":2}');
    for (const sizes of [[1], [2], [1, 2, 3], [65_536]]) {
      const s = new LineSplitter();
      const lines = chunked(text, sizes).flatMap((c) => s.push(c));
      lines.push(...s.end());
      expect(lines).toEqual([{ n: 1, text: '{"s":"é🙂"}\r' }, { n: 2, text: '' }, { n: 3, text: '{"n":2}' }]);
    }
    // bytes that only look like the start of a BOM are kept
    const s = new LineSplitter();
    expect([...s.push(Buffer.from([0xef])), ...s.push(Buffer.from('x\n'))]).toEqual([{ n: 1, text: Buffer.from([0xef, 0x78]).toString() }]);
  });

  it('a stream that fails: the records read before it, then one fatal record', async () => {
    const failing = (text: string) => {
      const stream = new Readable({ read() {} });
      stream.push(text);
      setImmediate(() => stream.destroy(Object.assign(new Error('read failed'), { code: 'EIO' })));
      return stream;
    };
    const all = async (records: AsyncIterable<unknown>) => {
      const out = [];
      for await (const r of records) out.push(r);
      return out;
    };
    expect(await all(readNdjson(failing('{"a":1}\n{"a":2}\n{"a"')))).toEqual([
      { where: 'line 1', item: { a: 1 } },
      { where: 'line 2', item: { a: 2 } },
      expect.objectContaining({ fatal: true, error: 'could not be read on after line 2: EIO' }),
    ]);
    expect(await all(readJsonArray(failing('[{"a":1},{"a":2},{"a"')))).toEqual([
      { where: 'record 1', item: { a: 1 } },
      { where: 'record 2', item: { a: 2 } },
      expect.objectContaining({ fatal: true, error: 'could not be read on after record 2: EIO' }),
    ]);
  });
});
