import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { buildQuery, inDisplayOrder } from '../src/patterns/declared.js';
import { checkPatterns } from '../src/patterns/check.js';
import { estimateQueryRcu } from '../src/patterns/explain.js';
import { parseTimestamp } from '../src/time.js';
import { resolveTarget } from '../src/target.js';
import { validateSchema } from '../src/schema/validate.js';
import { count, shorten } from '../src/text.js';
import type { SchemaFile } from '../src/schema/format.js';

const parse = (data: unknown): SchemaFile => {
  const { schema, problems } = validateSchema(data);
  if (!schema) throw new Error(problems.map((p) => `${p.path}: ${p.message}`).join('; '));
  return schema;
};
const shipped = parse(JSON.parse(readFileSync(new URL('../schema/tables.json', import.meta.url), 'utf8'))).tables[0]!;
const msg = (name: string, values: Record<string, string | number>, opts = {}) => buildQuery(shipped, shipped.accessPatterns![name]!, values, opts);

/** Keys named after reserved words (status, date, year), a GSI, an N-keyed GSI and an LSI. */
const orders = (accessPatterns: Record<string, unknown>): SchemaFile =>
  parse({
    tables: [
      {
        name: 'orders',
        attributes: { pk: 'S', sk: 'S', status: 'S', date: 'S', year: 'N' },
        keys: { partition: 'pk', sort: 'sk' },
        globalSecondaryIndexes: [{ name: 'gsi1', keys: { partition: 'status', sort: 'date' } }, { name: 'by-year', keys: { partition: 'year' } }],
        localSecondaryIndexes: [{ name: 'by-date', sort: 'date' }],
        accessPatterns,
      },
    ],
  });
const order = (pattern: Record<string, unknown>, values: Record<string, string | number>) => {
  const t = orders({ p: pattern }).tables[0]!;
  return buildQuery(t, t.accessPatterns!.p!, values);
};
const problems = (pattern: Record<string, unknown>) => checkPatterns(orders({ p: pattern })).map((p) => `${p.path}: ${p.message}`);

