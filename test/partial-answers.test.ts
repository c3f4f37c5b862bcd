/**
 * DynamoDB stops any Query page at 1 MB whatever Limit says: a pattern keeps asking until it has --limit items or the
 * key range ends, and when it stops with more to read every format says so (table: the next command; JSON: NextToken).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { client, uniqueName } from './faults/tables.js';
import { ddb } from './helpers/run.js';
import { shippedSchemaAs } from './helpers/schema.js';

const endpoint = inject('endpoint');
const E = ['--endpoint-url', endpoint];
const TABLE = uniqueName('bigpages');
const GROUP = '11111111-2222-4333-8444-555555555555';
const dir = mkdtempSync(join(tmpdir(), 'ddb-bigpages-'));
const schema = shippedSchemaAs(TABLE, dir);
const doc = DynamoDBDocumentClient.from(client(endpoint));

beforeAll(async () => {
  expect((await ddb([...E, 'schema-load', '--schema', schema])).code).toBe(0);
  // 24 messages of ~100 KB: 20 of them are ~2 MB, two or three DynamoDB pages.
  const items = Array.from({ length: 24 }, (_, i) => ({
    pk: `MSG#${GROUP}`,
    sk: `2026-11-01T10:${String(i).padStart(2, '0')}:00.000Z`,
    message_uuid: `m${i}`,
    message: `${i} ${'x'.repeat(100_000)}`,
    user_uuid: 'u',
    user_display_name: 'U',
    user_handle: 'u',
  }));
  for (let i = 0; i < items.length; i += 4) {
    await doc.send(new BatchWriteCommand({ RequestItems: { [TABLE]: items.slice(i, i + 4).map((Item) => ({ PutRequest: { Item } })) } }));
  }
});
afterAll(async () => {
  await ddb([...E, 'drop', TABLE, '--yes']);
  rmSync(dir, { recursive: true, force: true });
});

describe('a pattern over 1 MB pages', () => {
  it('returns --limit items although DynamoDB stops each page at 1 MB, and says that more remain', async () => {
    const json = await ddb([...E, 'patterns', 'get-conversation', GROUP, '--schema', schema, '--limit', '20', '-o', 'json']);
    expect(json.code, json.stderr).toBe(0);
    const reply = json.json();
    expect(reply.Items).toHaveLength(20);
    expect(new Set(reply.Items.map((i: { sk: string }) => i.sk)).size).toBe(20);
    expect(reply.NextToken).toEqual(expect.any(String));

    // The rest, from the token: no overlap, no gap.
    const rest = (await ddb([...E, 'patterns', 'get-conversation', GROUP, '--schema', schema, '--limit', '20', '--starting-token', reply.NextToken, '-o', 'json'])).json();
    expect(rest.Items).toHaveLength(4);
    expect(new Set([...reply.Items, ...rest.Items].map((i: { sk: string }) => i.sk)).size).toBe(24);

    const table = await ddb([...E, 'patterns', 'get-conversation', GROUP, '--schema', schema, '--limit', '20']);
    expect(table.stderr).toMatch(/more: ddb --endpoint-url \S+ patterns get-conversation .*--starting-token \S+/);

    const bad = await ddb([...E, 'patterns', 'get-conversation', GROUP, '--schema', schema, '--starting-token', 'not-a-token']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });
});
