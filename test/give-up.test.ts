/**
 * Give-up lines that tell the truth: when a bulk write stops, the line says what failed, what was written, and the one
 * action that helps — the table dropped mid-import (what was written went with it), one record DynamoDB refuses (named
 * by its line; no concurrency helps), the engine gone (start it, re-run) — not "nothing written is lost, lower
 * --concurrency" whatever happened.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, inject } from 'vitest';
import { ddb } from './helpers/run.js';
import { client, countItems, createTable, dropTable, uniqueName } from './faults/tables.js';
import { startFaultProxy } from './faults/proxy.js';

const endpoint = inject('endpoint');
const db = client(endpoint);
const dir = mkdtempSync(join(tmpdir(), 'ddb-giveup-'));
const tables: string[] = [];

afterAll(async () => {
  for (const t of tables) await dropTable(db, t);
  db.destroy();
});

const fresh = async (): Promise<string> => {
  const name = uniqueName('giveup');
  tables.push(name);
  await createTable(db, name);
  return name;
};

const ndjson = (name: string, lines: string[]): string => {
  const file = join(dir, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
};

const many = (n: number): string => ndjson(`many-${n}.ndjson`, Array.from({ length: n }, (_, i) => JSON.stringify({ pk: `P#${i}`, sk: 'A', n: i, text: 'x'.repeat(200) })));


const waitUntil = async (check: () => Promise<boolean>): Promise<void> => {
  const deadline = Date.now() + 20_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe('a bulk write that stops says why, what was written, and what helps', () => {
  it('one record DynamoDB refuses: named by its line, the others around it written; fixing it is the advice, not --concurrency', async () => {
    const table = await fresh();
    const lines = Array.from({ length: 30 }, (_, i) => JSON.stringify({ pk: `P#${i}`, sk: 'A' }));
    // a partition key past 2,048 bytes: DynamoDB refuses it, and ddb does not check it first (it checks nesting, numbers,
    // names and sets: src/values/attribute.ts)
    lines[6] = JSON.stringify({ pk: `P#6${'x'.repeat(2_046)}`, sk: 'A' });
    const file = ndjson('one-bad.ndjson', lines);
    const r = await ddb(['--endpoint-url', endpoint, 'import', table, file, '--concurrency', '1']);
    expect(r.code, r.stderr).toBe(2);
    const line = r.stderr.trim().split('\n').at(-1)!;
    expect(line).toContain(`${file} line 7: DynamoDB refused this record: Hash primary key values must be under 2048 bytes`);
    expect(line).toContain('— fix that record and run the same import again (it is idempotent); no --concurrency or --max-wcu changes this');
    expect(line).not.toContain('lower --concurrency');
    // its batch was sent again one request at a time up to it, so the line can name it; the count is what the table holds
    const written = Number(/; (\d+) item\(s\) written/.exec(line)?.[1]);
    expect(written).toBe(await countItems(db, table));
    expect(written).toBeGreaterThanOrEqual(6);
  });

  it('the table dropped mid-import: everything written went with it, and the advice is to create it again', async () => {
    const table = await fresh();
    const file = many(30_000);
    const importing = ddb(['--endpoint-url', endpoint, 'import', table, file, '--concurrency', '1']);
    await waitUntil(async () => (await countItems(db, table).catch(() => 0)) > 100);
    await dropTable(db, table);
    const r = await importing;
    expect(r.code, r.stderr).toBe(3);
    const line = r.stderr.trim().split('\n').at(-1)!;
    expect(line).toMatch(new RegExp(`table ${table} not found .*; [\\d,]+ item\\(s\\) written \\(gone with the table\\), [\\d,]+ not written`));
    expect(line).toContain('the table was dropped (or never there) while writing: create it again (`ddb schema-load`), then run the same command');
    expect(line).not.toContain('nothing written is lost');
  });

  it('the engine gone mid-import: says nothing answers, and to start it and re-run', async () => {
    const table = await fresh();
    const proxy = await startFaultProxy(endpoint, { shares: {} });
    const file = many(30_000);
    const importing = ddb(['--endpoint-url', proxy.url, 'import', table, file, '--concurrency', '1'], { env: { DDB_RETRY_MAX_DELAY_MS: '20' } });
    await waitUntil(async () => (await countItems(db, table)) > 100);
    await proxy.close();
    const r = await importing;
    expect(r.code, r.stderr).toBe(4);
    const line = r.stderr.trim().split('\n').at(-1)!;
    expect(line).toMatch(/nothing answers at http:\/\/127\.0\.0\.1:\d+.*; [\d,]+ item\(s\) written/);
    expect(line).toMatch(/run `ddb local start --port \d+`, then run the same command \(puts are idempotent: what is there is rewritten\)$/);
    expect(line).not.toContain('--concurrency');
  });
});
