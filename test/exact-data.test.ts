/**
 * Exact data (issue 16): every case of its "Why", each judged against DynamoDB itself (the SDK's raw GetItem/Scan),
 * not against ddb's own reading.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, type DynamoDBClient, GetItemCommand, PutItemCommand, type AttributeValue, type ScalarAttributeType } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it, inject } from 'vitest';
import { ddb } from './helpers/run.js';
import { client, dropTable, uniqueName } from './faults/tables.js';
import { engineScan } from './helpers/engine.js';

const endpoint = inject('endpoint');
const E = ['--endpoint-url', endpoint];
const db = client(endpoint);
const dir = mkdtempSync(join(tmpdir(), 'ddb-exact-'));
const tables: string[] = [];
type Raw = Record<string, AttributeValue>;

const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

/** A table with the given key types (pk, and sk when given). */
const table = async (pk: ScalarAttributeType = 'S', sk: ScalarAttributeType | null = 'S'): Promise<string> => {
  const name = uniqueName('exact');
  tables.push(name);
  await (db as DynamoDBClient).send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: pk }, ...(sk ? [{ AttributeName: 'sk', AttributeType: sk }] : [])],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, ...(sk ? [{ AttributeName: 'sk', KeyType: 'RANGE' as const }] : [])],
    }),
  );
  return name;
};

const put = (name: string, Item: Raw) => db.send(new PutItemCommand({ TableName: name, Item }));
const get = async (name: string, Key: Raw) => (await db.send(new GetItemCommand({ TableName: name, Key }))).Item;

const scanAll = (name: string) => engineScan(endpoint, name);

/** An item with every type DynamoDB has, the values that used to change on the way. */
const EVERY_TYPE: Raw = {
  pk: { S: 'P#1' },
  sk: { S: 'S#1' },
  s: { S: '42' },
  t: { S: 'true' },
  empty: { S: '' },
  b: { B: new Uint8Array([0x00, 0xff]) },
  ss: { SS: ['a', 'b'] },
  ns: { NS: ['1', '12345678901234567890'] },
  bs: { BS: [new Uint8Array([1]), new Uint8Array([2, 255])] },
  big: { N: '12345678901234567890.123' },
  unsafe: { N: '9007199254740993' },
  long: { N: '0.1234567890123456789' },
  max: { N: '12345678901234567890123456789012345678' },
  tiny: { N: '1E-130' },
  null: { NULL: true },
  bool: { BOOL: false },
  l: { L: [{ S: 'x' }, { N: '1' }, { NULL: true }] },
  m: { M: { ['__proto__']: { S: 'nested proto' }, 'a.b c': { N: '-0.5' } } },
};
Object.defineProperty(EVERY_TYPE, '__proto__', { value: { S: 'top proto' }, enumerable: true, writable: true, configurable: true });

afterAll(async () => {
  for (const t of tables) await dropTable(db, t);
});

