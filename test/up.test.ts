/** ddb up in a project whose schema file names the messaging table its own way: the seed goes there. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, inject } from 'vitest';
import { client, countItems, uniqueName } from './faults/tables.js';
import { ddb } from './helpers/run.js';

const endpoint = inject('endpoint');
const E = ['--endpoint-url', endpoint];
const dir = mkdtempSync(join(tmpdir(), 'ddb-up-'));
const TABLE = uniqueName('chat');

afterAll(async () => {
  await ddb([...E, 'drop', TABLE, '--yes']);
  rmSync(dir, { recursive: true, force: true });
});

describe('ddb up', () => {
  it("seeds the schema file's messaging table, whatever its name, and shows its conversation", async () => {
    const schema = JSON.parse(readFileSync(new URL('../schema/tables.json', import.meta.url), 'utf8'));
    schema.tables[0].name = TABLE;
    mkdirSync(join(dir, 'schema'));
    writeFileSync(join(dir, 'schema', 'tables.json'), JSON.stringify(schema));

    const r = await ddb([...E, 'up'], { cwd: dir, env: { DDB_STATE_DIR: join(dir, 'state') } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('seeded 128 messages in 2 conversation(s)');
    expect(await countItems(client(endpoint), TABLE)).toBe(132);
    expect(r.stdout).toMatch(/andrewbrown/);
    expect(r.stderr).toContain(`scan ${TABLE} --output json`);
  });
});