describe('query builders: declared patterns', () => {
  it('get-conversation: newest first, limit, between on sk, placeholders', () =>
    expect(msg('get-conversation', { group: 'g', since: 'a', until: 'b' })).toEqual({
      TableName: 'cruddur-messages',
      KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :sk1 AND :sk2',
      ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
      ExpressionAttributeValues: { ':pk': 'MSG#g', ':sk1': 'a', ':sk2': 'b' },
      ScanIndexForward: false,
      Limit: 20,
      ReturnConsumedCapacity: 'TOTAL',
    }));
  it('between with only the lower side given becomes >=', () => expect(msg('get-conversation', { group: 'g', since: 'a' })).toMatchObject({ KeyConditionExpression: '#pk = :pk AND #sk >= :sk', ExpressionAttributeValues: { ':pk': 'MSG#g', ':sk': 'a' } }));
  it('between with only the upper side given becomes <=', () => expect(msg('get-conversation', { group: 'g', until: 'b' })).toMatchObject({ KeyConditionExpression: '#pk = :pk AND #sk <= :sk', ExpressionAttributeValues: { ':sk': 'b' } }));
  it('a sort condition whose optional params are absent is dropped', () => expect(msg('get-conversation', { group: 'g' })).toMatchObject({ KeyConditionExpression: '#pk = :pk', ExpressionAttributeNames: { '#pk': 'pk' } }));
  it('list-conversations: GRP#uuid newest first, limit and table from the options', () => expect(msg('list-conversations', { user: 'u' }, { limit: 3, tableName: 't' })).toMatchObject({ TableName: 't', ExpressionAttributeValues: { ':pk': 'GRP#u' }, ScanIndexForward: false, Limit: 3 }));
  it('a GSI whose keys are reserved words: IndexName, #pk/#sk name them', () => expect(order({ description: 'd', params: { s: 'string', from: 'string' }, query: { index: 'gsi1', partition: '{s}', sort: { '>=': '{from}' } } }, { s: 'OPEN', from: '2026' })).toMatchObject({ IndexName: 'gsi1', KeyConditionExpression: '#pk = :pk AND #sk >= :sk', ExpressionAttributeNames: { '#pk': 'status', '#sk': 'date' }, ScanIndexForward: true }));
  it('an N key takes the number itself', () => expect(order({ description: 'd', params: { y: 'number' }, query: { index: 'by-year', partition: '{y}' } }, { y: 2026 }).ExpressionAttributeValues).toEqual({ ':pk': 2026 }));
  it('beginsWith with a template', () => expect(order({ description: 'd', params: { c: 'string', p: 'string' }, query: { partition: 'C#{c}', sort: { beginsWith: 'ORD#{p}#' } } }, { c: '1', p: 'x' })).toMatchObject({ KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :sk)', ExpressionAttributeValues: { ':pk': 'C#1', ':sk': 'ORD#x#' } }));
  it('an LSI: the table\'s partition key, the index\'s sort key', () => expect(order({ description: 'd', params: { c: 'string', d: 'string' }, query: { index: 'by-date', partition: 'C#{c}', sort: { '<': '{d}' } } }, { c: '1', d: '2026' })).toMatchObject({ IndexName: 'by-date', KeyConditionExpression: '#pk = :pk AND #sk < :sk', ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'date' } }));
  it('display oldestFirst reverses a newest-first read', () => expect(inDisplayOrder(shipped.accessPatterns!['get-conversation']!, [3, 2, 1])).toEqual([1, 2, 3]));
  it('no display: the order the query reads', () => expect(inDisplayOrder(shipped.accessPatterns!['list-conversations']!, [3, 2, 1])).toEqual([3, 2, 1]));
});

describe('patterns check (static)', () => {
  it('passes the shipped schema', () => expect(checkPatterns(parse(JSON.parse(readFileSync(new URL('../schema/tables.json', import.meta.url), 'utf8'))))).toEqual([]));
  it('a missing index', () => expect(problems({ description: 'd', params: { s: 'string' }, query: { index: 'x', partition: '{s}' } })).toEqual(['tables[0].accessPatterns.p.query.index: no index "x" on orders (it has: gsi1, by-year, by-date)']));
  it('text in an N key', () => expect(problems({ description: 'd', params: { y: 'string' }, query: { index: 'by-year', partition: 'Y#{y}' } })).toEqual(['tables[0].accessPatterns.p.query.partition: "Y#{y}" fills the partition key "year" of index by-year with a string, but it is N — an N key takes exactly "{param}" with a number param']));
  it('a number in an S key', () => expect(problems({ description: 'd', params: { n: 'number' }, query: { partition: '{n}' } })[0]).toMatch(/"\{n\}" fills the partition key "pk" of table orders with a number, but it is S/));
  it('an undeclared param', () => expect(problems({ description: 'd', params: { s: 'string' }, query: { partition: 'C#{s}', sort: { '=': '{d}' } } })).toEqual(['tables[0].accessPatterns.p.query.sort.=: "{d}" is not a declared param of p — declare it in "params" (e.g. "d": "string") or correct the name']));
  it('an unused param', () => expect(problems({ description: 'd', params: { s: 'string', t: 'string?' }, query: { partition: 'C#{s}' } })).toEqual(['tables[0].accessPatterns.p.params.t: param "t" is declared but no template uses it — use it in the partition or sort template, or remove it']));
  it('an optional param in the partition key (a Scan)', () => expect(problems({ description: 'd', params: { s: 'string?' }, query: { partition: 'C#{s}' } })[0]).toMatch(/query.partition: the partition key needs every param it uses, but "s" is optional — without it this would need a Scan/));
  it('a sort condition on an index without a sort key', () => expect(problems({ description: 'd', params: { y: 'number', a: 'string' }, query: { index: 'by-year', partition: '{y}', sort: { '>': '{a}' } } })).toEqual(['tables[0].accessPatterns.p.query.sort: index by-year has no sort key — remove the sort condition']));
  it('a sort condition on another attribute', () => expect(problems({ description: 'd', params: { s: 'string', a: 'string' }, query: { partition: 'C#{s}', sort: { attribute: 'date', '>': '{a}' } } })[0]).toMatch(/sort.attribute: "date" is not the sort key of table orders \("sk"\)/));
  it('a stray brace', () => expect(problems({ description: 'd', params: { s: 'string' }, query: { partition: 'C#{s}}' } })[0]).toMatch(/is not a template/));
  it('a param that takes the name of an option is refused by the file check', () => expect(validateSchema({ tables: [{ name: 'abc', attributes: { pk: 'S' }, keys: { partition: 'pk' }, accessPatterns: { p: { description: 'd', params: { limit: 'number' }, query: { partition: '{limit}' } } } }] }).problems[0]).toMatchObject({ path: 'tables[0].accessPatterns.p.params.limit', message: expect.stringContaining('is the name of an option every pattern has') }));
});

describe('--explain: estimated read capacity', () => {
  it('average item × limit, 4 KB units, halved (eventually consistent)', () => expect(estimateQueryRcu({ TableSizeBytes: 100_000, ItemCount: 100 }, undefined, 20)).toMatchObject({ averageItemBytes: 1000, units: 5, rcu: 2.5 }));
  it('at least one unit', () => expect(estimateQueryRcu({ TableSizeBytes: 0, ItemCount: 0 }, undefined, 20)).toMatchObject({ units: 1, rcu: 0.5 }));
  it("the index's own figures when it queries one", () => expect(estimateQueryRcu({ TableSizeBytes: 1e6, ItemCount: 100, GlobalSecondaryIndexes: [{ IndexName: 'i', IndexSizeBytes: 4096, ItemCount: 8 }] }, 'i', 16)).toMatchObject({ source: 'index', units: 2, rcu: 1 }));
});

describe('timestamps from other clients', () => {
  it.each([
    ['2026-11-01T10:00:00Z', '2026-11-01T10:00:00.000Z'],
    ['2026-11-01T12:00:00+02:00', '2026-11-01T10:00:00.000Z'],
    ['2026-11-01T10:00:00.123456+00:00', '2026-11-01T10:00:00.123Z'],
    ['2026-11-01 10:00:00', '2026-11-01T10:00:00.000Z'],
    ['2026-11-01', '2026-11-01T00:00:00.000Z'],
  ])('%s', (input, expected) => expect(parseTimestamp(input)?.toISOString()).toBe(expected));
  it('rejects words', () => expect(parseTimestamp('yesterday')).toBeUndefined());
  it('real dates still are (a leap day, the last second of a day, an offset)', () => {
    expect(parseTimestamp('2024-02-29')?.toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect(parseTimestamp('2024-12-31T23:59:59.999Z')?.toISOString()).toBe('2024-12-31T23:59:59.999Z');
    expect(parseTimestamp('2024-03-01T01:00:00+02:00')?.toISOString()).toBe('2024-02-29T23:00:00.000Z');
  });
});

describe('target', () => {
  it('is local by default and honours AWS_ENDPOINT_URL_DYNAMODB', () => {
    expect(resolveTarget({}, {})).toMatchObject({ kind: 'local', endpoint: 'http://localhost:8000' });
    expect(resolveTarget({}, { AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:9' })).toMatchObject({ kind: 'local', endpoint: 'http://127.0.0.1:9' });
    expect(resolveTarget({ prod: true }, {})).toMatchObject({ kind: 'aws' });
  });
});

describe('schema validation', () => {
  it('names the path of a key without a type', () => {
    const { problems } = validateSchema({ tables: [{ name: 'abc', attributes: { pk: 'S' }, keys: { partition: 'pk', sort: 'sk' } }] });
    expect(problems[0]).toEqual({ path: 'tables[0].keys.sort', message: 'attribute "sk" has no type — declare it in "attributes"' });
  });
});

describe('renderers', () => {
  it('shortens cells without splitting emoji', () => expect(shorten('ab🥂cdef', 4)).toBe('ab🥂…'));
  it('groups counts as en-US does, without Intl', () => {
    for (const n of [0, 7, 999, 1_000, 12_345, 999_999, 1_000_000, 123_456_789, -1_234, -999, Number.MAX_SAFE_INTEGER, 1.5]) expect(count(n)).toBe(n.toLocaleString('en-US'));
  });
});

describe('start-up: which command module to load', () => {
  it('finds the command past global options and their values, and the one `help` names', async () => {
    const { invokedCommand } = await import('../src/cli.js');
    expect(invokedCommand(['--endpoint-url', 'http://localhost:8123', '-o', 'json', 'seed', '--dir', 'x'])).toBe('seed');
    expect(invokedCommand(['--output=json', '--prod', 'patterns', 'list-conversations'])).toBe('patterns');
    expect(invokedCommand(['help', 'drop'])).toBe('drop');
    expect(invokedCommand(['--help'])).toBeUndefined();
    expect(invokedCommand(['--region', 'eu-west-1'])).toBeUndefined();
  });
});

describe('the patterns catalogue', () => {
  it('lists a code pattern from its command: arguments, required options, its table', async () => {
    const { Command } = await import('commander');
    const { codeEntry } = await import('../src/commands/patterns.js');
    const cmd = new Command('create-message').description('add a message').argument('<group>').argument('[text]').requiredOption('--from <user>').option('--table <name>', 'table', 't1');
    expect(codeEntry(cmd)).toEqual({ name: 'create-message', source: 'code', table: 't1', params: [{ name: 'group', required: true }, { name: 'text', required: false }, { name: 'from', required: true, option: true }], description: 'add a message' });
  });
});