describe('export → import is exact', () => {
  it('the default export, imported with no flag, gives back every type: B, sets, numbers past double precision, __proto__', async () => {
    const from = await table();
    await put(from, EVERY_TYPE);
    await put(from, { pk: { S: 'P#2' }, sk: { S: 'S#2' }, n: { N: '1' } });
    const exported = await ddb([...E, 'export', from]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout.split('\n')[0]).toMatch(/^\{"Item":\{/);
    const to = await table();
    const imported = await ddb([...E, 'import', to, '-', '--format', 'ndjson'], { input: exported.stdout });
    expect(imported.code, imported.stderr).toBe(0);
    expect(await scanAll(to)).toEqual(await scanAll(from));
  });

  it('a table with a binary key, and one with a number key past double precision, round-trip', async () => {
    for (const [type, key] of [
      ['B', { B: new Uint8Array([0x00, 0xff]) }],
      ['N', { N: '123456789012345678901234567890' }],
    ] as const) {
      const from = await table(type, null);
      await put(from, { pk: key, v: { S: type } });
      const exported = await ddb([...E, 'export', from]);
      const to = await table(type, null);
      const imported = await ddb([...E, 'import', to, '-', '--format', 'ndjson'], { input: exported.stdout });
      expect(imported.code, imported.stderr).toBe(0);
      expect(await scanAll(to)).toEqual(await scanAll(from));
    }
  });

  it('plain NDJSON and JSON export print numbers exactly, and say what they turned into what (sets, binary)', async () => {
    const from = await table();
    await put(from, EVERY_TYPE);
    for (const format of ['ndjson', 'json']) {
      const r = await ddb([...E, 'export', from, '--format', format]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('"big":12345678901234567890.123');
      expect(r.stdout).toContain('"unsafe":9007199254740993');
      expect(r.stdout).toContain('"long":0.1234567890123456789');
      expect(r.stdout).toContain('"__proto__":"top proto"');
      expect(r.stderr).toMatch(/3 set\(s\) written as JSON arrays and 1 binary value\(s\) written as base64 strings \(the first: /);
    }
  });
});

describe('numbers keep every digit', () => {
  it('put and update of long decimals store them exactly; get prints them exactly (JSON and table)', async () => {
    const t = await table();
    expect((await ddb([...E, 'put', t, '{"pk": "A", "sk": "1", "big": 1234567890123.123456789}'])).code).toBe(0);
    expect((await ddb([...E, 'update', t, 'A', '1', '--set', 'x=0.1234567890123456789'])).code).toBe(0);
    const raw = await get(t, { pk: { S: 'A' }, sk: { S: '1' } });
    expect(raw?.big).toEqual({ N: '1234567890123.123456789' });
    expect(raw?.x).toEqual({ N: '0.1234567890123456789' });
    const json = await ddb([...E, 'get', t, 'A', '1', '-o', 'json']);
    expect(json.stdout).toContain('"big": 1234567890123.123456789');
    expect(json.stdout).toContain('"x": 0.1234567890123456789');
    const shown = await ddb([...E, 'get', t, 'A', '1'], { columns: 200 });
    expect(shown.stdout).toContain('1234567890123.123456789');
    const scanned = await ddb([...E, 'scan', t, '-o', 'ndjson']);
    expect(scanned.stdout).toContain('"x":0.1234567890123456789');
  });

  it('an integer above 2^53 in NDJSON: the dry run and the import agree, and it is written exactly next to its neighbours', async () => {
    const t = await table();
    const path = file('big.ndjson', '{"pk": "A", "sk": "1", "n": 12345678901234567890}\n{"pk": "A", "sk": "2", "n": 1}\n');
    const dry = await ddb([...E, 'import', t, path, '--dry-run', '-o', 'json']);
    expect(dry.json()).toMatchObject({ records: 2, valid: 2, invalid: 0 });
    const r = await ddb([...E, 'import', t, path]);
    expect(r.code, r.stderr).toBe(0);
    expect((await get(t, { pk: { S: 'A' }, sk: { S: '1' } }))?.n).toEqual({ N: '12345678901234567890' });
    expect((await get(t, { pk: { S: 'A' }, sk: { S: '2' } }))?.n).toEqual({ N: '1' });
  });

  it('a number set with a big member in any place, and an N key past double precision, are taken by put, update and import', async () => {
    const t = await table();
    for (const ns of [['1', '12345678901234567890'], ['12345678901234567890', '1']]) {
      const r = await ddb([...E, 'put', t, JSON.stringify({ pk: { S: 'NS' }, sk: { S: ns[0] }, ns: { NS: ns } }), '--dynamodb-json']);
      expect(r.code, r.stderr).toBe(0);
      expect([...((await get(t, { pk: { S: 'NS' }, sk: { S: ns[0]! } }))?.ns?.NS ?? [])].sort()).toEqual(['1', '12345678901234567890']);
    }
    const n = await table('N', null);
    const key = '123456789012345678901234567890';
    expect((await ddb([...E, 'put', n, `{"pk": {"N": "${key}"}}`, '--dynamodb-json'])).code).toBe(0);
    expect((await ddb([...E, 'import', n, file('nkey.ndjson', `{"pk": ${key}1}\n`)])).code).toBe(0);
    expect((await ddb([...E, 'update', n, key, '--set', 'v=1'])).code).toBe(0);
    expect((await get(n, { pk: { N: key } }))?.v).toEqual({ N: '1' });
    expect(await get(n, { pk: { N: `${key}1` } })).toBeDefined();
  });
});

describe('a value ddb cannot send is exit 2 naming it, before anything is sent', () => {
  it('--filter, sql --parameters and a declared number param', async () => {
    const t = await table();
    const filter = await ddb([...E, 'scan', t, '--filter', 'n = 1e400']);
    expect(filter.code).toBe(2);
    expect(filter.stderr).toContain('--filter: n: the number 1e400 overflows');
    expect(filter.stderr).not.toContain('http://');
    await put(t, { pk: { S: 'A' }, sk: { S: '1' }, big: { N: '12345678901234567890' } });
    const big = await ddb([...E, 'sql', `SELECT * FROM "${t}" WHERE pk = 'A' AND big = ?`, '--parameters', '[12345678901234567890]', '-o', 'json']);
    expect(big.code, big.stderr).toBe(0); // sent with every digit: it finds the item
    expect(big.json().Items).toHaveLength(1);
    const over = await ddb([...E, 'sql', `SELECT * FROM "${t}" WHERE pk = 'A' AND big = ?`, '--parameters', '[1e400]']);
    expect(over.code).toBe(2);
    expect(over.stderr).toContain('parameter 1 = 1e400: overflows');

    const schema = file(
      'schema.json',
      JSON.stringify({
        tables: [
          {
            name: 'nums',
            attributes: { id: 'N' },
            keys: { partition: 'id' },
            accessPatterns: { 'by-id': { description: 'one id', params: { id: 'number' }, query: { partition: '{id}' } } },
          },
        ],
      }),
    );
    const dry = await ddb([...E, 'patterns', '--schema', schema, 'by-id', '12345678901234567890.5', '--dry-run', '-o', 'json']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('12345678901234567890.5');
    const bad = await ddb([...E, 'patterns', '--schema', schema, 'by-id', '1e400', '--dry-run']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('overflows');
  });

  it('invalid typed values are refused by put and import: bad base64, NULL false, duplicate set members', async () => {
    const t = await table();
    const cases: [Raw | Record<string, unknown>, string][] = [
      [{ b: { B: '!!' } }, 'attribute b = "!!": is not base64'],
      [{ b: { B: 'not base64 at all' } }, 'is not base64'],
      [{ z: { NULL: false } }, 'NULL takes true only'],
      [{ ss: { SS: ['a', 'a'] } }, 'has the member "a" twice'],
      [{ ns: { NS: ['1', '1.0'] } }, 'twice'],
    ];
    for (const [extra, message] of cases) {
      const item = { pk: { S: 'X' }, sk: { S: '1' }, ...extra };
      const r = await ddb([...E, 'put', t, JSON.stringify(item), '--dynamodb-json']);
      expect(r.code, JSON.stringify(extra)).toBe(2);
      expect(r.stderr).toContain(message);
      const imported = await ddb([...E, 'import', t, file('bad.ndjson', JSON.stringify({ Item: item }) + '\n')]);
      expect(imported.code).toBe(2);
      expect(imported.stderr).toContain(message);
    }
    expect(await scanAll(t)).toEqual([]);
  });

  it('--dry-run finds what the write would refuse (empty names at any depth, 1e-200, 41 levels), with line numbers; one bad record never costs its neighbours', async () => {
    const t = await table();
    let deep: unknown = 'x';
    for (let i = 0; i < 40; i++) deep = { a: deep };
    const lines = [
      { pk: 'A', sk: '1' },
      { pk: 'A', sk: '2', '': 1 },
      { pk: 'A', sk: '3', m: { '': 1 } },
      { pk: 'A', sk: '4', n: 1e-200 },
      { pk: 'A', sk: '5', deep },
      { pk: 'A', sk: '6' },
    ];
    const path = file('invalid.ndjson', lines.map((l) => JSON.stringify(l)).join('\n').replace('1e-200', '1e-200') + '\n');
    const dry = await ddb([...E, 'import', t, path, '--dry-run', '--skip-invalid', '-o', 'json']);
    expect(dry.json()).toMatchObject({ records: 6, valid: 2, invalid: 4 });
    const r = await ddb([...E, 'import', t, path, '--skip-invalid', '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const reasons = (r.json() as { skippedRecords: { where: string; reason: string }[] }).skippedRecords;
    expect(reasons.map((s) => s.where)).toEqual(['line 2', 'line 3', 'line 4', 'line 5']);
    expect(reasons[0]!.reason).toContain('has an empty name');
    expect(reasons[1]!.reason).toContain('attribute m."" has an empty name');
    expect(reasons[2]!.reason).toContain('attribute n = 1e-200: underflows');
    expect(reasons[3]!.reason).toContain('levels deep');
    expect((await scanAll(t)).length).toBe(2);
  });
});

describe('the files DynamoDB users have are read without flags', () => {
  it("a BatchWriteItem request file (AWS's ProductCatalog sample), Export-to-S3 lines and `aws dynamodb scan` output", async () => {
    const t = await table('N', null);
    const requests = {
      [t]: [
        { PutRequest: { Item: { pk: { N: '101' }, Title: { S: 'Book 101 Title' }, Authors: { SS: ['Author1'] }, Price: { N: '2' }, InPublication: { BOOL: true } } } },
        { PutRequest: { Item: { pk: { N: '102' }, Title: { S: 'Book 102 Title' }, Dimensions: { S: '8.5 x 11.0 x 0.8' } } } },
        { PutRequest: { Item: { pk: { N: '103' } } } },
        { DeleteRequest: { Key: { pk: { N: '103' } } } },
      ],
    };
    const r = await ddb([...E, 'import', t, file('ProductCatalog.json', JSON.stringify(requests, null, 2))]);
    expect(r.code, r.stderr).toBe(0);
    expect((await get(t, { pk: { N: '101' } }))?.Authors).toEqual({ SS: ['Author1'] });
    expect(await get(t, { pk: { N: '103' } })).toBeUndefined();
    const wrong = await ddb([...E, 'import', t, file('Other.json', JSON.stringify({ OtherTable: requests[t] }))]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain(`holds BatchWriteItem requests for table OtherTable, not ${t}`);

    const s3 = await table('N', null);
    const lines = '{"Item":{"pk":{"N":"1"},"b":{"B":"AP8="}}}\n{"Item":{"pk":{"N":"2"},"ss":{"SS":["x"]}}}\n';
    expect((await ddb([...E, 'import', s3, file('s3.json.ndjson', lines)])).code).toBe(0);
    expect((await get(s3, { pk: { N: '1' } }))?.b).toEqual({ B: new Uint8Array([0x00, 0xff]) });

    const scanOut = await table('N', null);
    const aws = { Items: [{ pk: { N: '5' }, ns: { NS: ['1', '2'] } }], Count: 1, ScannedCount: 1 };
    expect((await ddb([...E, 'import', scanOut, file('scan.json', JSON.stringify(aws))])).code).toBe(0);
    expect([...((await get(scanOut, { pk: { N: '5' } }))?.ns?.NS ?? [])].sort()).toEqual(['1', '2']);
  });
});

describe('an attribute named __proto__', () => {
  it('get prints it; query and scan keep it', async () => {
    const t = await table();
    await put(t, EVERY_TYPE);
    const got = await ddb([...E, 'get', t, 'P#1', 'S#1', '-o', 'json']);
    expect(got.code, got.stderr).toBe(0);
    expect(got.stdout).toContain('"__proto__": "top proto"');
    expect(got.stdout).toContain('"__proto__": "nested proto"');
    for (const args of [['query', t, 'P#1'], ['scan', t]]) {
      const r = await ddb([...E, ...args, '-o', 'ndjson']);
      expect(r.stdout, args[0]).toContain('"__proto__":"top proto"');
    }
  });
});

describe('CSV is typed where it claims to be', () => {
  it('export --format csv → import keeps strings that look like numbers or booleans, NULL and the empty string', async () => {
    const from = await table();
    await put(from, EVERY_TYPE);
    const exported = await ddb([...E, 'export', from, '--format', 'csv']);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout.split('\n')[0]).toMatch(/^pk:S,sk:S,/);
    const to = await table();
    const imported = await ddb([...E, 'import', to, file('every.csv', exported.stdout)]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(await scanAll(to)).toEqual(await scanAll(from));
  });

  it('a header with a repeated or an empty column, or a --types column it does not have, is refused before anything is written', async () => {
    const t = await table();
    const twice = await ddb([...E, 'import', t, file('twice.csv', 'pk,sk,a,a\nA,1,x,y\n')]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('the CSV header names column "a" twice (columns 3 and 4)');
    const empty = await ddb([...E, 'import', t, file('empty.csv', 'pk,sk,,note\nA,1,x,y\n'), '--dry-run']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('the CSV header has an empty column name (line 1, column 3)');
    const types = await ddb([...E, 'import', t, file('types.csv', 'pk,sk\nA,1\n'), '--types', 'nope:N']);
    expect(types.code).toBe(2);
    expect(types.stderr).toContain('--types names "nope", not a column of the header (pk, sk)');
    expect(await scanAll(t)).toEqual([]);
  });
});

describe('inputs that end early', () => {
  it('an empty input is not a missing file; a cut-off last NDJSON line is reported even with --skip-invalid (exit 2)', async () => {
    const t = await table();
    const empty = await ddb([...E, 'import', t, '/dev/null', '--format', 'ndjson', '-o', 'json']);
    expect(empty.code, empty.stderr).toBe(0);
    expect(empty.json()).toMatchObject({ records: 0, items: 0 });
    const cut = await ddb([...E, 'import', t, file('cut.ndjson', '{"pk": "A", "sk": "1"}\n{"pk": "A", "sk": "2'), '--skip-invalid']);
    expect(cut.code).toBe(2);
    expect(cut.stderr).toContain('cut off: the input ends inside line 2');
    expect(cut.stderr).toContain('1 item(s) written');
  });
});
