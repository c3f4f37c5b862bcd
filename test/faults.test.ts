/**
 * Faults: the built ddb imports through a proxy that throttles, fails, drops connections and hands back parts of
 * batches — and still ends with exactly the items of the file. When the faults never stop, it gives up in bounded
 * time and says what was and was not written.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { type FaultProxy, startFaultProxy } from './faults/proxy.js';
import { ddbAsync } from './faults/run.js';
import { client, countItems, createTable, dropTable, getItem, uniqueName } from './faults/tables.js';

const endpoint = inject('endpoint');
const db = client(endpoint);
const dir = mkdtempSync(join(tmpdir(), 'ddb-faults-'));
const N = 20_000;

const item = (i: number) => ({ pk: `P#${i % 500}`, sk: `S#${String(i).padStart(6, '0')}`, n: i, text: `message ${i}`, ...(i % 4 === 0 ? { g: `G#${i % 7}` } : {}) });

const writeNdjson = (name: string, count: number): string => {
  const file = join(dir, name);
  writeFileSync(file, Array.from({ length: count }, (_, i) => JSON.stringify(item(i))).join('\n') + '\n');
  return file;
};

describe('bulk import under faults', () => {
  const tables: string[] = [];
  let proxy: FaultProxy | undefined;

  beforeAll(() => undefined);
  afterAll(async () => {
    await proxy?.close();
    for (const t of tables) await dropTable(db, t);
  });

  it(`imports ${N.toLocaleString('en-US')} items through throttling, 500s, dropped connections and partial batches, exactly once`, async () => {
    const table = uniqueName('faults');
    tables.push(table);
    await createTable(db, table);
    const file = writeNdjson('faults.ndjson', N);
    proxy = await startFaultProxy(endpoint, { shares: { throughput: 0.04, throttling: 0.04, serverError: 0.04, drop: 0.03, partial: 0.15 }, seed: 7 });

    const r = await ddbAsync(['--endpoint-url', proxy.url, 'import', table, file, '--output', 'json'], { env: { DDB_RETRY_MAX_DELAY_MS: '200' } });
    expect(r.code, r.stderr).toBe(0);
    const summary = r.json();
    console.log(`faults: ${JSON.stringify(proxy.counts)}; summary ${JSON.stringify({ ...summary, skippedRecords: undefined })}; ${r.ms} ms`);
    expect(summary.items).toBe(N);
    expect(summary.retries).toBeGreaterThan(0);
    expect(summary.throttles).toBeGreaterThan(0);
    expect(summary.unprocessed).toBeGreaterThan(0);
    for (const fault of ['throughput', 'throttling', 'serverError', 'drop', 'partial'] as const) expect(proxy.counts[fault]).toBeGreaterThan(10);

    expect(await countItems(db, table)).toBe(N);
    for (const i of [0, 1, 4, 9_999, 19_999]) expect(await getItem(db, table, item(i).pk, item(i).sk)).toEqual(item(i));
  }, 90_000);

  it('rides out a burst of 500s on every request in flight (no retry quota to run dry)', async () => {
    const table = uniqueName('faults-burst');
    tables.push(table);
    await createTable(db, table);
    const file = writeNdjson('burst.ndjson', 2_000);
    // 48 failures: more retries than the SDK's standard quota allows (500 tokens / 14 per retry = 35), spread over 16
    // requests in flight. The cap stays at 1 s so the backoff grows with each retry and no single request meets most of
    // the burst (with a 50 ms cap, one request in ~25 runs met 8 failures in a row and the test flaked).
    const burst = await startFaultProxy(endpoint, { shares: {}, only: ['BatchWriteItem'], burst: { fault: 'serverError', count: 48 } });
    try {
      const r = await ddbAsync(['--endpoint-url', burst.url, 'import', table, file, '--output', 'json'], { env: { DDB_RETRY_MAX_DELAY_MS: '1000' } });
      expect(r.code, r.stderr).toBe(0);
      expect(r.json()).toMatchObject({ items: 2_000, retries: 48 });
      expect(await countItems(db, table)).toBe(2_000);
    } finally {
      await burst.close();
    }
  });

  it('gives up in bounded time when the endpoint always throttles, with counts, exit 1', async () => {
    const table = uniqueName('faults-endless');
    tables.push(table);
    await createTable(db, table);
    const file = writeNdjson('endless.ndjson', 2_000);
    const always = await startFaultProxy(endpoint, { shares: { throttling: 1 }, only: ['BatchWriteItem'] });
    try {
      const r = await ddbAsync(['--endpoint-url', always.url, 'import', table, file], { env: { DDB_RETRY_MAX_DELAY_MS: '20' } });
      expect(r.code).toBe(1);
      const lines = r.stderr.trim().split('\n');
      console.log(`endless throttling: ${r.ms} ms, exit ${r.code}: ${lines.at(-1)}`);
      expect(lines.at(-1)).toMatch(/gave up writing to .* after \d+ attempts: ThrottlingException.*; 0 item\(s\) written, 2,000 not written/);
      expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
      expect(r.ms).toBeLessThan(20_000);
      expect(await countItems(db, table)).toBe(0);
    } finally {
      await always.close();
    }
  }, 30_000);

  it('counts the items of batches whose reply was lost as not confirmed, apart from those not written', async () => {
    const table = uniqueName('faults-unconfirmed');
    tables.push(table);
    await createTable(db, table);
    const file = writeNdjson('unconfirmed.ndjson', 2_000);
    // Every BatchWriteItem reaches the engine, which writes it; every reply is lost. With 4 batches in flight, 4 × 25
    // items are written but never confirmed, and the other 1,900 are never sent.
    const lost = await startFaultProxy(endpoint, { shares: { drop: 1 }, dropAfter: true, only: ['BatchWriteItem'] });
    try {
      const r = await ddbAsync(['--endpoint-url', lost.url, 'import', table, file, '--concurrency', '4'], { env: { DDB_RETRY_MAX_DELAY_MS: '20' } });
      const last = r.stderr.trim().split('\n').at(-1) ?? '';
      console.log(`lost replies: ${r.ms} ms, exit ${r.code}: ${last}`);
      expect(r.code).toBe(4);
      expect(last).toMatch(/gave up writing to .* after 8 attempts: the connection to .* kept dropping \(ECONNRESET\); 0 item\(s\) written, 100 not confirmed \(sent, but no answer said whether they were written; re-running is safe\), 1,900 not written/);
      expect(await countItems(db, table)).toBe(100);
    } finally {
      await lost.close();
    }
  });

  it('counts the items of batches answered 500 (outcome unknown) as not confirmed: the engine may have written them', async () => {
    const table = uniqueName('faults-500-after');
    tables.push(table);
    await createTable(db, table);
    const file = writeNdjson('500-after.ndjson', 2_000);
    // Every BatchWriteItem is written by the engine, then answered 500 InternalServerError.
    const unknown = await startFaultProxy(endpoint, { shares: { serverError: 1 }, serverErrorAfter: true, only: ['BatchWriteItem'] });
    try {
      const r = await ddbAsync(['--endpoint-url', unknown.url, 'import', table, file, '--concurrency', '4'], { env: { DDB_RETRY_MAX_DELAY_MS: '20' } });
      const last = r.stderr.trim().split('\n').at(-1) ?? '';
      console.log(`500 after the write: ${r.ms} ms, exit ${r.code}: ${last}`);
      expect(r.code).toBe(1);
      expect(await countItems(db, table)).toBe(100);
      expect(last).toMatch(/InternalServerError.*; 0 item\(s\) written, 100 not confirmed \(sent, but no answer said whether they were written; re-running is safe\), 1,900 not written/);
    } finally {
      await unknown.close();
    }
  });
});
