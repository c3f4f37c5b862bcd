/**
 * Property-based tests of exact data: generated items over all ten types (nested M/L, N at the edges of DynamoDB's
 * range and precision, B with every byte value, unicode and empty strings, names such as __proto__, constructor,
 * reserved words, dots and spaces), judged against DynamoDB itself (its own HTTP reply, test/helpers/engine.ts):
 * the same item written by the engine directly is the truth.
 *
 * A fixed seed and a few runs in CI; a long run on demand: `npm run test:props` (FC_RUNS, FC_SEED).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it, inject } from 'vitest';
import { ddb } from './helpers/run.js';
import { type Json, canonical, engineCall, engineScan } from './helpers/engine.js';
import { uniqueName } from './faults/tables.js';

const endpoint = inject('endpoint');
const E = ['--endpoint-url', endpoint];
const dir = mkdtempSync(join(tmpdir(), 'ddb-props-'));
const RUNS = Number(process.env.FC_RUNS ?? 6);
const SEED = Number(process.env.FC_SEED ?? 1616);
const params = { numRuns: RUNS, seed: SEED, endOnFailure: true };
const tables: string[] = [];

const table = async (): Promise<string> => {
  const name = uniqueName('props');
  tables.push(name);
  await engineCall(endpoint, 'CreateTable', {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
  });
  return name;
};
afterAll(async () => {
  for (const t of tables) await engineCall(endpoint, 'DeleteTable', { TableName: t }).catch(() => undefined);
}, 60_000);

// ---------------------------------------------------------------------------------------------------------------
// Arbitraries: DynamoDB JSON as the engine takes it (B as base64, N as text)

const text = fc.string({ unit: 'binary', maxLength: 12 });
const name = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'status', 'date', 'size', 'a.b', 'a b', '#n0', ':v0', 'Item', 'S', 'é', '🙂'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 6 }),
);
/** d.ddd…E±x with 1–38 significant digits and a normalized exponent inside DynamoDB's range. */
const decimal = fc
  .tuple(fc.boolean(), fc.integer({ min: 1, max: 9 }), fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: 37 }), fc.integer({ min: -130, max: 125 }))
  .map(([neg, first, rest, exp]) => `${neg ? '-' : ''}${first}${rest ? `.${rest}` : ''}E${exp}`);
const number = fc.oneof(
  fc.integer().map(String),
  fc
    .double({ noNaN: true, noDefaultInfinity: true, min: -1e15, max: 1e15 })
    .filter((d) => d === 0 || Math.abs(d) >= 1e-130)
    .map((d) => String(d)),
  decimal,
  fc.constantFrom('0', '1E-130', '-1E-130', '9.9999999999999999999999999999999999999E+125', '-9.9999999999999999999999999999999999999E+125', '12345678901234567890123456789012345678', '0.1234567890123456789', '9007199254740993'),
);
const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i)).toString('base64');
const binary = fc.oneof(fc.uint8Array({ maxLength: 16 }).map((b) => Buffer.from(b).toString('base64')), fc.constant(ALL_BYTES));
const numberSet = fc
  .tuple(fc.uniqueArray(fc.bigInt({ min: -(10n ** 37n), max: 10n ** 37n }), { minLength: 1, maxLength: 4 }), fc.integer({ min: -90, max: 80 }))
  .map(([ns, e]) => ns.map((n) => `${n}E${e}`));

/** Attributes as entries (not an object: a generated `__proto__` must stay a name). */
const attributes = (value: fc.Arbitrary<unknown>) =>
  fc.uniqueArray(fc.tuple(name, value), { maxLength: 4, selector: ([n]) => n }).map((entries) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of entries) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    return out;
  });

const scalars = {
  S: text.map((S) => ({ S })),
  N: number.map((N) => ({ N })),
  B: binary.map((B) => ({ B })),
  BOOL: fc.boolean().map((BOOL) => ({ BOOL })),
  NULL: fc.constant({ NULL: true }),
  SS: fc.uniqueArray(text, { minLength: 1, maxLength: 4 }).map((SS) => ({ SS })),
  NS: numberSet.map((NS) => ({ NS })),
  BS: fc.uniqueArray(binary, { minLength: 1, maxLength: 3 }).map((BS) => ({ BS })),
};

