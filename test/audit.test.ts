/** ddb audit: the built ddb against the test setup's DynamoDB Local, with its own tables and schema files. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, inject } from 'vitest';
import { ddb } from './helpers/run.js';

const E = ['--endpoint-url', inject('endpoint')];
const suffix = Math.random().toString(36).slice(2, 8);
const TABLE = `audit-${suffix}`;
const OTHER = `audit-other-${suffix}`;
const dir = mkdtempSync(join(tmpdir(), 'ddb-audit-'));

interface Check {
  table: string;
  check: string;
  status: string;
  detail: string;
  fix: string;
}

/** Writes a schema file declaring one table; `extra` is merged into the table. */
const schemaFile = (file: string, name: string, extra: Record<string, unknown> = {}, attributes: Record<string, string> = {}): string => {
  const path = join(dir, file);
  const table = { name, attributes: { pk: 'S', sk: 'S', ...attributes }, keys: { partition: 'pk', sort: 'sk' }, billing: { mode: 'PAY_PER_REQUEST' }, ...extra };
  writeFileSync(path, JSON.stringify({ policy: { requiredTags: ['team'] }, tables: [table] }));
  return path;
};

// --wide: the assertions read whole details and fixes (at 80 columns they wrap).
const audit = async (file: string, ...tables: string[]) => await ddb([...E, '--wide', 'audit', '--schema', file, ...tables]);
const auditJson = async (file: string, ...tables: string[]): Promise<{ checks: Check[]; summary: Record<string, number> }> =>
  (await ddb([...E, 'audit', '--schema', file, '--output', 'json', ...tables])).json();
const find = (checks: Check[], table: string, check: string) => checks.find((c) => c.table === table && c.check === check);

afterAll(async () => {
  // Whatever happened above, leave no table behind.
  const off = schemaFile('cleanup.json', TABLE, { deletionProtection: false });
  await ddb([...E, 'schema-load', '--schema', off, '--yes']);
  for (const t of [TABLE, OTHER]) (await ddb([...E, 'drop', t, '--yes']));
  rmSync(dir, { recursive: true, force: true });
});

