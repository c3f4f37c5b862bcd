/**
 * The smaller faults of issue 18: --max-wcu 1 holds its budget from the first batch; a hint for a table whose name
 * starts with "-" works when run; dropping a table still being created waits for it (bounded) and says so instead of a
 * raw ResourceInUseException.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it, inject } from 'vitest';
import { ddb } from './helpers/run.js';
import { client, countItems, createTable, dropTable, uniqueName } from './faults/tables.js';
import { startFaultProxy } from './faults/proxy.js';

const endpoint = inject('endpoint');
const E = ['--endpoint-url', endpoint];
const db = client(endpoint);
const dir = mkdtempSync(join(tmpdir(), 'ddb-smaller-'));
const tables: string[] = [];

afterAll(async () => {
  for (const t of tables) await dropTable(db, t);
  db.destroy();
});

/** The words of a hint as a POSIX shell splits them (shellWord quotes with single quotes only). */
const words = (line: string): string[] => [...line.matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g)].map((m) => (m[1] !== undefined ? m[1].replace(/'\\''/g, "'") : m[2]!));

describe('smaller faults', () => {
  it('--max-wcu 1 writes one WCU a second from the start (a 25-item batch on a 1-WCU budget was 25× it)', async () => {
    const table = uniqueName('wcu');
    tables.push(table);
    await createTable(db, table);
    const file = join(dir, 'six.ndjson');
    writeFileSync(file, Array.from({ length: 6 }, (_, i) => JSON.stringify({ pk: `P#${i}`, sk: 'A' })).join('\n'));
    const r = await ddb([...E, 'import', table, file, '--max-wcu', '1', '--output', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const s = r.json();
    expect(s.items).toBe(6);
    // one WCU up front (a second's budget), then one a second: 6 items need 5 s
    expect(s.seconds).toBeGreaterThan(4.5);
    expect(s.estimatedWcu / s.seconds).toBeLessThan(1.3);
  });

  it('a table named "-…": the hints put it after `--`, and run as printed they work', async () => {
    const table = `-h-${randomUUID().slice(0, 6)}`;
    tables.push(table);
    const schema = join(dir, 'dash.json');
    writeFileSync(schema, JSON.stringify({ tables: [{ name: table, attributes: { pk: 'S' }, keys: { partition: 'pk' } }] }));
    const created = await ddb([...E, 'schema-load', '--schema', schema]);
    expect(created.code, created.stderr).toBe(0);
    const next = /next: `(ddb describe [^`]+)`/.exec(created.stdout + created.stderr)?.[1];
    expect(next).toBe(`ddb describe -- ${table}`);
    const described = await ddb([...E, ...words(next!).slice(1)]);
    expect(described.code, described.stderr).toBe(0);
    expect(described.stdout).toContain(table);

    for (const pk of ['a', 'b', 'c']) expect((await ddb([...E, 'put', '--', table, JSON.stringify({ pk })])).code).toBe(0);
    const first = await ddb([...E, 'scan', '--max-rows', '1', '--', table]);
    expect(first.code, first.stderr).toBe(0);
    const more = /more: (ddb .*)$/m.exec(first.stderr)?.[1];
    expect(more).toMatch(new RegExp(`--starting-token \\S+ -- ${table}$`));
    const second = await ddb(words(more!).slice(1));
    expect(second.code, second.stderr).toBe(0);
  });

  it('dropping a table still being created: waits for it, saying so, and gives up at --wait-timeout with the table left as it was', async () => {
    const table = uniqueName('creating');
    tables.push(table);
    await createTable(db, table);
    const proxy = await startFaultProxy(endpoint, {
      shares: {},
      rewrite: { DescribeTable: (body: { Table: { TableStatus: string } }) => ((body.Table.TableStatus = 'CREATING'), body) },
    });
    try {
      const r = await ddb(['--endpoint-url', proxy.url, 'drop', table, '--yes', '--wait-timeout', '3']);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`${table} is CREATING: DynamoDB deletes a table once it is ACTIVE; waiting`);
      expect(r.stderr).toContain(`ddb: ${table} is still busy after 3 s: table CREATING`);
      expect(r.stderr).not.toContain('ResourceInUseException');
    } finally {
      await proxy.close();
    }
    expect(await countItems(db, table)).toBe(0); // still there
  });
});
