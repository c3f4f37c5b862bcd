/**
 * The parts of ddb import that need no engine: the splitters and readers of each input format (every chunking, a cut or
 * broken input, a record too long to hold) and the bulk write's building blocks (pacing, item size, CSV inference, backoff).
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { fullJitter } from '../src/backoff.js';
import { inferCell } from '../src/import/csv-types.js';
import { JsonArraySplitter } from '../src/import/json-array-splitter.js';
import { readJsonArray, readNdjson } from '../src/import/readers.js';
import { LineSplitter, MAX_RECORD_BYTES } from '../src/import/splitters.js';
import { toAttributeMap } from '../src/values/attribute.js';
import { itemBytes, numberBytes as numberSize } from '../src/values/size.js';
import { TokenBucket } from '../src/writing/token-bucket.js';

const itemSize = (item: Record<string, unknown>): number => itemBytes(toAttributeMap(item));

describe('splitters and readers (pure)', () => {
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

describe('bulk-write building blocks', () => {
  it('token bucket: a second of budget up front, then the rate; estimates settled; big batches go into debt', async () => {
    let now = 0;
    const waits: number[] = [];
    const bucket = new TokenBucket(100, 100, () => now, async (ms) => {
      waits.push(ms);
      now += ms;
    });
    await bucket.take(100);
    expect(waits).toEqual([]);
    await bucket.take(50);
    expect(now).toBe(500);
    bucket.adjust(-50); // consumed more than estimated
    await bucket.take(10);
    expect(now).toBe(1100);
    await bucket.take(1000); // larger than the bucket: waits for a full one, then owes the rest
    await bucket.take(1);
    expect(now).toBeGreaterThanOrEqual(1100 + 1000 + 9000);
  });

  it('item size as DynamoDB counts it, CSV inference, full-jitter backoff', () => {
    expect(itemSize({ pk: 'abc' })).toBe(5);
    expect(numberSize('123.45')).toBe(4);
    expect(numberSize('-0.00100')).toBe(2);
    expect(itemSize({ m: { a: 1, b: [true, null] } })).toBe(1 + 3 + (1 + 1 + 2) + (1 + 1 + (3 + 2 + 2)));
    expect(itemSize({ s: 'é' })).toBe(3);
    expect([inferCell('42'), inferCell('-1.5'), inferCell('007'), inferCell('1.50'), inferCell('1e3'), inferCell('true'), inferCell('True')]).toEqual([42, -1.5, '007', '1.50', '1e3', true, 'True']);
    expect(fullJitter(3, 50, 5_000, () => 0.999)).toBe(399);
    expect(fullJitter(20, 50, 5_000, () => 0.5)).toBe(2_500);
  });
});
