/**
 * Waits that speak: a table or index mid-change (as AWS reports it — the fault proxy rewrites DescribeTable, since
 * DynamoDB Local makes every change at once) is reported with its state and the time waited, and the wait ends at
 * --wait-timeout; `--plan` reports an index still CREATING instead of waiting for it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { ddb } from './helpers/run.js';
import { client, dropTable } from './faults/tables.js';
import { indexesBackfilling, startFaultProxy } from './faults/proxy.js';

const endpoint = inject('endpoint');
const name = `waits-${randomUUID().slice(0, 8)}`;
const file = join(mkdtempSync(join(tmpdir(), 'ddb-waits-')), 'tables.json');

beforeAll(async () => {
  writeFileSync(file, JSON.stringify({ tables: [{ name, attributes: { pk: 'S', g: 'S' }, keys: { partition: 'pk' }, globalSecondaryIndexes: [{ name: 'by-g', keys: { partition: 'g' } }] }] }));
  const r = await ddb(['--endpoint-url', endpoint, 'schema-load', '--schema', file]);
  expect(r.code, r.stderr).toBe(0);
});
afterAll(async () => dropTable(client(endpoint), name));

/** ddb through a proxy whose DescribeTable replies say `status`, and how long it took. */
const through = async (rewrite: (body: any) => unknown, args: string[]) => {
  const proxy = await startFaultProxy(endpoint, { shares: {}, rewrite: { DescribeTable: rewrite } });
  const started = Date.now();
  try {
    const r = await ddb(['--endpoint-url', proxy.url, ...args]);
    return { ...r, seconds: (Date.now() - started) / 1000 };
  } finally {
    await proxy.close();
  }
};

const tableStatus = (status: string) => (body: { Table: { TableStatus: string } }) => {
  body.Table.TableStatus = status;
  return body;
};

// Concurrent: each test has its own proxy and spends its seconds waiting for --wait-timeout.
describe.concurrent('a table or index mid-change', () => {
  it('--plan on an index still CREATING: reported at once as such, no change planned, no wait', async () => {
    const r = await through(indexesBackfilling, ['schema-load', '--plan', '--schema', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.seconds).toBeLessThan(10);
    expect(r.stdout).toContain('index by-g is CREATING (backfilling): under way, not ready for queries yet');
    const json = await through(indexesBackfilling, ['-o', 'json', 'schema-load', '--plan', '--schema', file]);
    expect(json.json().tables[0].notes).toEqual(['index by-g is CREATING (backfilling): under way, not ready for queries yet']);
  });

  for (const status of ['DELETING', 'CREATING', 'UPDATING']) {
    it(`--plan on a table ${status}: says so while it waits, and gives up at --wait-timeout (not "table not found" after a silent minute)`, async () => {
      const r = await through(tableStatus(status), ['schema-load', '--plan', '--schema', file, '--wait-timeout', '4']);
      expect(r.code).toBe(1);
      expect(r.seconds).toBeLessThan(15);
      expect(r.stderr).toMatch(new RegExp(`waiting for ${name}: table ${status} \\(\\d+s\\)`));
      expect(r.stderr).toContain(`ddb: ${name} is still busy after 4 s: table ${status}`);
      expect(r.stderr).not.toContain('not found');
    });
  }

  it('apply with an index still CREATING: waits, saying so, until --wait-timeout', async () => {
    const r = await through(indexesBackfilling, ['schema-load', '--schema', file, '--wait-timeout', '4']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`waiting for ${name}: table ACTIVE, index by-g CREATING \\(backfilling\\) \\(\\d+s\\)`));
    expect(r.stderr).toContain(`is still busy after 4 s: table ACTIVE, index by-g CREATING (backfilling)`);
  });
});
