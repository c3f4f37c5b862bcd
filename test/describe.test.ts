/** ddb describe: the built ddb against the test setup's DynamoDB Local, with its own table and schema files. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, inject } from 'vitest';
import { ddb } from './helpers/run.js';

const E = ['--endpoint-url', inject('endpoint')];
const TABLE = `describe-${Math.random().toString(36).slice(2, 8)}`;
const dir = mkdtempSync(join(tmpdir(), 'ddb-describe-'));

const schemaFile = (file: string, extra: Record<string, unknown> = {}): string => {
  const path = join(dir, file);
  const table = {
    name: TABLE,
    attributes: { pk: 'S', sk: 'S', owner: 'S', rank: 'N' },
    keys: { partition: 'pk', sort: 'sk' },
    billing: { mode: 'PROVISIONED', read: 3, write: 2 },
    globalSecondaryIndexes: [{ name: 'by-owner', keys: { partition: 'owner', sort: 'sk' }, projection: { type: 'INCLUDE', attributes: ['title'] } }],
    localSecondaryIndexes: [{ name: 'by-rank', sort: 'rank', projection: { type: 'KEYS_ONLY' } }],
    ...extra,
  };
  writeFileSync(path, JSON.stringify({ tables: [table] }));
  return path;
};

afterAll(async () => {
  await ddb([...E, 'drop', TABLE, '--yes']);
  rmSync(dir, { recursive: true, force: true });
});

describe('ddb describe', () => {
  it('shows keys, indexes with status, billing, settings; "not supported by this engine" where DynamoDB Local has no API', async () => {
    expect((await ddb([...E, 'schema-load', '--schema', schemaFile('base.json')])).code).toBe(0);

    const r = await ddb([...E, '--wide', 'describe', TABLE]); // every index column in full
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/partition key\s+pk \(S\)/);
    expect(r.stdout).toMatch(/sort key\s+sk \(S\)/);
    expect(r.stdout).toMatch(/by-owner\s*│ owner \(S\)\s*│ sk \(S\)\s*│ INCLUDE \(title\)\s*│ ACTIVE\s*│\s*0\s*│\s*0 B\s*│\s*3 \/ 2/);
    expect(r.stdout).toMatch(/by-rank\s*│ pk \(S\)\s*│ rank \(N\)\s*│ KEYS_ONLY/);
    expect(r.stdout).toContain('provisioned: 3 read / 2 write capacity units');
    expect(r.stdout).toMatch(/TTL\s+off/);
    expect(r.stdout).toMatch(/point-in-time recovery\s+not supported by this engine/);
    expect(r.stdout).toMatch(/tags\s+not supported by this engine/);
    expect(r.stdout).toMatch(/deletion protection\s+off/);
  });

  it('gives the model as JSON, and shows TTL once schema-load turns it on', async () => {
    const ttl = await ddb([...E, 'schema-load', '--schema', schemaFile('ttl.json', { ttl: { attribute: 'expires_at' }, stream: 'NEW_IMAGE' })]);
    expect(ttl.code, ttl.stderr).toBe(0);

    const m = (await ddb([...E, 'describe', TABLE, '--output', 'json'])).json();
    expect(m).toMatchObject({
      table: TABLE,
      status: 'ACTIVE',
      arn: expect.stringContaining(`table/${TABLE}`),
      created: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      itemCount: 0,
      sizeBytes: 0,
      keys: { partition: { name: 'pk', type: 'S' }, sort: { name: 'sk', type: 'S' } },
      billing: { mode: 'PROVISIONED', read: 3, write: 2 },
      stream: { enabled: true, viewType: 'NEW_IMAGE', arn: expect.stringContaining('/stream/') },
      ttl: { supported: true, enabled: true, attribute: 'expires_at' },
      pointInTimeRecovery: { supported: false, note: 'not supported by this engine' },
      tags: { supported: false, note: 'not supported by this engine' },
      deletionProtection: false,
      replicas: [],
    });
    expect(m.globalSecondaryIndexes).toEqual([
      {
        name: 'by-owner',
        partitionKey: { name: 'owner', type: 'S' },
        sortKey: { name: 'sk', type: 'S' },
        projection: 'INCLUDE',
        projectedAttributes: ['title'],
        status: 'ACTIVE',
        itemCount: 0,
        sizeBytes: 0,
        capacity: { read: 3, write: 2 },
      },
    ]);
    expect(m.localSecondaryIndexes[0]).toMatchObject({ name: 'by-rank', sortKey: { name: 'rank', type: 'N' }, projection: 'KEYS_ONLY' });

    const human = (await ddb([...E, '--wide', 'describe', TABLE])).stdout;
    expect(human).toMatch(/TTL\s+on \(attribute expires_at\)/);
    expect(human).toMatch(/stream\s+on \(NEW_IMAGE\)/);
  });

  it('says a missing table is not found: one line, exit 3', async () => {
    const r = await ddb([...E, 'describe', `${TABLE}-nope`]);
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`table ${TABLE}-nope not found`);
    expect(r.stdout).toBe('');
  });
});

describe('ddb describe while an index backfills', () => {
  it('shows the index as it is instead of waiting for it (DescribeTable answers CREATING through a proxy)', async () => {
    const { indexesBackfilling, startFaultProxy } = await import('./faults/proxy.js');
    expect((await ddb([...E, 'schema-load', '--schema', schemaFile('base.json')])).code).toBe(0);
    // DynamoDB Local makes a new index ACTIVE at once; the proxy shows what AWS shows during a backfill.
    const proxy = await startFaultProxy(E[1]!, {
      shares: {},
      rewrite: { DescribeTable: indexesBackfilling },
    });
    try {
      const r = await Promise.race([
        ddb(['--endpoint-url', proxy.url, 'describe', TABLE, '-o', 'json']),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('describe waited for the index to become ACTIVE')), 10_000)),
      ]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.json().globalSecondaryIndexes[0]).toMatchObject({ name: 'by-owner', status: 'CREATING', backfilling: true });
    } finally {
      await proxy.close();
    }
  });
});
