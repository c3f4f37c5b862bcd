/**
 * Writes into AWS need consent: seed and import refuse without --allow-prod, ask on a terminal (or --yes), and a seed
 * never deletes a group item newer than its own. `--prod --endpoint-url <loopback>` makes ddb treat the test engine as
 * AWS (the SDK chain, fake credentials from the test env) without leaving this machine.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { client, countItems, uniqueName } from './faults/tables.js';
import { ddb } from './helpers/run.js';

const endpoint = inject('endpoint');
const LOCAL = ['--endpoint-url', endpoint];
const PROD = ['--prod', '--endpoint-url', endpoint, '--region', 'eu-west-1'];
const TABLE = uniqueName('awswrites');
const ANDREW = 'GRP#97c1ecbf-f5b6-4359-b87a-8eaefaa0a683';
const GROUP = '5f12e71c-7f93-4344-8c70-1a94a666713f';
const dir = mkdtempSync(join(tmpdir(), 'ddb-awswrites-'));
const schema = join(dir, 'tables.json');
const db = client(endpoint);
const doc = DynamoDBDocumentClient.from(db);

beforeAll(async () => {
  writeFileSync(schema, JSON.stringify({ tables: [{ name: TABLE, attributes: { pk: 'S', sk: 'S' }, keys: { partition: 'pk', sort: 'sk' } }] }));
  expect((await ddb([...LOCAL, 'schema-load', '--schema', schema])).code).toBe(0);
});
afterAll(async () => {
  await ddb([...LOCAL, 'drop', TABLE, '--yes']);
  rmSync(dir, { recursive: true, force: true });
});

describe('writes into AWS', () => {
  it('seed: refused without --allow-prod, and without a terminal or --yes; nothing written', async () => {
    const refused = await ddb([...PROD, 'seed', '--table', TABLE]);
    expect(refused.code).toBe(5);
    expect(refused.stderr).toContain(`refusing to write the seed conversations into ${TABLE} in AWS — add --allow-prod`);
    const noTerminal = await ddb([...PROD, 'seed', '--table', TABLE, '--allow-prod']);
    expect(noTerminal.code).toBe(5);
    expect(noTerminal.stderr).toContain('without confirmation (not a terminal)');
    expect(await countItems(db, TABLE)).toBe(0);
    expect((await ddb([...PROD, 'seed', '--table', TABLE, '--generate', '10', '--allow-prod'])).code).toBe(5);
    expect(await countItems(db, TABLE)).toBe(0);

    const consented = await ddb([...PROD, 'seed', '--table', TABLE, '--allow-prod', '--yes']);
    expect(consented.code, consented.stderr).toBe(0);
    expect(await countItems(db, TABLE)).toBe(132);
  });

  it('import: refused without --allow-prod; --dry-run needs none', async () => {
    const file = join(dir, 'items.ndjson');
    writeFileSync(file, '{"pk":"x","sk":"1"}\n');
    const before = await countItems(db, TABLE);
    expect((await ddb([...PROD, 'import', TABLE, file])).code).toBe(5);
    expect((await ddb([...PROD, 'import', TABLE, file, '--dry-run'])).code).toBe(0);
    expect(await countItems(db, TABLE)).toBe(before);
    expect((await ddb([...PROD, 'import', TABLE, file, '--allow-prod', '--yes'])).code).toBe(0);
    expect(await countItems(db, TABLE)).toBe(before + 1);
  });

  it('seed never removes a group item newer than its own (the app moved the conversation on)', async () => {
    const groups = async () =>
      ((await doc.send(new QueryCommand({ TableName: TABLE, KeyConditionExpression: 'pk = :pk', FilterExpression: 'message_group_uuid = :g', ExpressionAttributeValues: { ':pk': ANDREW, ':g': GROUP } }))).Items ?? []).map((i) => i.sk);
    const [seeded] = await groups();
    // The app's own write after the seed: a newer message moved this group item to a later sk.
    const newer = new Date().toISOString();
    const old = (await doc.send(new QueryCommand({ TableName: TABLE, KeyConditionExpression: 'pk = :pk AND sk = :sk', ExpressionAttributeValues: { ':pk': ANDREW, ':sk': seeded } }))).Items![0]!;
    await doc.send(new PutCommand({ TableName: TABLE, Item: { ...old, sk: newer, message: 'from the app' } }));
    await db.send(new (await import('@aws-sdk/client-dynamodb')).DeleteItemCommand({ TableName: TABLE, Key: { pk: { S: ANDREW }, sk: { S: String(seeded) } } }));

    const again = await ddb([...LOCAL, 'seed', '--table', TABLE]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('1 newer group item(s) kept');
    expect(await groups()).toEqual([newer]);
  });
});
