/**
 * The AWS rules of schema-load, exercised against DynamoDB Local: `--prod --endpoint-url <loopback>` makes ddb
 * treat the engine as AWS (the SDK chain, fake credentials from the test env) without leaving this machine.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it, inject } from 'vitest';
import { ddb } from './helpers/run.js';

const endpoint = inject('endpoint');
const LOCAL = ['--endpoint-url', endpoint];
const PROD = ['--prod', '--endpoint-url', endpoint, '--region', 'eu-west-1'];
const dir = mkdtempSync(join(tmpdir(), 'ddb-prod-'));
const NAME = `prod-${randomUUID().slice(0, 8)}`;

const schema = (table: Record<string, unknown> = {}, policy: Record<string, unknown> = {}): string => {
  const file = join(dir, `${randomUUID()}.json`);
  writeFileSync(
    file,
    JSON.stringify({ policy, tables: [{ name: NAME, attributes: { pk: 'S', sk: 'S' }, keys: { partition: 'pk', sort: 'sk' }, ...table }] }),
  );
  return file;
};
const exists = async () => (await ddb([...LOCAL, '-o', 'json', 'list-tables'])).json().some((t: { TableName: string }) => t.TableName === NAME);

afterAll(async () => {
  await ddb([...PROD, 'schema-load', '--yes', '--schema', schema({ deletionProtection: false })]);
  await ddb([...LOCAL, 'drop', NAME, '--yes']);
});

describe('schema-load against AWS', () => {
  it('refuses a region outside the allow-list before any request', async () => {
    const r = await ddb(['--prod', '--endpoint-url', endpoint, '--region', 'us-east-1', 'schema-load', '--yes', '--schema', schema({}, { allowedRegions: ['eu-west-1', 'eu-central-1'] })]);
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('region us-east-1 is not in the schema\'s allowed regions (eu-west-1, eu-central-1)');
    expect((await exists())).toBe(false);
  });

  it('prints the plan and asks; without a terminal or --yes it changes nothing', async () => {
    const r = await ddb([...PROD, 'schema-load', '--schema', schema({}, { allowedRegions: ['eu-west-1'] })]);
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('create table');
    expect(r.stderr).toContain('deletion protection on');
    expect(r.stderr).toContain('changes to AWS tables need confirmation');
    expect((await exists())).toBe(false);
  });

  it('creates with deletion protection on unless the file says otherwise', async () => {
    const r = await ddb([...PROD, 'schema-load', '--yes', '--schema', schema({}, { allowedRegions: ['eu-west-1'] })]);
    expect(r.code, r.stderr).toBe(0);
    const drop = await ddb([...LOCAL, 'drop', NAME, '--yes']);
    expect(drop.code).toBe(5);
    expect(drop.stderr).toContain('deletion protection');
    // The protection was ddb's default, not the file's: the file leaves it unmanaged, so the plan is empty.
    expect((await ddb([...PROD, 'schema-load', '--plan', '--schema', schema()])).code).toBe(0);
  });
});
