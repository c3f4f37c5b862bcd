/**
 * The PartiQL scan guard, judged by the engine: statements built from a small grammar (comments of both forms,
 * brackets, quoted identifiers, case, strings with '' escapes, AND/OR/NOT) go to `ddb sql` without --allow-scan.
 * Each one ddb lets through is run again with the raw SDK, one item per page (Limit 1 counts the items the engine
 * evaluates, as ScannedCount would: ExecuteStatement reports none), and must have read at most the items of the two
 * partitions the grammar can name — never the table's other partitions. Refused ones exit 5 with one line.
 */
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import fc from 'fast-check';
import { BatchWriteItemCommand, ExecuteStatementCommand } from '@aws-sdk/client-dynamodb';
import { client, createTable, dropTable, uniqueName } from './faults/tables.js';
import { ddb } from './helpers/run.js';

const endpoint = inject('endpoint');
const E = ['--endpoint-url', endpoint];
const db = client(endpoint);
const table = uniqueName('guard').replace(/-/g, '_');
const PER_PARTITION = 3;
const PARTITIONS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];

/** Items the engine evaluates for a statement: pages of Limit 1, each reading one item (0 when it rejects it). */
const evaluated = async (statement: string): Promise<number> => {
  let pages = 0;
  let token: string | undefined;
  try {
    do {
      const page = await db.send(new ExecuteStatementCommand({ Statement: statement, Limit: 1, ...(token ? { NextToken: token } : {}) }));
      token = page.NextToken;
      pages++;
    } while (token && pages < 100);
  } catch {
    return 0; // DynamoDB rejected the statement: it read nothing
  }
  return pages - 1; // the last page finds nothing more
};

// the grammar: a template whose \u0001 are the places between tokens, where noise (spaces, comments) goes
const S = '\u0001';
const kw = (word: string) => fc.constantFrom(word.toUpperCase(), word.toLowerCase(), word[0]!.toUpperCase() + word.slice(1).toLowerCase());
const keyName = fc.constantFrom('pk', '"pk"', 'PK', '"PK"');
const literal = fc.constantFrom(`'a'`, `'b'`, `'a'''`, `'pk = ''a'''`, `1`);
const keyAtom = fc.oneof(
  fc.tuple(keyName, fc.constantFrom('=', '<>', '>', '<='), literal).map(([k, op, v]) => `${k}${S}${op}${S}${v}`),
  fc.tuple(literal, keyName).map(([v, k]) => `${v}${S}=${S}${k}`),
  fc.tuple(keyName, kw('in'), fc.constantFrom(`['a']`, `['a',${S}'b']`, `('a')`, `['a',${S}sk]`)).map(([k, i, l]) => `${k}${S}${i}${S}${l}`),
  fc.tuple(kw('begins_with'), keyName).map(([f, k]) => `${f}(${k},${S}'a')`),
  fc.constant(`pk${S}=${S}sk`),
);
const otherAtom = fc.oneof(
  fc.constantFrom(`sk${S}>${S}'1'`, `sk${S}<>${S}'1'`, `v${S}=${S}1`, `"v"${S}<${S}3`, `note${S}=${S}'pk = ''a'''`, `attribute_exists(v)`, `contains(sk,${S}'1')`, `begins_with(sk,${S}'1')`),
  fc.tuple(kw('between'), kw('and')).map(([b, a]) => `sk${S}${b}${S}'0'${S}${a}${S}'2'`),
);
const { expr } = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    keyAtom,
    otherAtom,
    fc.tuple(tie('expr'), kw('and'), tie('expr')).map(([a, k, b]) => `${a}${S}${k}${S}${b}`),
    fc.tuple(tie('expr'), kw('or'), tie('expr')).map(([a, k, b]) => `${a}${S}${k}${S}${b}`),
    fc.tuple(kw('not'), tie('expr')).map(([k, a]) => `${k}${S}${a}`),
    tie('expr').map((a) => `(${S}${a}${S})`),
  ),
}));
const noise = fc.constantFrom(' ', '\n', ' /* x */ ', '/**/', ' -- c\n', `/* WHERE pk = 'a' AND */`, '\t');
const statement = fc
  .record({
    select: kw('select'),
    from: kw('from'),
    // two WHEREs in three start with a key condition ANDed to the rest, so that enough statements are allowed to judge
    where: fc.option(fc.tuple(kw('where'), fc.oneof({ arbitrary: expr, weight: 1 }, { arbitrary: fc.tuple(keyAtom, kw('and'), otherAtom).map(([k, a, e]) => `${k}${S}${a}${S}${e}`), weight: 1 }, { arbitrary: fc.tuple(keyAtom, kw('and'), expr).map(([k, a, e]) => `${k}${S}${a}${S}${e}`), weight: 1 })), { nil: undefined }),
    projection: fc.constantFrom('*', 'pk', `pk,${S}sk`, '"pk"'),
    name: fc.constantFrom(table, `"${table}"`),
    bracketed: fc.boolean(),
    trailing: fc.constantFrom('', ` -- WHERE pk = 'a'`, ` /* WHERE pk = 'a' AND */`),
    gaps: fc.array(noise, { minLength: 1, maxLength: 12 }),
  })
  .map(({ select, from, where, projection, name, bracketed, trailing, gaps }) => {
    let body = `${select}${S}${projection}${S}${from}${S}${name}${where ? `${S}${where[0]}${S}${where[1]}` : ''}`;
    if (bracketed) body = `(${S}${body}${S})`;
    let i = 0;
    return `${gaps[0]}${body}${trailing}`.replace(/\u0001/g, () => gaps[i++ % gaps.length]!);
  });

