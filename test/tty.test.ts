/** Typed confirmations on a terminal: a wrong answer changes nothing, the right one goes ahead. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { describe, expect, it, inject } from 'vitest';
import { ddbBin as ddb, ddbOnTty } from './helpers/run.js';

const E = ['--endpoint-url', inject('endpoint')];
const dir = mkdtempSync(join(tmpdir(), 'ddb-tty-'));
const NAME = `tty-${randomUUID().slice(0, 8)}`;
const schema = (stream: string | false): string => {
  const file = join(dir, `${randomUUID()}.json`);
  writeFileSync(file, JSON.stringify({ tables: [{ name: NAME, attributes: { pk: 'S' }, keys: { partition: 'pk' }, stream }] }));
  return file;
};
const streamOf = () => ddb([...E, '-o', 'json', 'schema-load', '--plan', '--schema', schema('KEYS_ONLY')]).code;

describe('typed confirmation on a terminal', () => {
  it('applies a destructive schema change only after "yes", and drops only after the table name', () => {
    expect(ddb([...E, 'schema-load', '--schema', schema('KEYS_ONLY')]).code).toBe(0);

    const no = ddbOnTty([...E, 'schema-load', '--schema', schema(false)], 'no\n');
    expect(no.stdout).toContain('Type "yes" to continue');
    expect(no.stdout).toContain('not applied');
    expect(no.code).toBe(5);
    expect(streamOf()).toBe(0); // the stream is still on

    const yes = ddbOnTty([...E, 'schema-load', '--schema', schema(false)], 'yes\n');
    expect(yes.code, yes.stdout).toBe(0);
    expect(yes.stdout).toContain('applied 1 change(s)');
    expect(streamOf()).toBe(6); // now off: the KEYS_ONLY file differs

    const wrong = ddbOnTty([...E, 'drop', NAME], 'not-the-name\n');
    expect(wrong.code).toBe(5);
    expect(wrong.stdout).toContain(`not dropped: "not-the-name" is not "${NAME}"`);
    const right = ddbOnTty([...E, 'drop', NAME], `${NAME}\n`);
    expect(right.code, right.stdout).toBe(0);
    expect(ddb([...E, '-o', 'json', 'list-tables']).json().map((t: { TableName: string }) => t.TableName)).not.toContain(NAME);
  });
});
