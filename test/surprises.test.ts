/**
 * Issue 17's "silent surprises", one test each: impossible dates refused, every attribute of an item shown or named,
 * `more:` lines that run for a key starting with "-", get-conversation of a user with themself, users.json with a
 * handle or uuid twice, a --limit beyond DynamoDB's Limit, the hint for --set and --remove of one attribute,
 * list-tables' local indexes, a pattern's required params as options, a pattern without a description — and
 * get-conversation USER OTHER --dry-run, which sends nothing (a dead endpoint, --prod without credentials).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { CreateTableCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { client, createTable, dropTable, uniqueName } from './faults/tables.js';
import { ddb } from './helpers/run.js';
import { parseTimestamp } from '../src/time.js';

const endpoint = inject('endpoint');
const E = ['--endpoint-url', endpoint];
const DEAD = ['--endpoint-url', 'http://127.0.0.1:1'];
const db = client(endpoint);
const table = uniqueName('surprise');
const GROUP = '5f12e71c-7f93-4344-8c70-1a94a666713f';
const dir = mkdtempSync(join(tmpdir(), 'ddb-surprises-'));

beforeAll(async () => {
  await createTable(db, table);
  for (const sk of ['1', '2', '3']) await db.send(new PutItemCommand({ TableName: table, Item: { pk: { S: '-x' }, sk: { S: sk } } }));
  const wide = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`attr${String(i).padStart(2, '0')}`, { S: `v${i}` }]));
  await db.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'wide' }, sk: { S: '1' }, ...wide } }));
});
afterAll(() => dropTable(db, table));

describe('silent surprises', () => {
  it.each(['2024-02-30', '2023-02-29', '2024-04-31', '2024-01-01T24:00:00Z', '2024-01-01T23:59:60Z', '2024-13-01', '2024-01-01T10:61:00Z'])('%s is not a date', async (when) => {
    expect(parseTimestamp(when)).toBeUndefined();
    const r = await ddb([...DEAD, 'patterns', 'get-conversation', GROUP, '--since', when, '--dry-run']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--since "${when}" is not an ISO 8601 timestamp`);
  });

  it('table output shows every attribute, or names those it leaves out; --wide shows all', async () => {
    const all = Array.from({ length: 12 }, (_, i) => `attr${String(i).padStart(2, '0')}`);
    const roomy = await ddb([...E, 'query', table, 'wide'], { columns: 400 });
    for (const a of all) expect(roomy.stdout).toContain(a);
    const narrow = await ddb([...E, 'query', table, 'wide'], { columns: 80 });
    const note = narrow.stdout.replace(/\s+/g, ' ');
    for (const a of all) expect(narrow.stdout.split('\n')[1]!.includes(a) || note.includes(a)).toBe(true);
    expect(note).toContain('--wide shows every column');
    const wide = await ddb([...E, 'query', table, 'wide', '--wide'], { columns: 80 });
    for (const a of all) expect(wide.stdout.split('\n')[1]).toContain(a);
  });

  it('the more: line of a partition key that starts with "-" runs as printed', async () => {
    const first = await ddb([...E, 'query', table, '--limit', '1', '--', '-x']);
    expect(first.code, first.stderr).toBe(0);
    const more = /^more: ddb (.*)$/m.exec(first.stderr)![1]!;
    expect(more).toContain(' -- ');
    const second = await ddb(more.split(' '));
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/│ -x\s+│ 2\s+│/);
  });

  it('get-conversation of a user with themself: one line, exit 2, no suggestion that fails', async () => {
    const r = await ddb([...DEAD, 'patterns', 'get-conversation', 'garak', 'garak']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('ddb: garak and garak are the same user: a conversation is between two users — name two different users, or pass a message group uuid');
  });

  it('users.json with a handle or a uuid twice is refused, with the place of each', async () => {
    const users = JSON.parse(readFileSync(new URL('../seed/users.json', import.meta.url), 'utf8')) as { uuid: string; handle: string; display_name: string }[];
    for (const [name, twin] of [
      ['handle', { ...users[1]!, handle: users[0]!.handle }],
      ['uuid', { ...users[1]!, uuid: users[0]!.uuid.toUpperCase() }],
    ] as const) {
      const folder = mkdtempSync(join(dir, `users-${name}-`));
      writeFileSync(join(folder, 'users.json'), JSON.stringify([users[0], twin, ...users.slice(2)]));
      const r = await ddb([...DEAD, 'patterns', 'list-conversations', users[2]!.handle, '--users', folder, '--dry-run']);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(`[1].${name}`);
      expect(r.stderr).toContain("is also user 0's");
    }
  });

  it('a --limit beyond DynamoDB\'s 32-bit Limit is a usage error before anything is sent', async () => {
    const r = await ddb([...DEAD, 'query', table, 'x', '--limit', '2147483648']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('must be at most 2147483647');
  });

  it('--set a=1 --remove a: the hint says to name it once', async () => {
    const r = await ddb([...E, 'update', table, 'wide', '1', '--set', 'a=1', '--remove', 'a']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('one update changes an attribute (or a path inside it) once');
    expect(r.stderr).not.toContain('set the whole map first');
  });

  it('list-tables names local secondary indexes too', async () => {
    const withLsi = uniqueName('surprise-lsi');
    await db.send(
      new CreateTableCommand({
        TableName: withLsi,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: ['pk', 'sk', 'at'].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
        LocalSecondaryIndexes: [{ IndexName: 'by-at', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'at', KeyType: 'RANGE' }], Projection: { ProjectionType: 'KEYS_ONLY' } }],
      }),
    );
    try {
      const json = await ddb([...E, 'list-tables', '--output', 'json']);
      expect(json.json().find((t: { TableName: string }) => t.TableName === withLsi)).toMatchObject({ GlobalSecondaryIndexes: [], LocalSecondaryIndexes: ['by-at'] });
      const people = await ddb([...E, 'list-tables', '--wide']);
      expect(people.stdout).toContain('by-at (local)');
    } finally {
      await dropTable(db, withLsi);
    }
  });

  it('a declared pattern takes its required params as options too', async () => {
    const word = await ddb([...DEAD, 'patterns', 'list-conversations', 'andrewbrown', '--dry-run', '--output', 'json']);
    const option = await ddb([...DEAD, 'patterns', 'list-conversations', '--user', 'andrewbrown', '--dry-run', '--output', 'json']);
    expect(option.code, option.stderr).toBe(0);
    expect(option.json()).toEqual(word.json());
    const group = await ddb([...DEAD, 'patterns', 'get-conversation', '--group', GROUP, '--dry-run', '--output', 'json']);
    expect(group.code, group.stderr).toBe(0);
    expect(group.json().steps[0].input.ExpressionAttributeValues[':pk']).toBe(`MSG#${GROUP}`);
    const both = await ddb([...DEAD, 'patterns', 'list-conversations', 'andrewbrown', '--user', 'bayko', '--dry-run']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('too many words');
  });

  it('a pattern without a description is valid', async () => {
    const schema = JSON.parse(readFileSync(new URL('../schema/tables.json', import.meta.url), 'utf8'));
    delete schema.tables[0].accessPatterns['list-conversations'].description;
    const file = join(dir, 'no-description.json');
    writeFileSync(file, JSON.stringify(schema));
    const check = await ddb(['patterns', 'check', '--schema', file]);
    expect(check.code, check.stderr).toBe(0);
    const run = await ddb([...DEAD, 'patterns', 'list-conversations', 'andrewbrown', '--schema', file, '--dry-run']);
    expect(run.code, run.stderr).toBe(0);
    const list = await ddb(['patterns', '--schema', file]);
    expect(list.code, list.stderr).toBe(0);
  });
});

describe('get-conversation USER OTHER --dry-run sends nothing', () => {
  it('against a dead endpoint: the read that finds the group, then the Query with the group as a placeholder', async () => {
    const r = await ddb([...DEAD, 'patterns', 'get-conversation', 'andrewbrown', 'bayko', '--dry-run', '--output', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const [find, read] = r.json().steps;
    expect(find.api).toBe('Query');
    expect(find.input.ExpressionAttributeValues[':pk']).toMatch(/^GRP#/);
    expect(read.input.ExpressionAttributeValues[':pk']).toMatch(/^MSG#<message_group_uuid of andrewbrown and bayko/);
  });

  it('with --prod and no credentials or region', async () => {
    const r = await ddb(['--prod', 'patterns', 'get-conversation', 'andrewbrown', 'bayko', '--dry-run'], {
      env: { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_PROFILE: 'ddb-no-such-profile', AWS_REGION: '', AWS_DEFAULT_REGION: '', AWS_CONFIG_FILE: join(dir, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none') },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^1\. Query \(read/);
    expect(r.stderr).toContain('dry run: nothing sent');
  });
});
