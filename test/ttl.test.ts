/**
 * TTL that expires on the local engine: `ddb ttl sweep --now` at a chosen clock, and the sweeper a detached engine
 * runs beside it — items deleted after DynamoDB's rules (judged against the SDK's own Scan of what is left), and the
 * REMOVE records they leave marked with DynamoDB's TTL identity in `streams tail` and `streams run`, while a delete
 * of an expired item by a user stays unmarked.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { FIVE_YEARS_SECONDS } from '../src/ttl/expiry.js';
import { client, uniqueName } from './faults/tables.js';
import { ddb } from './helpers/run.js';
import { freePort, pidAlive } from './local/helpers.js';

const endpoint = inject('endpoint');
const dir = mkdtempSync(join(tmpdir(), 'ddb-ttl-'));
const STATE = join(dir, 'state');
const env = { DDB_STATE_DIR: STATE };
const SERVICE = { type: 'Service', principalId: 'dynamodb.amazonaws.com' };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ok = async (args: string[]) => {
  const r = await ddb(args, { env });
  expect(r.code, r.stderr).toBe(0);
  return r;
};

const ttlTable = async (at: string): Promise<string> => {
  const name = uniqueName('ttl');
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify({ tables: [{ name, attributes: { pk: 'S' }, keys: { partition: 'pk' }, stream: 'NEW_AND_OLD_IMAGES', ttl: { attribute: 'expires_at' } }] }));
  await ok(['--endpoint-url', at, 'schema-load', '--schema', file]);
  return name;
};

const keysLeft = async (at: string, table: string): Promise<string[]> =>
  ((await client(at).send(new ScanCommand({ TableName: table }))).Items ?? []).map((i) => i.pk!.S!).sort();

const tailRecords = async (at: string, table: string, n: number): Promise<any[]> =>
  (await ok(['--endpoint-url', at, 'streams', 'tail', table, '--from-start', '--max-records', String(n), '--output', 'ndjson'])).stdout.trim().split('\n').map((l) => JSON.parse(l));

describe('ddb ttl sweep', () => {
  it('deletes what DynamoDB would expire at the clock given, and marks the REMOVE records as DynamoDB does', async () => {
    const E = ['--endpoint-url', endpoint];
    const table = await ttlTable(endpoint);
    const now = Math.floor(Date.now() / 1000);
    const items: Record<string, Record<string, unknown> | undefined> = {
      expired: { N: String(now - 60) },
      'in-an-hour': { N: String(now + 3600) },
      'far-future': { N: '99999999999' },
      'text-ttl': { S: String(now - 60) },
      'set-ttl': { NS: [String(now - 60)] },
      'no-ttl': undefined,
      'six-years-ago': { N: String(now - FIVE_YEARS_SECONDS - 86_400) },
      'milliseconds-by-mistake': { N: String(now * 1000) }, // in the far future as seconds: never expires
      fraction: { N: `${now - 1}.5` },
    };
    const raw = client(endpoint);
    for (const [pk, ttl] of Object.entries(items)) await raw.send(new PutItemCommand({ TableName: table, Item: ttl ? { pk: { S: pk }, expires_at: ttl as never } : { pk: { S: pk } } }));

    // Now: what expired is gone (DynamoDB Local's own TTL job may have deleted it first; either way it is a TTL deletion).
    const first = await ok([...E, 'ttl', 'sweep', table, '--output', 'json']);
    expect(first.json().tables).toEqual([expect.objectContaining({ table, attribute: 'expires_at' })]);
    const kept = ['far-future', 'milliseconds-by-mistake', 'no-ttl', 'set-ttl', 'six-years-ago', 'text-ttl'];
    expect(await keysLeft(endpoint, table)).toEqual(['in-an-hour', ...kept].sort());

    // Two hours on: the item of the next hour is gone too (only ddb's sweep can have done that); nothing else is.
    const later = await ok([...E, 'ttl', 'sweep', '--now', '+2h']);
    expect(later.stdout).toMatch(new RegExp(`${table}\\s+│ expires_at\\s+│ 7\\s+│ 1 `));
    expect(later.stderr).toMatch(/swept \d+ table\(s\) with TTL at .*: \d+ expired item\(s\) deleted/);
    expect(await keysLeft(endpoint, table)).toEqual(kept);

    // A user's delete is not a TTL deletion.
    await ok([...E, 'delete', table, 'no-ttl']);

    const removes = (await tailRecords(endpoint, table, 13)).filter((r) => r.eventName === 'REMOVE');
    const byKey = removes.map((r) => [r.dynamodb.Keys.pk, r.userIdentity ?? null]).sort((x, y) => String(x[0]).localeCompare(String(y[0])));
    expect(byKey).toEqual([
      ['expired', SERVICE],
      ['fraction', SERVICE],
      ['in-an-hour', SERVICE],
      ['no-ttl', null],
    ]);

    // streams run hands the function the same identity, in Lambda's lower-case shape.
    const seen = join(dir, `${table}.events.ndjson`);
    const handler = join(dir, 'identity.mjs');
    writeFileSync(handler, `import { appendFileSync } from 'node:fs';\nexport const handler = async (event) => { for (const r of event.Records) appendFileSync(${JSON.stringify(seen)}, JSON.stringify(r) + '\\n'); };\n`);
    await ok([...E, 'streams', 'run', handler, table, '--starting-position', 'trim-horizon', '--timeout', '2']);
    const events = readFileSync(seen, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const expired = events.find((r) => r.eventName === 'REMOVE' && r.dynamodb.Keys.pk.S === 'expired');
    expect(expired).toMatchObject({ eventVersion: '1.1', eventSource: 'aws:dynamodb', userIdentity: SERVICE, dynamodb: { Keys: { pk: { S: 'expired' } }, OldImage: { expires_at: { N: String(now - 60) } }, StreamViewType: 'NEW_AND_OLD_IMAGES' } });
    expect(typeof expired.dynamodb.ApproximateCreationDateTime).toBe('number');
    expect(expired.eventSourceARN).toMatch(new RegExp(`table/${table}/stream/`));
    expect(events.find((r) => r.dynamodb.Keys.pk.S === 'no-ttl' && r.eventName === 'REMOVE')).not.toHaveProperty('userIdentity');
    await ddb([...E, 'drop', table, '--yes']);
  }, 60_000);

  it('refuses a table without TTL, a bad clock, and AWS', async () => {
    const name = uniqueName('nottl');
    const file = join(dir, `${name}.json`);
    writeFileSync(file, JSON.stringify({ tables: [{ name, attributes: { pk: 'S' }, keys: { partition: 'pk' } }] }));
    await ok(['--endpoint-url', endpoint, 'schema-load', '--schema', file]);
    const off = await ddb(['--endpoint-url', endpoint, 'ttl', 'sweep', name], { env });
    expect(off.code).toBe(2);
    expect(off.stderr).toMatch(/table .* has no TTL enabled — add "ttl": \{ "attribute": "expires_at" \}/);
    const clock = await ddb(['--endpoint-url', endpoint, 'ttl', 'sweep', '--now', 'tomorrow'], { env });
    expect(clock.code).toBe(2);
    expect(clock.stderr).toMatch(/--now.*must be an ISO 8601 time/);
    const aws = await ddb(['--prod', '--region', 'eu-west-1', 'ttl', 'sweep'], { env });
    expect(aws.code).toBe(2);
    expect(aws.stderr).toMatch(/expires items on a local engine; DynamoDB deletes expired items itself/);
    await ddb(['--endpoint-url', endpoint, 'drop', name, '--yes']);
  });
});

describe('the sweeper of an engine ddb starts', () => {
  it('--ttl-interval 1: expired items go by themselves, marked as TTL deletions; local stop stops the sweeper', async () => {
    const port = await freePort();
    const at = `http://127.0.0.1:${port}`;
    const started = await ok(['local', 'start', '--port', String(port), '--in-memory', '--ttl-interval', '1']);
    expect(started.stderr).toMatch(/expired TTL items deleted every 1 s by ddb's sweeper/);
    const sweeper = JSON.parse(readFileSync(join(STATE, `local-${port}.ttl.json`), 'utf8')).pid as number;
    try {
      expect(pidAlive(sweeper)).toBe(true);
      const table = await ttlTable(at);
      const now = Math.floor(Date.now() / 1000);
      const raw = client(at);
      await raw.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'gone' }, expires_at: { N: String(now - 5) } } }));
      await raw.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'kept' }, expires_at: { N: String(now + 3600) } } }));
      const deadline = Date.now() + 15_000;
      while ((await keysLeft(at, table)).includes('gone') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      expect(await keysLeft(at, table)).toEqual(['kept']);
      const records = await tailRecords(at, table, 3);
      // ddb's sweeper or DynamoDB Local's own job: the record is DynamoDB's TTL deletion either way. The two keys may
      // sit in different shards, and a stream orders records within a key only: compare them as a set.
      expect(records.map((r) => `${r.eventName} ${r.dynamodb.Keys.pk} ${r.userIdentity?.principalId ?? '-'}`).sort()).toEqual(['INSERT gone -', 'INSERT kept -', 'REMOVE gone dynamodb.amazonaws.com']);
    } finally {
      await ok(['local', 'stop', '--port', String(port)]);
    }
    const deadline = Date.now() + 3000;
    while (pidAlive(sweeper) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(pidAlive(sweeper)).toBe(false);
  }, 90_000);
});