describe('ddb audit', () => {
  it('fails without deletion protection, passes once the schema turns it on; drift when the file adds an index', async () => {
    const plain = schemaFile('plain.json', TABLE, { deletionProtection: false });
    expect((await ddb([...E, 'schema-load', '--schema', plain])).code).toBe(0);

    // A local table whose file does not ask for protection only warns (ddb up's table must not fail audit)…
    const unasked = await audit(schemaFile('unasked.json', TABLE));
    expect(unasked.code, unasked.stderr).toBe(0);
    expect(unasked.stdout).toMatch(new RegExp(`^${TABLE}$[\\s\\S]*^  warn  deletion-protection `, 'm'));

    // …a file that says false fails it, as AWS always does.
    const failing = (await audit(plain));
    expect(failing.code, failing.stderr).toBe(7);
    expect(failing.stdout).toMatch(new RegExp(`^${TABLE}$[\\s\\S]*^  fail  deletion-protection `, 'm'));
    expect(failing.stdout).toContain('"deletionProtection": true');
    expect(failing.stderr).toContain(`audit: 1 check(s) failed on ${TABLE}`);
    expect(failing.stderr).toMatch(/9 check\(s\) on 1 table\(s\): \d pass, 0 warn, 1 fail, \d skip/);

    // JSON: the checks as data, and DynamoDB Local's missing APIs are skipped, not failed.
    const data = (await auditJson(plain));
    expect(data.checks.map((c) => c.check)).toEqual(['deletion-protection', 'pitr', 'encryption', 'required-tags', 'region', 'billing-declared', 'drift', 'sparse-index', 'access-patterns']);
    expect(data.summary).toEqual({ pass: 2, warn: 0, fail: 1, skip: 6 });
    expect(find(data.checks, TABLE, 'deletion-protection')).toMatchObject({ status: 'fail', fix: expect.stringContaining('ddb schema-load') });
    expect(find(data.checks, TABLE, 'pitr')).toMatchObject({ status: 'skip', detail: 'not supported by this engine' });
    expect(find(data.checks, TABLE, 'required-tags')).toMatchObject({ status: 'skip', detail: 'not supported by this engine' });
    expect(find(data.checks, TABLE, 'region')?.status).toBe('skip');
    expect(find(data.checks, TABLE, 'drift')?.status).toBe('pass');

    // Turning protection on is a safe step: no --yes needed.
    const protectedFile = schemaFile('protected.json', TABLE, { deletionProtection: true });
    const applied = await ddb([...E, 'schema-load', '--schema', protectedFile]);
    expect(applied.code, applied.stderr).toBe(0);
    const passing = (await audit(protectedFile));
    expect(passing.code, passing.stderr).toBe(0);
    expect(passing.stdout).toMatch(/^  pass  deletion-protection /m);
    expect((await ddb([...E, 'drop', TABLE, '--yes'])).code).toBe(5);

    // The file gains an index that is not applied: drift fails and names the change.
    const withIndex = schemaFile(
      'with-index.json',
      TABLE,
      { deletionProtection: true, globalSecondaryIndexes: [{ name: 'by-owner', keys: { partition: 'owner', sort: 'sk' } }] },
      { owner: 'S' },
    );
    const drifted = await ddb([...E, 'audit', '--schema', withIndex, '--output', 'json']);
    expect(drifted.code).toBe(7);
    const drift = find(drifted.json().checks, TABLE, 'drift');
    expect(drift).toMatchObject({ status: 'fail', fix: expect.stringContaining('ddb schema-load --plan') });
    expect(drift?.detail).toMatch(/^1 change\(s\): add .*by-owner/);
    expect(drifted.stderr).toContain(`audit: 1 check(s) failed on ${TABLE}`);

    // Leave nothing behind: protection off is destructive, so it needs --yes.
    const off = schemaFile('off.json', TABLE, { deletionProtection: false });
    expect((await ddb([...E, 'schema-load', '--schema', off])).code).toBe(5);
    expect((await ddb([...E, 'schema-load', '--schema', off, '--yes'])).code).toBe(0);
    expect((await ddb([...E, 'drop', TABLE, '--yes'])).code).toBe(0);
  });

  it('audits a table named on the command line that the file does not declare', async () => {
    const other = schemaFile('other.json', OTHER, { billing: undefined });
    expect((await ddb([...E, 'schema-load', '--schema', other])).code).toBe(0);

    // Declared without "billing": on-demand only by default, a warning.
    const own = (await auditJson(other));
    expect(find(own.checks, OTHER, 'billing-declared')).toMatchObject({ status: 'warn', detail: expect.stringContaining('only by default') });

    const unrelated = schemaFile('unrelated.json', `audit-unrelated-${suffix}`);
    const r = await ddb([...E, 'audit', '--schema', unrelated, OTHER, '--output', 'json']);
    expect(r.code).toBe(7);
    const checks: Check[] = r.json().checks;
    expect(new Set(checks.map((c) => c.table))).toEqual(new Set([OTHER]));
    expect(find(checks, OTHER, 'billing-declared')).toMatchObject({ status: 'fail', detail: expect.stringContaining('not declared in the schema file') });
    expect(find(checks, OTHER, 'drift')).toMatchObject({ status: 'fail', detail: 'not declared in the schema file' });

    // A declared table that does not exist is drift, not an error.
    const missing = (await auditJson(unrelated));
    expect(missing.checks).toEqual([expect.objectContaining({ check: 'drift', status: 'fail', detail: 'the table does not exist' })]);
    expect((await ddb([...E, 'drop', OTHER, '--yes'])).code).toBe(0);
  });

  it('against AWS (--prod at the loopback engine): the region allow-list is checked, and a missing one warns', async () => {
    const PROD = ['--prod', ...E, '--region', 'eu-west-1'];
    const REGIONAL = `audit-region-${suffix}`;
    let n = 0;
    const file = (policy: Record<string, unknown>) => {
      const path = join(dir, `region-${++n}.json`);
      const table = { name: REGIONAL, attributes: { pk: 'S' }, keys: { partition: 'pk' }, billing: { mode: 'PAY_PER_REQUEST' }, deletionProtection: false };
      writeFileSync(path, JSON.stringify({ policy, tables: [table] }));
      return path;
    };
    expect((await ddb([...PROD, 'schema-load', '--yes', '--schema', file({})])).code).toBe(0);
    try {
      const region = async (policy: Record<string, unknown>) => find((await ddb([...PROD, 'audit', '--schema', file(policy), '--output', 'json'])).json().checks, REGIONAL, 'region');
      expect((await region({ allowedRegions: ['eu-central-1'] }))).toMatchObject({ status: 'fail', detail: 'eu-west-1 is not in the allowed regions (eu-central-1)' });
      expect((await region({ allowedRegions: ['eu-central-1', 'eu-west-1'] }))?.status).toBe('pass');
      expect((await region({}))).toMatchObject({ status: 'warn', fix: expect.stringContaining('policy.allowedRegions') });
    } finally {
      expect((await ddb([...PROD, 'drop', REGIONAL, '--yes', '--allow-prod'])).code).toBe(0);
    }
  });

  it('says an unknown table is not found: one line, exit 3', async () => {
    const r = await ddb([...E, 'audit', '--schema', schemaFile('x.json', TABLE), `audit-nope-${suffix}`]);
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`table audit-nope-${suffix} not found`);
    expect(r.stdout).toBe('');
  });
});
