/**
 * Ctrl-C, as a user at a terminal gives it (end to end: the built binary). During an import the batches in flight
 * finish and one line says how many items were written — the table holds exactly those; at a confirmation prompt it
 * is "cancelled", nothing changed. Both exit 130.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, inject } from 'vitest';
import { client, countItems, createTable, dropTable, uniqueName } from './faults/tables.js';
import { BIN, ddbBin, ddbOnTtyAnswering } from './helpers/run.js';

const endpoint = inject('endpoint');
const E = ['--endpoint-url', endpoint];
const db = client(endpoint);
const dir = mkdtempSync(join(tmpdir(), 'ddb-signals-'));
const tables: string[] = [];

afterAll(async () => {
  for (const t of tables) await dropTable(db, t);
  rmSync(dir, { recursive: true, force: true });
});

describe('Ctrl-C', () => {
  it('during an import: the batches in flight finish, the count is said, the table holds exactly those; exit 130', async () => {
    const table = uniqueName('sigint');
    tables.push(table);
    await createTable(db, table);
    const N = 60_000;
    const file = join(dir, 'big.ndjson');
    writeFileSync(file, Array.from({ length: N }, (_, i) => JSON.stringify({ pk: `P${i % 500}`, sk: String(i), text: 'x'.repeat(100) })).join('\n'));
    const child = spawn(process.execPath, [BIN, ...E, 'import', table, file, '--concurrency', '4'], { env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    // Interrupt once the import is under way (its first line is printed before the first batch).
    await new Promise<void>((resolve) => child.stderr.on('data', () => stderr.includes('importing') && resolve()));
    await new Promise((r) => setTimeout(r, 800));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(code, stderr).toBe(130);
    const said = /stopped by Ctrl-C after the batches in flight: ([\d,]+) item\(s\) written, the rest not — run the same command again/.exec(stderr);
    expect(said, stderr).not.toBeNull();
    const written = Number(said![1]!.replace(/,/g, ''));
    expect(written).toBeLessThan(N);
    expect(await countItems(db, table)).toBe(written);
  }, 60_000);

  it('at a confirmation prompt: "cancelled", nothing changed, exit 130', async () => {
    const table = uniqueName('sigint-prompt');
    tables.push(table);
    await createTable(db, table);
    const r = await ddbOnTtyAnswering([...E, 'drop', table], 'Type the table name to confirm', '\x03');
    expect(r.stdout).toContain('Type the table name to confirm');
    expect(r.stdout).toContain('cancelled; nothing was changed');
    expect(r.stdout).not.toContain('unexpected error');
    expect(r.code).toBe(130);
    expect(ddbBin([...E, '-o', 'json', 'list-tables']).json().map((t: { TableName: string }) => t.TableName)).toContain(table);
  });
});
