/**
 * The messaging table's group index is sparse: only message-group items carry message_group_uuid. The app's own
 * create-message path (put the message, then the stream function queries the index by message_group_uuid and
 * deletes and re-puts every hit with the new sk) must touch exactly the two group items of a table loaded by ddb.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { DeleteCommand, DynamoDBDocumentClient, PutCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { client, uniqueName } from './faults/tables.js';
import { ddb } from './helpers/run.js';
import { shippedSchemaAs } from './helpers/schema.js';

const endpoint = inject('endpoint');
const E = ['--endpoint-url', endpoint];
const GROUP = '5f12e71c-7f93-4344-8c70-1a94a666713f';
const INDEX = 'message-group-sk-index';
const TABLE = uniqueName('sparse');
const dir = mkdtempSync(join(tmpdir(), 'ddb-sparse-'));
const doc = DynamoDBDocumentClient.from(client(endpoint));

/** The shipped schema, under another table name (tests run side by side on one engine). */
const schema = shippedSchemaAs(TABLE, dir);

const scanAll = async (): Promise<Record<string, any>[]> => {
  const items: Record<string, any>[] = [];
  let start: Record<string, any> | undefined;
  do {
    const page = await doc.send(new ScanCommand({ TableName: TABLE, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
};

const indexHits = async (group: string) =>
  (await doc.send(new QueryCommand({ TableName: TABLE, IndexName: INDEX, KeyConditionExpression: 'message_group_uuid = :g', ExpressionAttributeValues: { ':g': group } }))).Items ?? [];

beforeAll(async () => {
  const r = await ddb([...E, 'schema-load', '--schema', schema]);
  expect(r.code, r.stderr).toBe(0);
});

afterAll(async () => {
  await ddb([...E, 'drop', TABLE, '--yes']);
  rmSync(dir, { recursive: true, force: true });
});

describe('the sparse group index', () => {
  it('holds only the two group items of a seeded conversation; the app\'s create-message path rewrites exactly those', async () => {
    const seeded = await ddb([...E, 'seed', '--table', TABLE]);
    expect(seeded.code, seeded.stderr).toBe(0);
    const items = await scanAll();
    expect(items.filter((i) => i.pk.startsWith('MSG#') && 'message_group_uuid' in i)).toEqual([]);
    expect((await indexHits(GROUP)).map((i) => i.pk.slice(0, 4))).toEqual(['GRP#', 'GRP#']);

    // The app: put the message, then its stream function rewrites every index hit with the new message's sk.
    const at = new Date().toISOString();
    await doc.send(new PutCommand({ TableName: TABLE, Item: { pk: `MSG#${GROUP}`, sk: at, message_uuid: 'm-new', message: 'new one', user_uuid: 'u', user_display_name: 'U', user_handle: 'andrewbrown' } }));
    const hits = await indexHits(GROUP);
    for (const hit of hits) {
      await doc.send(new DeleteCommand({ TableName: TABLE, Key: { pk: hit.pk, sk: hit.sk } }));
      await doc.send(new PutCommand({ TableName: TABLE, Item: { ...hit, sk: at, message: 'new one' } }));
    }
    expect(hits).toHaveLength(2);

    const conv = (await ddb([...E, 'patterns', 'get-conversation', GROUP, '--table', TABLE, '--output', 'json'])).json();
    const sks = conv.Items.map((i: { sk: string }) => i.sk);
    expect(new Set(sks).size).toBe(20);
    expect(conv.Items.at(-1).message).toBe('new one');
  });

  it('is repaired by `ddb seed` on a table an older ddb seeded (message items with message_group_uuid), and audit says so', async () => {
    // What an older ddb wrote: every message item of the seed also carried message_group_uuid.
    const before = await scanAll();
    for (const item of before.filter((i) => i.pk === `MSG#${GROUP}` && i.message_uuid !== 'm-new')) {
      await doc.send(new PutCommand({ TableName: TABLE, Item: { ...item, message_group_uuid: GROUP } }));
    }
    expect((await indexHits(GROUP)).length).toBeGreaterThan(2);

    const failing = await ddb([...E, 'audit', TABLE, '--schema', schema, '--output', 'json']);
    const check = failing.json().checks.find((c: { check: string }) => c.check === 'sparse-index');
    expect(check.status).toBe('fail');
    expect(check.detail).toMatch(new RegExp(`${INDEX} holds item\\(s\\) whose pk does not begin with GRP#: \\d+ of \\d+ sampled, e.g. MSG#${GROUP}`));

    expect((await ddb([...E, 'seed', '--table', TABLE])).code).toBe(0);
    // The seed's own messages are rewritten whole (a put replaces the item): no message_group_uuid on them any more.
    const seededMessages = (await scanAll()).filter((i) => i.pk === `MSG#${GROUP}` && i.message_uuid !== 'm-new');
    expect(seededMessages.filter((i) => 'message_group_uuid' in i)).toEqual([]);
    expect((await indexHits(GROUP)).every((i) => i.pk.startsWith('GRP#'))).toBe(true);

    const passing = (await ddb([...E, 'audit', TABLE, '--schema', schema, '--output', 'json'])).json();
    expect(passing.checks.find((c: { check: string }) => c.check === 'sparse-index').status).toBe('pass');
  });

  it('seed --generate writes no message_group_uuid on message items', async () => {
    expect((await ddb([...E, 'seed', '--table', TABLE, '--generate', '300', '--conversations', '3'])).code).toBe(0);
    const generated = (await scanAll()).filter((i) => i.pk.startsWith('MSG#') && i.sk < '2026-01-01T00:00:00.001Z' && i.sk > '2025-12-01');
    expect(generated.length).toBeGreaterThanOrEqual(300);
    expect(generated.filter((i) => 'message_group_uuid' in i)).toEqual([]);
  });
});