beforeAll(async () => {
  await createTable(db, table); // pk, sk (and an index on g, which these items do not have)
  const items = PARTITIONS.flatMap((pk) => Array.from({ length: PER_PARTITION }, (_, i) => ({ pk: { S: pk }, sk: { S: String(i) }, v: { N: String(i) } })));
  for (let i = 0; i < items.length; i += 25) {
    await db.send(new BatchWriteItemCommand({ RequestItems: { [table]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
  }
});
afterAll(() => dropTable(db, table));

describe('the scan guard, judged by what DynamoDB Local read', () => {
  it('the walk-arounds of issue 17 are refused', async () => {
    for (const sql of [`/**/SELECT pk FROM ${table}`, `(SELECT pk FROM ${table})`, `SELECT pk FROM ${table} /* WHERE pk = 'q' AND */`, `SELECT pk FROM ${table} WHERE pk = 'a' OR pk = 'b'`]) {
      expect(await evaluated(sql), sql).toBe(PARTITIONS.length * PER_PARTITION); // the engine would read everything
      const r = await ddb([...E, 'sql', sql]);
      expect(r.code, sql).toBe(5);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    const keyed = await ddb([...E, 'sql', `/* a comment */ ( SELECT "pk" FROM "${table}" WHERE "pk" = 'a' -- the key\n AND v > 0 )`, '--output', 'json']);
    expect(keyed.code, keyed.stderr).toBe(0);
    expect(keyed.json().Items).toEqual([{ pk: 'a' }, { pk: 'a' }]);
  });

  it('every statement ddb runs without --allow-scan reads at most the partitions it names', async () => {
    const outcomes = { allowed: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(statement, async (sql) => {
        const r = await ddb([...E, 'sql', sql, '--output', 'json']);
        if (r.code === 5 && r.stderr.startsWith('ddb: refusing')) {
          outcomes.refused++;
          expect(r.stderr.trim().split('\n')).toHaveLength(1);
          return;
        }
        outcomes.allowed++;
        // ddb let it through: the engine must not have read beyond two partitions ('a' and 'b')
        expect(await evaluated(sql), sql).toBeLessThanOrEqual(2 * PER_PARTITION);
      }),
      { numRuns: 200 },
    );
    // both sides were exercised (a grammar that is always refused would prove nothing)
    expect(outcomes.allowed).toBeGreaterThanOrEqual(10);
    expect(outcomes.refused).toBeGreaterThanOrEqual(10);
  }, 120_000);
});
