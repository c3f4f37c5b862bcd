/**
 * Schema evolution of the messaging table against DynamoDB Local: for each change, `--plan` before shows the step,
 * apply performs it (checked through DescribeTable / DescribeTimeToLive as the engine reports it), `--plan` after
 * shows nothing, and a second apply is a no-op. Each test works on its own copy of the table.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it, inject } from 'vitest';
import { ddb } from './helpers/run.js';

const E = ['--endpoint-url', inject('endpoint')];
const dir = mkdtempSync(join(tmpdir(), 'ddb-evolve-'));
const created: string[] = [];

const messagingTable = (name: string): Record<string, unknown> => ({
  name,
  attributes: { pk: 'S', sk: 'S', message_group_uuid: 'S' },
  keys: { partition: 'pk', sort: 'sk' },
  billing: { mode: 'PAY_PER_REQUEST' },
  globalSecondaryIndexes: [{ name: 'message-group-sk-index', keys: { partition: 'message_group_uuid', sort: 'sk' }, projection: { type: 'ALL' } }],
});

const write = (table: Record<string, unknown>): string => {
  const file = join(dir, `${randomUUID()}.json`);
  writeFileSync(file, JSON.stringify({ tables: [table] }));
  return file;
};

const fresh = async (): Promise<{ name: string; base: Record<string, unknown> }> => {
  const name = `msgs-${randomUUID().slice(0, 8)}`;
  created.push(name);
  const base = messagingTable(name);
  const r = await ddb([...E, 'schema-load', '--schema', write(base)]);
  expect(r.code, r.stderr).toBe(0);
  return { name, base };
};

const plan = async (file: string) => {
  const r = await ddb([...E, '-o', 'json', 'schema-load', '--plan', '--schema', file]);
  return { code: r.code, stderr: r.stderr, plan: r.json() };
};

const describeTable = async (name: string) => (await ddb([...E, '-o', 'json', 'list-tables'])).json().find((t: { TableName: string }) => t.TableName === name);

/** plan shows `change`; apply does it; plan after is empty; apply again changes nothing. */
const evolve = async (table: Record<string, unknown>, change: RegExp, kind: string, applyArgs: string[] = []) => {
  const file = write(table);
  const before = (await plan(file));
  expect(before.code, before.stderr).toBe(6);
  const steps = before.plan.tables[0].steps.filter((s: { skipped?: string }) => !s.skipped);
  expect(steps.map((s: { change: string }) => s.change).join('\n')).toMatch(change);
  expect(steps.find((s: { change: string }) => change.test(s.change)).kind).toBe(kind);

  const human = await ddb([...E, 'schema-load', '--plan', '--schema', file]);
  expect(human.stdout).toMatch(change);
  expect(human.stdout).toContain(kind);

  const applied = await ddb([...E, 'schema-load', '--schema', file, ...applyArgs]);
  expect(applied.code, applied.stderr).toBe(0);
  expect(applied.stderr).toMatch(/applied \d+ change\(s\)/);

  const after = (await plan(file));
  expect(after.code, JSON.stringify(after.plan)).toBe(0);
  expect(after.plan.changes).toBe(0);
  const again = await ddb([...E, 'schema-load', '--schema', file]);
  expect(again.code).toBe(0);
  expect(again.stderr).toContain('no changes');
  return file;
};

afterAll(async () => {
  for (const name of created) {
    await ddb([...E, 'schema-load', '--yes', '--schema', write({ ...messagingTable(name), deletionProtection: false })]);
    await ddb([...E, 'drop', name, '--yes']);
  }
});