const typedValue = (kinds: (keyof typeof scalars)[]) =>
  fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      ...kinds.map((k) => scalars[k]),
      fc.array(tie('value'), { maxLength: 3 }).map((L) => ({ L })),
      attributes(tie('value')).map((M) => ({ M })),
    ),
  })).value;

const ALL_TYPES = Object.keys(scalars) as (keyof typeof scalars)[];
/** What plain JSON holds exactly (no sets, no binary). */
const PLAIN_TYPES: (keyof typeof scalars)[] = ['S', 'N', 'BOOL', 'NULL'];

const items = (kinds: (keyof typeof scalars)[]) =>
  fc.array(attributes(typedValue(kinds)), { minLength: 1, maxLength: 6 }).map((list) => list.map((attrs, i) => ({ ...withoutPk(attrs), pk: { S: `item-${i}` } }) as Json));
const withoutPk = (attrs: Record<string, unknown>): Record<string, unknown> => {
  delete attrs.pk;
  return attrs;
};

const putAll = async (t: string, list: Json[]): Promise<void> => {
  for (const Item of list) await engineCall(endpoint, 'PutItem', { TableName: t, Item });
};

// ---------------------------------------------------------------------------------------------------------------

describe(`exact values, generated (${RUNS} runs, seed ${SEED})`, () => {
  it('put → get: what ddb writes is what DynamoDB holds, and ddb prints what DynamoDB holds', async () => {
    await fc.assert(
      fc.asyncProperty(items(ALL_TYPES), async (list) => {
        const [truth, mine] = [await table(), await table()];
        await putAll(truth, list);
        for (const item of list) {
          const r = await ddb([...E, 'put', mine, JSON.stringify(item), '--dynamodb-json']);
          expect(r.code, r.stderr).toBe(0);
        }
        expect(await engineScan(endpoint, mine)).toEqual(await engineScan(endpoint, truth));
        for (const item of list) {
          const key = (item.pk as { S: string }).S;
          const shown = await ddb([...E, 'get', mine, key, '--dynamodb-json', '-o', 'json']);
          const held = (await engineCall(endpoint, 'GetItem', { TableName: truth, Key: { pk: { S: key } } })).Item as Json;
          expect(canonical(JSON.parse(shown.stdout) as Json)).toEqual(canonical(held));
        }
      }),
      params,
    );
  });

  it('export → import in the default format gives back the table exactly', async () => {
    await fc.assert(
      fc.asyncProperty(items(ALL_TYPES), async (list) => {
        const [from, to] = [await table(), await table()];
        await putAll(from, list);
        const exported = await ddb([...E, 'export', from]);
        expect(exported.code, exported.stderr).toBe(0);
        const imported = await ddb([...E, 'import', to, '-', '--format', 'ndjson'], { input: exported.stdout });
        expect(imported.code, imported.stderr).toBe(0);
        expect(await engineScan(endpoint, to)).toEqual(await engineScan(endpoint, from));
      }),
      params,
    );
  });

  it('plain JSON and NDJSON output, read back as plain JSON, give back the values plain JSON holds (numbers exact)', async () => {
    await fc.assert(
      fc.asyncProperty(items(PLAIN_TYPES), fc.constantFrom('ndjson', 'json'), async (list, format) => {
        const [from, to] = [await table(), await table()];
        await putAll(from, list);
        const exported = await ddb([...E, 'export', from, '--format', format]);
        expect(exported.code, exported.stderr).toBe(0);
        const path = join(dir, `${to}.${format}`);
        writeFileSync(path, exported.stdout);
        const imported = await ddb([...E, 'import', to, path, '--plain-json']);
        expect(imported.code, imported.stderr).toBe(0);
        expect(await engineScan(endpoint, to)).toEqual(await engineScan(endpoint, from));
      }),
      params,
    );
  });

  it('CSV export → import gives back every type (the header types each column; maps, lists, sets as DynamoDB JSON cells)', async () => {
    await fc.assert(
      fc.asyncProperty(items(ALL_TYPES), async (list) => {
        const [from, to] = [await table(), await table()];
        await putAll(from, list);
        const exported = await ddb([...E, 'export', from, '--format', 'csv']);
        expect(exported.code, exported.stderr).toBe(0);
        const imported = await ddb([...E, 'import', to, '-', '--format', 'csv'], { input: exported.stdout });
        expect(imported.code, imported.stderr).toBe(0);
        expect(await engineScan(endpoint, to)).toEqual(await engineScan(endpoint, from));
      }),
      params,
    );
  });
});
