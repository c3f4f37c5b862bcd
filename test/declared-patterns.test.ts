/**
 * Access patterns declared in the schema file: `ddb patterns check` (static, for CI), the catalogue, and each pattern
 * run by name against DynamoDB Local on a copy of the shipped schema under a table name of its own.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { client, uniqueName } from './faults/tables.js';
import { BIN, ddb } from './helpers/run.js';
import { ORDERS_SCHEMA, loadOrders, orderItems } from './helpers/orders.js';

const endpoint = inject('endpoint');
const E = ['--endpoint-url', endpoint];
const GROUP = '5f12e71c-7f93-4344-8c70-1a94a666713f';
const ANDREW = '97c1ecbf-f5b6-4359-b87a-8eaefaa0a683';
const TABLE = uniqueName('declared');
const dir = mkdtempSync(join(tmpdir(), 'ddb-declared-'));
const shippedText = readFileSync(new URL('../schema/tables.json', import.meta.url), 'utf8');

/** The shipped schema under TABLE, plus a pattern on the group index (the two group items of a conversation). */
const copy = (() => {
  const schema = JSON.parse(shippedText);
  schema.tables[0].name = TABLE;
  schema.tables[0].accessPatterns['group-members'] = {
    description: 'the group items of a conversation, one per participant',
    params: { group: 'uuid' },
    query: { index: 'message-group-sk-index', partition: '{group}' },
  };
  return schema;
})();
const write = (name: string, data: unknown): string => {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(data, null, 2));
  return file;
};
const SCHEMA = write('tables.json', copy);
const S = ['--schema', SCHEMA];

beforeAll(async () => {
  const loaded = await ddb([...E, 'schema-load', ...S]);
  expect(loaded.code, loaded.stderr).toBe(0);
  const seeded = await ddb([...E, 'seed', '--table', TABLE]);
  expect(seeded.code, seeded.stderr).toBe(0);
});

afterAll(async () => {
  await ddb([...E, 'drop', TABLE, '--yes']);
  rmSync(dir, { recursive: true, force: true });
});

/** A schema file with one table (pk S, sk S, a GSI on n N) and one pattern. */
/** The lines of `ddb patterns check` without the line:column of each problem (schema-limits.test.ts checks those). */
const unplaced = (stdout: string): string => stdout.replace(/^(\S+\.json):\d+:\d+:/gm, '$1:');

const onePattern = (pattern: unknown): string =>
  write(`${uniqueName('bad')}.json`, {
    tables: [{ name: 'ttt', attributes: { pk: 'S', sk: 'S', n: 'N' }, keys: { partition: 'pk', sort: 'sk' }, globalSecondaryIndexes: [{ name: 'by-n', keys: { partition: 'n' } }], accessPatterns: { p: pattern } }],
  });

