/**
 * Nothing from the data reaches the terminal as a control sequence: an item whose values (and an attribute name) hold
 * ESC, BEL, C1 and bidi overrides is shown with them escaped (`\x1b`, `\u202e`) in the table output of get, query,
 * scan, sql and a declared pattern, with the borders aligned; JSON output keeps the values exact. The `more:` line for
 * such a key is still a command bash runs as printed.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { client, createTable, dropTable, uniqueName } from './faults/tables.js';
import { ddb } from './helpers/run.js';
import { displayWidth } from '../src/render/table.js';
import { shellWord } from '../src/text.js';

const endpoint = inject('endpoint');
const E = ['--endpoint-url', endpoint];
const db = client(endpoint);
const table = uniqueName('ctl');
const GROUP = '0b1e4c52-8e1f-4a39-9a36-7a2f8f6b1c11';
const HOSTILE = 'a\x1b]0;pwned\x07b\x1b[2Jc\x9bd\u202eevil\u2066e\x7f';
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/; // all but \n

beforeAll(async () => {
  await createTable(db, table);
  await db.send(new PutItemCommand({ TableName: table, Item: { pk: { S: `MSG#${GROUP}` }, sk: { S: '2026-01-01T10:00:00.000Z' }, message: { S: HOSTILE }, user_handle: { S: 'x\x1b[31my' }, 'na\x1bme': { S: '1' } } }));
  await db.send(new PutItemCommand({ TableName: table, Item: { pk: { S: `MSG#${GROUP}` }, sk: { S: '2026-01-01T10:01:00.000Z' }, message: { S: 'second' } } }));
});
afterAll(() => dropTable(db, table));

/** Every line of a table as wide as the others: escapes are measured as shown. */
const aligned = (text: string) => {
  const lines = text.split('\n').filter((l) => /^[┌│└]/.test(l));
  expect(lines.length).toBeGreaterThan(2);
  expect(new Set(lines.map(displayWidth)).size).toBe(1);
};

describe('control characters in the data', () => {
  it.each([
    ['get', () => ['get', table, `MSG#${GROUP}`, '2026-01-01T10:00:00.000Z']],
    ['query', () => ['query', table, `MSG#${GROUP}`]],
    ['scan', () => ['scan', table]],
    ['sql', () => ['sql', `SELECT * FROM "${table}" WHERE pk = 'MSG#${GROUP}'`]],
    ['patterns', () => ['patterns', 'get-conversation', GROUP, '--table', table]],
  ])('%s: shown escaped in a table whose borders align; exact in JSON', async (_, args) => {
    const r = await ddb([...E, ...args(), '--wide']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(RAW);
    expect(r.stderr).not.toMatch(RAW);
    expect(r.stdout).toContain('a\\x1b]0;pwned\\x07b\\x1b[2Jc\\u009bd\\u202eevil\\u2066e\\x7f');
    aligned(r.stdout);
    const json = await ddb([...E, ...args(), '--output', 'json']);
    expect(JSON.stringify(json.json())).toContain(JSON.stringify(HOSTILE));
  });

  it('an attribute name is escaped as a header too', async () => {
    const r = await ddb([...E, 'scan', table, '--wide']);
    expect(r.stdout).toContain('na\\x1bme');
  });

  it('the more: line quotes a key with control characters so that bash reads it back exactly', async () => {
    const r = await ddb([...E, 'query', table, `MSG#${GROUP}`, '--sk', `>= ${JSON.stringify('2026\x1b')}`, '--limit', '1']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(RAW);
    for (const word of [HOSTILE, "it's", '-x']) expect(execFileSync('bash', ['-c', `printf %s ${shellWord(word)}`]).toString()).toBe(word);
  });
});