describe('schema-load evolves the messaging table', () => {
  it('adds a second GSI, then removes it only with --yes', async () => {
    const { name, base } = (await fresh());
    const byUser = { name: 'user-sk-index', keys: { partition: 'user_uuid', sort: 'sk' }, projection: { type: 'KEYS_ONLY' } };
    const withIndex = { ...base, attributes: { pk: 'S', sk: 'S', message_group_uuid: 'S', user_uuid: 'S' }, globalSecondaryIndexes: [...(base.globalSecondaryIndexes as object[]), byUser] };
    (await evolve(withIndex, /add index user-sk-index \(user_uuid, sk \(sort\); KEYS_ONLY\)/, 'slow'));
    expect((await describeTable(name)).GlobalSecondaryIndexes.sort()).toEqual(['message-group-sk-index', 'user-sk-index']);

    const refused = await ddb([...E, 'schema-load', '--schema', write(base)]);
    expect(refused.code).toBe(5);
    expect(refused.stderr).toMatch(/destructive change\(s\) need confirmation.*--yes/);
    expect((await describeTable(name)).GlobalSecondaryIndexes.sort()).toEqual(['message-group-sk-index', 'user-sk-index']);

    (await evolve(base, /remove index user-sk-index/, 'destructive', ['--yes']));
    expect((await describeTable(name)).GlobalSecondaryIndexes).toEqual(['message-group-sk-index']);
  });

  it('switches billing to provisioned and back', async () => {
    const { name, base } = (await fresh());
    (await evolve({ ...base, billing: { mode: 'PROVISIONED', read: 5, write: 3 } }, /switch billing to provisioned \(5 read \/ 3 write\)/, 'safe'));
    expect((await describeTable(name)).BillingMode).toBe('PROVISIONED');
    (await evolve({ ...base, billing: { mode: 'PROVISIONED', read: 7, write: 3 } }, /change capacity from 5 read \/ 3 write to 7 read \/ 3 write/, 'safe'));
    (await evolve(base, /switch billing to on-demand/, 'safe'));
    expect((await describeTable(name)).BillingMode).toBe('PAY_PER_REQUEST');
  });

  it('turns TTL on and off, and the stream on and off', async () => {
    const { base } = (await fresh());
    (await evolve({ ...base, ttl: { attribute: 'expires_at' } }, /turn TTL on \(expires_at\)/, 'safe'));
    (await evolve({ ...base, ttl: false }, /turn TTL off \(expires_at\)/, 'safe'));
    (await evolve({ ...base, stream: 'NEW_AND_OLD_IMAGES' }, /turn the stream on \(NEW_AND_OLD_IMAGES\)/, 'safe'));
    (await evolve({ ...base, stream: false }, /turn the stream off/, 'destructive', ['--yes']));
  });

  it('turns deletion protection on (drop is refused) and off again', async () => {
    const { name, base } = (await fresh());
    (await evolve({ ...base, deletionProtection: true }, /turn deletion protection on/, 'safe'));
    const drop = await ddb([...E, 'drop', name, '--yes']);
    expect(drop.code).toBe(5);
    expect(drop.stderr).toContain('deletion protection');
    expect((await describeTable(name))).toBeDefined();
    (await evolve({ ...base, deletionProtection: false }, /turn deletion protection off/, 'destructive', ['--yes']));
  });

  it('shows tags and PITR as skipped on an engine without those APIs, and does not count them as drift', async () => {
    const { base } = (await fresh());
    const file = write({ ...base, tags: { team: 'messaging' }, pointInTimeRecovery: true });
    const p = (await plan(file));
    expect(p.code).toBe(0);
    expect(p.plan.skipped).toBe(2);
    expect(p.plan.tables[0].steps.map((s: { skipped?: string }) => s.skipped)).toEqual(['not supported by this engine', 'not supported by this engine']);
    const applied = await ddb([...E, 'schema-load', '--schema', file]);
    expect(applied.code).toBe(0);
    expect(applied.stderr).toContain('2 skipped (not supported by this engine)');
  });

  it('refuses a key change and an added LSI with the way out, and changes nothing', async () => {
    const { name, base } = (await fresh());
    const rekeyed = { ...base, attributes: { pk: 'S', created: 'S', message_group_uuid: 'S', sk: 'S' }, keys: { partition: 'pk', sort: 'created' } };
    const r = await ddb([...E, 'schema-load', '--yes', '--schema', write(rekeyed)]);
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/cannot change a table's key; nothing was changed — way out: create a new table/);
    const lsi = { ...base, attributes: { pk: 'S', sk: 'S', message_group_uuid: 'S', user_uuid: 'S' }, localSecondaryIndexes: [{ name: 'by-user', sort: 'user_uuid' }] };
    const p = (await plan(write(lsi)));
    expect(p.code).toBe(6);
    expect(p.plan.tables[0].refusals[0].change).toMatch(/local index by-user is missing/);
    expect((await describeTable(name)).GlobalSecondaryIndexes).toEqual(['message-group-sk-index']);
  });
});