describe('ddb patterns check', () => {
  it('passes the shipped schema: one line, exit 0', async () => {
    const r = await ddb(['patterns', 'check']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('schema/tables.json: 2 access pattern(s) on 1 table(s) pass — their indexes exist, their keys get their types, every param is declared and used, no Scan\n');
  });

  it.each([
    ['names a missing index', { description: 'd', params: { g: 'uuid' }, query: { index: 'x', partition: 'G#{g}' } }, 'tables[0].accessPatterns.p.query.index: no index "x" on ttt (it has: by-n)'],
    [
      'fills an N key with text',
      { description: 'd', params: { id: 'string' }, query: { index: 'by-n', partition: 'N#{id}' } },
      'tables[0].accessPatterns.p.query.partition: "N#{id}" fills the partition key "n" of index by-n with a string, but it is N — an N key takes exactly "{param}" with a number param',
    ],
    [
      'uses an undeclared param',
      { description: 'd', params: { g: 'uuid' }, query: { partition: 'G#{g}', sort: { beginsWith: '{prefix}' } } },
      'tables[0].accessPatterns.p.query.sort.beginsWith: "{prefix}" is not a declared param of p — declare it in "params" (e.g. "prefix": "string") or correct the name',
    ],
  ])('catches a pattern that %s: one line with its place in the file, exit 2', async (_what, pattern, line) => {
    const file = onePattern(pattern);
    const r = await ddb(['patterns', 'check', '--schema', file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe(`${file}: ${line}\n`);
    expect(r.stderr).toBe(`ddb: 1 problem(s) in the access patterns of ${file} — each is listed with its place in the file; fix them and run \`ddb patterns check\` again\n`);
    // …and the pattern does not run: the same line, before anything is sent
    const run = await ddb(['--endpoint-url', 'http://127.0.0.1:1', 'patterns', 'p', 'ab', '--schema', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`ddb: ${file}: ${line} — \`ddb patterns check\` lists every problem\n`);
  });

  it('reports a file that fails its shape check one problem a line too', async () => {
    const file = onePattern({ description: 'd', params: { limit: 'number', g: 'uuid' }, query: { partition: 'G#{g}', sort: { '>': '{limit}', '<': '{limit}' } } });
    const r = await ddb(['patterns', 'check', '--schema', file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^\S+\.json:\d+:\d+: /);
    expect(unplaced(r.stdout).trim().split('\n')).toEqual([
      `${file}: tables[0].accessPatterns.p.params.limit: is the name of an option every pattern has (limit, startingToken, dryRun, explain, table, users, schema, …) — use another name`,
      `${file}: tables[0].accessPatterns.p.query.sort: needs exactly one of beginsWith, between, =, <, <=, >, >=`,
    ]);
  });

  it('says what a column may be when one is neither an attribute name nor {attribute, header}', async () => {
    const file = onePattern({ description: 'd', params: { id: 'string' }, query: { partition: '{id}' }, columns: ['sk', { attribute: 'pk' }] });
    const r = await ddb(['patterns', 'check', '--schema', file]);
    expect(r.code).toBe(2);
    expect(unplaced(r.stdout)).toBe(`${file}: tables[0].accessPatterns.p.columns[1]: a column is an attribute name, or {"attribute": "NAME", "header": "TEXT"}, got an object\n`);
  });
});

describe('ddb patterns (the catalogue)', () => {
  it('lists every declared pattern with its table, index, key templates and params', async () => {
    const r = await ddb(['patterns', ...S, '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    // the declared ones; the patterns that are code (the writes) follow them
    expect(r.json().filter((p: { source: string }) => p.source === 'code').map((p: { name: string }) => p.name)).toEqual(['create-message', 'create-conversation']);
    expect(r.json().filter((p: { source: string }) => p.source === 'schema')).toEqual([
      {
        name: 'get-conversation',
        source: 'schema',
        table: TABLE,
        key: 'pk = MSG#{group}, sk between {since} and {until}',
        params: [
          { name: 'group', type: 'uuid', required: true },
          { name: 'since', type: 'timestamp', required: false },
          { name: 'until', type: 'timestamp', required: false },
        ],
        description: 'the newest messages of a message group, printed oldest-first',
        alternatives: ['get-conversation <user> <other_user>'],
      },
      { name: 'list-conversations', source: 'schema', table: TABLE, key: 'pk = GRP#{user}', params: [{ name: 'user', type: 'user', required: true }], description: "a user's message groups, newest first" },
      { name: 'group-members', source: 'schema', table: TABLE, index: 'message-group-sk-index', key: 'message_group_uuid = {group}', params: [{ name: 'group', type: 'uuid', required: true }], description: 'the group items of a conversation, one per participant' },
    ]);
    const list = await ddb(['patterns', ...S]);
    expect(list.stdout).toContain(['get-conversation <group:uuid> [--since timestamp] [--until timestamp]', '  or: get-conversation <user> <other_user>', '    the newest messages of a message group, printed oldest-first', `    ${TABLE}: pk = MSG#{group}, sk between {since} and {until}`].join('\n'));
    expect(list.stdout).toContain(`group-members <group:uuid>\n    the group items of a conversation, one per participant\n    ${TABLE}, index message-group-sk-index: message_group_uuid = {group}`);
    expect(list.stderr).toContain(`3 pattern(s) declared in ${SCHEMA}`);
  });

  it('says which patterns there are when asked for one that is not: one line, exit 2', async () => {
    const r = await ddb(['patterns', 'get-conversations', ...S]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`ddb: no pattern "get-conversations" in ${SCHEMA} — the patterns are: get-conversation, list-conversations, group-members, create-message, create-conversation (\`ddb patterns\` lists them)\n`);
  });

  it('generates --help from the declaration', async () => {
    const r = await ddb(['patterns', 'get-conversation', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: ddb patterns get-conversation [options] <group> [other_user]');
    expect(r.stdout).toMatch(/--since <timestamp>\s+an ISO 8601 timestamp/);
    expect(r.stdout).toContain('--explain');
  });

  it('`ddb --help` reads no schema file (zod is not loaded)', () => {
    // dist/ is a bundle: zod is in a chunk, so "loaded" is "a dist/ file holding zod was loaded" (dist/chunks.json).
    const chunks = JSON.parse(readFileSync(new URL('../dist/chunks.json', import.meta.url), 'utf8')) as Record<string, { packages: string[] }>;
    const hook = `data:text/javascript,${encodeURIComponent(
      `import { register } from 'node:module'; register('data:text/javascript,' + encodeURIComponent('import { appendFileSync } from "node:fs"; export async function load(url, context, next) { if (url.startsWith("file:")) appendFileSync(process.env.DDB_LOADED_LOG, url + "\\\\n"); return next(url, context); }'));`,
    )}`;
    const loadsZod = (args: string[]): boolean => {
      const log = join(dir, `loaded-${args.join('-')}.txt`);
      const r = spawnSync(process.execPath, ['--import', hook, BIN, ...args], { encoding: 'utf8', env: { ...process.env, DDB_LOADED_LOG: log } });
      expect(r.status).toBe(0);
      const dist = new URL('../dist/', import.meta.url).href;
      return readFileSync(log, 'utf8').trim().split('\n').some((url) => url.startsWith(dist) && (chunks[url.slice(dist.length)]?.packages ?? []).includes('zod'));
    };
    expect(loadsZod(['--help'])).toBe(false);
    // the check works: `patterns` reads the schema with zod
    expect(loadsZod(['patterns', '--help'])).toBe(true);
  });
});

describe('running a declared pattern by name', () => {
  it('get-conversation GROUP: the newest messages, oldest-first, in DynamoDB\'s reply shape', async () => {
    const r = await ddb([...E, 'patterns', 'get-conversation', GROUP, ...S, '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const reply = r.json();
    expect(Object.keys(reply)).toEqual(expect.arrayContaining(['Items', 'Count', 'ScannedCount', 'ConsumedCapacity', 'NextToken']));
    expect(reply.Items).toHaveLength(20);
    const sks = reply.Items.map((i: { sk: string }) => i.sk);
    expect([...sks].sort()).toEqual(sks);
    expect(sks.at(-1)).toBe('2026-11-15T16:08:18.360Z');
    expect(reply.ConsumedCapacity.TableName).toBe(TABLE);
  });

  it('get-conversation USER OTHER_USER: the group the two share; pages with --starting-token', async () => {
    const first = await ddb([...E, 'patterns', 'get-conversation', 'andrewbrown', '@bayko', '--limit', '5', ...S]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('Deal. Rest first');
    // the headers the schema file gives its columns (the attributes themselves are sk, user_handle, message)
    expect(first.stdout.split('\n').find((l) => l.includes('When'))).toMatch(/^\W*When\W+From\W+Message\W*$/);
    const more = /more: (.*)/.exec(first.stderr)?.[1];
    expect(more).toContain(`patterns get-conversation ${GROUP} --limit 5 --schema ${SCHEMA} --starting-token `);
    const page1 = (await ddb([...E, 'patterns', 'get-conversation', GROUP, '--limit', '5', ...S, '-o', 'json'])).json();
    const page2 = (await ddb([...E, 'patterns', 'get-conversation', GROUP, '--limit', '5', ...S, '--starting-token', page1.NextToken, '-o', 'json'])).json();
    expect(page2.Items).toHaveLength(5);
    expect(page2.Items.at(-1).sk < page1.Items[0].sk).toBe(true);
  });

  it('list-conversations HANDLE, and a pattern on an index', async () => {
    const groups = (await ddb([...E, 'patterns', 'list-conversations', 'andrewbrown', ...S, '-o', 'json'])).json();
    expect(groups.Items.map((i: { user_handle: string }) => i.user_handle)).toEqual(['londo', 'bayko']);
    const members = await ddb([...E, 'patterns', 'group-members', GROUP, ...S, '-o', 'json']);
    expect(members.code, members.stderr).toBe(0);
    expect(members.json().Items.map((i: { pk: string }) => i.pk).sort()).toEqual(['GRP#2bf6761e-befc-4f0d-9fa2-122f88434f7e', `GRP#${ANDREW}`]);
  });

  it('--dry-run prints the exact Query (optional params canonical, placeholders) and sends nothing', async () => {
    const r = await ddb(['--endpoint-url', 'http://127.0.0.1:1', 'patterns', 'get-conversation', GROUP.toUpperCase(), '--since', '2026-11-15T17:00:00+01:00', '--until', '2026-11-16', '--limit', '7', ...S, '--dry-run', '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json().sent).toBe(0);
    expect(r.json().steps).toHaveLength(1);
    expect(r.json().steps[0]).toMatchObject({ api: 'Query', read: true });
    expect(r.json().steps[0].input).toEqual({
      TableName: TABLE,
      KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :sk1 AND :sk2',
      ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
      ExpressionAttributeValues: { ':pk': `MSG#${GROUP}`, ':sk1': '2026-11-15T16:00:00.000Z', ':sk2': '2026-11-16T00:00:00.000Z' },
      ScanIndexForward: false,
      Limit: 7,
      ReturnConsumedCapacity: 'TOTAL',
    });
    const list = await ddb(['--endpoint-url', 'http://127.0.0.1:1', 'patterns', 'list-conversations', '@andrewbrown', ...S, '--dry-run', '-o', 'json']);
    expect(list.json().steps[0].input.ExpressionAttributeValues).toEqual({ ':pk': `GRP#${ANDREW}` });
  });

  it('--explain: the request, the index, the estimated RCU from DescribeTable, then the consumed capacity', async () => {
    const { Table } = await client(endpoint).send(new DescribeTableCommand({ TableName: TABLE }));
    const index = Table!.GlobalSecondaryIndexes![0]!;
    const expected = Math.max(1, Math.ceil(((index.IndexSizeBytes! / index.ItemCount!) * 20) / 4096)) / 2;

    const r = await ddb([...E, 'patterns', 'group-members', GROUP, ...S, '--explain', '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const out = r.json();
    expect(out.Explain).toMatchObject({ IndexName: 'message-group-sk-index', Request: { IndexName: 'message-group-sk-index', Limit: 20 }, Estimate: { ReadCapacityUnits: expected, From: 'index', Items: 20, ConsistentRead: false } });
    expect(out.Items).toHaveLength(2);
    expect(out.ConsumedCapacity.CapacityUnits).toBeGreaterThan(0);

    const people = await ddb([...E, 'patterns', 'get-conversation', GROUP, '--limit', '3', ...S, '--explain']);
    expect(people.code, people.stderr).toBe(0);
    expect(people.stdout).toContain(`Query on table ${TABLE} (no index), key pk, sk:`);
    expect(people.stdout).toMatch(/estimate: at most [\d.]+ RCU — 3 item\(s\) × [\d.]+ K?B average \(table: /);
    expect(people.stderr).toMatch(/3 item\(s\); consumed [\d.]+ RCU on declared-\w+ \(estimated at most [\d.]+ RCU\)/);
  });

  it('a missing required param: commander\'s one line, exit 2', async () => {
    const r = await ddb([...E, 'patterns', 'list-conversations', ...S]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("ddb: missing required argument 'user' — give it as a word or as --user VALUE\n");
  });

  it('a param of the wrong type: one line, exit 2', async () => {
    const r = await ddb([...E, 'patterns', 'get-conversation', GROUP, '--until', 'tomorrow', ...S]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('ddb: --until "tomorrow" is not an ISO 8601 timestamp — use e.g. 2026-11-01 or 2026-11-01T10:00:00Z\n');
  });

  it('schema-load plans nothing for accessPatterns (they are not a DynamoDB setting)', async () => {
    const r = await ddb([...E, 'schema-load', '--plan', ...S]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });
});

describe('the orders example: orders-by-status on gsi1', () => {
  let orders = '';
  beforeAll(async () => {
    orders = await loadOrders(endpoint, 'declared-orders');
  });
  afterAll(async () => {
    await ddb([...E, 'drop', orders, '--yes']);
  });

  it('passes patterns check', async () => {
    const r = await ddb(['patterns', 'check', '--schema', ORDERS_SCHEMA]);
    expect(r.code, r.stdout).toBe(0);
  });

  it('runs by name: the orders in a status, newest first, and --month narrows them with begins_with', async () => {
    const pending = orderItems().filter((i) => i.gsi1pk === 'STATUS#pending');
    const all = await ddb([...E, 'patterns', '--schema', ORDERS_SCHEMA, 'orders-by-status', 'pending', '--table', orders, '-o', 'json']);
    expect(all.code, all.stderr).toBe(0);
    expect(all.json().Items.map((i: { order_id: string }) => i.order_id)).toEqual(pending.sort((a, b) => (a.gsi1sk < b.gsi1sk ? 1 : -1)).map((i) => i.order_id));
    const march = await ddb([...E, 'patterns', '--schema', ORDERS_SCHEMA, 'orders-by-status', 'pending', '--month', '2025-03', '--table', orders, '-o', 'json']);
    const inMarch = pending.filter((i) => i.gsi1sk.startsWith('2025-03'));
    expect(inMarch.length).toBeGreaterThan(0);
    expect(inMarch.length).toBeLessThan(pending.length);
    expect(march.json().Items.map((i: { order_id: string }) => i.order_id).sort()).toEqual(inMarch.map((i) => i.order_id).sort());
  });
});

describe('ddb audit: access-patterns', () => {
  const check = (r: { json: () => any }) => r.json().checks.find((c: { check: string }) => c.check === 'access-patterns');

  it('passes when the indexes the patterns query are ACTIVE', async () => {
    const passing = await ddb([...E, 'audit', TABLE, ...S, '-o', 'json']);
    expect(check(passing)).toMatchObject({ status: 'pass', detail: '3 pattern(s); the index(es) they query are ACTIVE: message-group-sk-index' });
  });

  it('fails when an index a pattern queries does not exist', async () => {
    // The file declares an index the live table lacks, and a pattern on it.
    const more = JSON.parse(JSON.stringify(copy));
    more.tables[0].attributes.user_uuid = 'S';
    more.tables[0].globalSecondaryIndexes.push({ name: 'by-user', keys: { partition: 'user_uuid', sort: 'sk' } });
    more.tables[0].accessPatterns['by-user'] = { description: 'd', params: { user: 'user' }, query: { index: 'by-user', partition: '{user}' } };
    const missing = await ddb([...E, 'audit', TABLE, '--schema', write('more.json', more), '-o', 'json']);
    expect(missing.code).toBe(7);
    expect(check(missing)).toMatchObject({ status: 'fail', detail: 'by-user needs index by-user, which does not exist', fix: expect.stringContaining('ddb schema-load') });
  });

  it('fails while an index a pattern queries is backfilling', async () => {
    // DynamoDB Local makes an index ACTIVE at once; the proxy shows what AWS shows during a backfill.
    const { indexesBackfilling, startFaultProxy } = await import('./faults/proxy.js');
    const proxy = await startFaultProxy(endpoint, {
      shares: {},
      rewrite: { DescribeTable: indexesBackfilling },
    });
    try {
      const backfilling = await ddb(['--endpoint-url', proxy.url, 'audit', TABLE, ...S, '-o', 'json']);
      expect(backfilling.code).toBe(7);
      expect(check(backfilling)).toMatchObject({
        status: 'fail',
        detail: 'group-members needs index message-group-sk-index, which is CREATING (backfilling)',
      });
    } finally {
      await proxy.close();
    }
  });
});
