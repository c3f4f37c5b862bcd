/**
 * The messaging app's writes (patterns C, D and E): create-message and create-conversation against DynamoDB Local —
 * what lands in the table, what is refused with nothing written, and many writers at once on one conversation — and
 * `ddb streams tail` reading the records those writes leave in a table's stream.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { Dynamo } from '../src/aws/dynamo.js';
import { DdbError } from '../src/errors.js';
import { createMessage, nextMessageTime } from '../src/patterns/create-message.js';
import type { GroupItem } from '../src/messaging/items.js';
import { displayWidth } from '../src/render/table.js';
import { resolveTarget } from '../src/target.js';
import { shorten } from '../src/text.js';
import { client, countItems, uniqueName } from './faults/tables.js';
import { BIN, ddb } from './helpers/run.js';

const endpoint = inject('endpoint');
const E = ['--endpoint-url', endpoint];
const INDEX = 'message-group-sk-index';
/** the seed's conversations: andrewbrown–bayko and andrewbrown–londo */
const AB = '5f12e71c-7f93-4344-8c70-1a94a666713f';
const AL = 'bc970a75-cbac-432f-a287-b2840d1b7528';
const U = {
  andrewbrown: '97c1ecbf-f5b6-4359-b87a-8eaefaa0a683',
  bayko: '2bf6761e-befc-4f0d-9fa2-122f88434f7e',
  londo: 'a8c0c519-d635-4e1f-bb73-fa6be97510eb',
  garak: '1e447f63-5ca3-4fa8-90fd-386c6857cab9',
};

const TABLE = uniqueName('writes');
const STREAMED = uniqueName('streamed');
const dir = mkdtempSync(join(tmpdir(), 'ddb-writes-'));
const raw = client(endpoint);
const doc = DynamoDBDocumentClient.from(raw);

/** The shipped schema under another name; `stream` turns the table's stream on. */
const schemaFile = (name: string, stream?: string): string => {
  const file = join(dir, `${name}-${stream ?? 'plain'}.json`);
  const table = {
    name,
    attributes: { pk: 'S', sk: 'S', message_group_uuid: 'S' },
    keys: { partition: 'pk', sort: 'sk' },
    billing: { mode: 'PAY_PER_REQUEST' },
    ...(stream ? { stream } : {}),
    globalSecondaryIndexes: [{ name: INDEX, keys: { partition: 'message_group_uuid', sort: 'sk' }, projection: { type: 'ALL' }, sparse: { attribute: 'pk', beginsWith: 'GRP#' } }],
  };
  writeFileSync(file, JSON.stringify({ tables: [table] }));
  return file;
};

const queryAll = async (input: Record<string, unknown>): Promise<Record<string, any>[]> => {
  const items: Record<string, any>[] = [];
  let start: Record<string, any> | undefined;
  do {
    const page = await doc.send(new QueryCommand({ ...(input as any), ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
};
const indexHits = (table: string, group: string) => queryAll({ TableName: table, IndexName: INDEX, KeyConditionExpression: 'message_group_uuid = :g', ExpressionAttributeValues: { ':g': group } });
const messagesOf = (table: string, group: string) => queryAll({ TableName: table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `MSG#${group}` } });
const groupsOf = (table: string, user: string) => queryAll({ TableName: table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `GRP#${user}` } });

const ok = async (args: string[]) => {
  const r = await ddb([...E, ...args]);
  expect(r.code, r.stderr).toBe(0);
  return r;
};

beforeAll(async () => {
  await ok(['schema-load', '--schema', schemaFile(TABLE)]);
  await ok(['seed', '--table', TABLE]);
  // The streamed table gets its stream only after the seed: the stream then holds what the tests write, nothing else.
  await ok(['schema-load', '--schema', schemaFile(STREAMED)]);
  await ok(['seed', '--table', STREAMED]);
});

afterAll(async () => {
  await ddb([...E, 'drop', TABLE, '--yes']);
  await ddb([...E, 'drop', STREAMED, '--yes']);
  rmSync(dir, { recursive: true, force: true });
});

describe('create-message (pattern C)', () => {
  it('appends the message and moves both group items to it, in one transaction', async () => {
    const r = await ok(['patterns', 'create-message', AB, 'Shipping the writes today', '--from', 'bayko', '--table', TABLE, '--output', 'json']);
    const { Item, ConsumedCapacity, Attempts } = r.json();
    expect(Item).toMatchObject({ pk: `MSG#${AB}`, message: 'Shipping the writes today', user_uuid: U.bayko, user_handle: 'bayko', user_display_name: 'Andrew Bayko' });
    expect(Item).not.toHaveProperty('message_group_uuid'); // messages stay out of the sparse index
    expect(Item.sk).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Attempts).toBe(1);
    expect(ConsumedCapacity.Query.CapacityUnits).toBe(0.5);
    expect(ConsumedCapacity.TransactWriteItems[0].CapacityUnits).toBeGreaterThan(0);

    const conv = (await ok(['patterns', 'get-conversation', AB, '--table', TABLE, '--output', 'json'])).json();
    expect(conv.Items.at(-1)).toMatchObject({ sk: Item.sk, message: 'Shipping the writes today' });
    const hits = await indexHits(TABLE, AB);
    expect(hits.map((h) => h.pk).sort()).toEqual([`GRP#${U.andrewbrown}`, `GRP#${U.bayko}`].sort());
    for (const g of hits) expect(g).toMatchObject({ sk: Item.sk, message: 'Shipping the writes today' });
    // The group items keep naming the other participant.
    expect(hits.find((h) => h.pk === `GRP#${U.bayko}`)).toMatchObject({ user_uuid: U.andrewbrown, user_handle: 'andrewbrown' });
  });

  it('shows the message as a conversation row and what it consumed', async () => {
    const r = await ddb([...E, 'patterns', 'create-message', AB, 'Table output please', '--from', U.andrewbrown, '--table', TABLE], { columns: 80 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/│ @andrewbrown\s*│ Table output please\s*│/);
    expect(r.stdout.split('\n').filter((l) => displayWidth(l) > 80)).toEqual([]);
    expect(r.stderr).toMatch(new RegExp(`added to conversation ${AB}; both group items name it`));
    expect(r.stderr).toMatch(/consumed: Query 0\.5 RCU, TransactWriteItems \d+ WCU/);
  });

  it('refuses a sender who is not in the conversation: exit 2, nothing written', async () => {
    const before = await countItems(raw, TABLE);
    const r = await ddb([...E, 'patterns', 'create-message', AB, 'let me in', '--from', 'londo', '--table', TABLE]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n').at(-1)).toMatch(/^ddb: londo is not in conversation .* \(its participants are @\w+ and @\w+\); nothing was written/);
    expect(await countItems(raw, TABLE)).toBe(before);
  });

  it('a group that does not exist: exit 3, nothing written', async () => {
    const before = await countItems(raw, TABLE);
    const r = await ddb([...E, 'patterns', 'create-message', '00000000-0000-4000-8000-000000000000', 'anyone?', '--from', 'bayko', '--table', TABLE]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/no message group 00000000-0000-4000-8000-000000000000 in /);
    expect(await countItems(raw, TABLE)).toBe(before);
  });

  it('--dry-run prints the Query and the TransactWriteItems and sends nothing (not even to a dead endpoint)', async () => {
    const before = await countItems(raw, TABLE);
    const r = await ddb(['--endpoint-url', 'http://127.0.0.1:9', 'patterns', 'create-message', AB, 'dry', '--from', 'bayko', '--table', TABLE, '--dry-run', '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const [query, tx] = r.json().steps;
    expect(query).toMatchObject({ api: 'Query', input: { TableName: TABLE, IndexName: INDEX, ExpressionAttributeValues: { ':g': AB } } });
    expect(tx.api).toBe('TransactWriteItems');
    expect(tx.input.TransactItems.map((t: object) => Object.keys(t)[0])).toEqual(['Put', 'Delete', 'Put', 'Delete', 'Put']);
    expect(tx.input.TransactItems[0].Put).toMatchObject({ ConditionExpression: 'attribute_not_exists(pk)', Item: { pk: `MSG#${AB}`, sk: expect.stringMatching(/^<now/), user_handle: 'bayko' } });
    expect(await countItems(raw, TABLE)).toBe(before);
  });

  it('refuses to write into AWS without --allow-prod (exit 5, before any request)', async () => {
    const m = await ddb(['--prod', '--region', 'eu-west-1', 'patterns', 'create-message', AB, 'hi', '--from', 'bayko']);
    expect(m.code).toBe(5);
    expect(m.stderr).toMatch(/refusing to write a message into cruddur-messages in AWS — add --allow-prod/);
    const c = await ddb(['--prod', '--region', 'eu-west-1', 'patterns', 'create-conversation', 'garak', 'londo', 'hi']);
    expect(c.code).toBe(5);
    expect(c.stderr).toMatch(/refusing to write a conversation into cruddur-messages in AWS/);
  });

  it('rejects an empty message and a malformed group before sending anything', async () => {
    expect((await ddb([...E, 'patterns', 'create-message', AB, '  ', '--from', 'bayko', '--table', TABLE])).code).toBe(2);
    const r = await ddb([...E, 'patterns', 'create-message', 'not-a-uuid', 'hi', '--from', 'bayko', '--table', TABLE]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/"not-a-uuid" is not a message group uuid/);
  });

  it('20 writers at once on one conversation: every message lands once, the groups name the newest', async () => {
    const before = (await messagesOf(TABLE, AL)).length;
    const texts = Array.from({ length: 20 }, (_, i) => `concurrent message ${i} ${'x'.repeat(120)}`);
    const results = await Promise.all(texts.map((t, i) => ddb([...E, 'patterns', 'create-message', AL, t, '--from', i % 2 ? 'londo' : 'andrewbrown', '--table', TABLE, '--output', 'json'])));
    for (const r of results) expect(r.code, r.stderr).toBe(0);

    const messages = await messagesOf(TABLE, AL);
    expect(messages).toHaveLength(before + 20);
    for (const t of texts) expect(messages.filter((m) => m.message === t)).toHaveLength(1);
    const newest = messages.reduce((a, b) => (b.sk > a.sk ? b : a));
    expect(texts).toContain(newest.message);
    const hits = await indexHits(TABLE, AL);
    expect(hits).toHaveLength(2);
    for (const g of hits) expect(g).toMatchObject({ sk: newest.sk, message: shorten(newest.message, 100) });
    // What each writer reported is what landed.
    expect(new Set(results.map((r) => r.json().Item.sk)).size).toBe(20);
  });

  it('a writer overtaken by a newer message while it retries puts its own at its time and leaves the groups', async () => {
    const db = await Dynamo.connect(resolveTarget({ endpointUrl: endpoint }, {}));
    const later = new Date(Date.now() + 3_600_000);
    let raced = false;
    // The same engine, with a newer message committed by another writer just before this writer's first transaction.
    const racing = Object.create(db, {
      transactWrite: {
        value: async (input: unknown) => {
          if (!raced) {
            raced = true;
            await createMessage(db, { table: TABLE, group: AB, sender: { uuid: U.andrewbrown }, senderLabel: 'andrewbrown', text: 'from the future' }, { now: () => later });
          }
          return db.transactWrite(input as never);
        },
      },
    }) as Dynamo;
    try {
      const before = (await messagesOf(TABLE, AB)).length;
      const r = await createMessage(racing, { table: TABLE, group: AB, sender: { uuid: U.bayko }, senderLabel: 'bayko', text: 'overtaken' }, { backoff: async () => {} });
      expect(r).toMatchObject({ overtaken: true, attempts: 2 });
      expect(r.item.sk < later.toISOString()).toBe(true);
      const messages = await messagesOf(TABLE, AB);
      expect(messages).toHaveLength(before + 2);
      expect(messages.filter((m) => m.message === 'overtaken')).toEqual([expect.objectContaining({ sk: r.item.sk })]);
      const hits = await indexHits(TABLE, AB);
      expect(hits).toHaveLength(2);
      for (const g of hits) expect(g).toMatchObject({ sk: later.toISOString(), message: 'from the future' });
    } finally {
      db.destroy();
    }
  });

  it('a message already at the key it would take (a clock ahead): the next millisecond', async () => {
    const [group] = await indexHits(TABLE, AB);
    const taken = nextMessageTime(new Date(0), [group as GroupItem]);
    await doc.send(new PutCommand({ TableName: TABLE, Item: { pk: `MSG#${AB}`, sk: taken, message_uuid: 'x', message: 'taken', user_uuid: U.bayko } }));
    const db = await Dynamo.connect(resolveTarget({ endpointUrl: endpoint }, {}));
    try {
      const r = await createMessage(db, { table: TABLE, group: AB, sender: { uuid: U.bayko }, senderLabel: 'bayko', text: 'next ms' }, { now: () => new Date(0), backoff: async () => {} });
      expect(r.attempts).toBe(2);
      expect(r.item.sk).toBe(new Date(Date.parse(taken) + 1).toISOString());
      for (const g of await indexHits(TABLE, AB)) expect(g).toMatchObject({ sk: r.item.sk, message: 'next ms' });
    } finally {
      db.destroy();
    }
  });

  it('gives up with exit 8 when every attempt is cancelled, and writes nothing of its own', async () => {
    const db = await Dynamo.connect(resolveTarget({ endpointUrl: endpoint }, {}));
    // Another writer takes the very key of each attempt's message just before its transaction (a real write).
    const racing = Object.create(db, {
      transactWrite: {
        value: async (input: { TransactItems: { Put: { Item: { sk: string } } }[] }) => {
          await doc.send(new PutCommand({ TableName: TABLE, Item: { pk: `MSG#${AB}`, sk: input.TransactItems[0]!.Put.Item.sk, message_uuid: 'r', message: 'racer', user_uuid: U.bayko } }));
          return db.transactWrite(input as never);
        },
      },
    }) as Dynamo;
    const groupsBefore = await indexHits(TABLE, AB);
    const before = await countItems(raw, TABLE);
    try {
      const error = await createMessage(racing, { table: TABLE, group: AB, sender: { uuid: U.bayko }, senderLabel: 'bayko', text: 'never' }, { maxAttempts: 3, backoff: async () => {} }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DdbError);
      expect((error as DdbError).exitCode).toBe(8);
      expect((error as DdbError).line).toBe('the message was not written: concurrent changes cancelled all 3 attempts; nothing was written — run the command again');
    } finally {
      db.destroy();
    }
    expect(await countItems(raw, TABLE)).toBe(before + 3); // the racer's three messages, none of this writer's
    expect((await messagesOf(TABLE, AB)).filter((m) => m.message === 'never')).toEqual([]);
    expect(await indexHits(TABLE, AB)).toEqual(groupsBefore);
  });
});

describe('create-conversation (pattern D)', () => {
  it('creates one message and both group items; list-conversations shows it to both users', async () => {
    const r = await ok(['patterns', 'create-conversation', 'garak', 'londo', 'A word, ambassador?', '--table', TABLE, '--output', 'json']);
    const out = r.json();
    expect(out.existing).toBe(false);
    const group = out.message_group_uuid;
    expect(await messagesOf(TABLE, group)).toEqual([expect.objectContaining({ message: 'A word, ambassador?', user_handle: 'garak' })]);
    const hits = await indexHits(TABLE, group);
    expect(hits.map((h) => h.pk).sort()).toEqual([`GRP#${U.garak}`, `GRP#${U.londo}`].sort());
    for (const h of hits) expect(h).toMatchObject({ sk: out.Item.sk, message: 'A word, ambassador?' });

    for (const [user, other] of [['garak', 'londo'], ['londo', 'garak']] as const) {
      const list = (await ok(['patterns', 'list-conversations', user, '--table', TABLE, '--output', 'json'])).json();
      expect(list.Items.find((g: { message_group_uuid: string }) => g.message_group_uuid === group)).toMatchObject({ user_handle: other });
    }
  });

  it('adds the message to the conversation two users already have, and says so', async () => {
    const groupsBefore = (await groupsOf(TABLE, U.andrewbrown)).length;
    const r = await ok(['patterns', 'create-conversation', 'andrewbrown', 'bayko', 'Me again', '--table', TABLE]);
    expect(r.stderr).toMatch(new RegExp(`note: @andrewbrown and @bayko already have a conversation \\(${AB}\\): the message was added to it`));
    const json = (await ok(['patterns', 'create-conversation', 'bayko', 'andrewbrown', 'And me', '--table', TABLE, '--output', 'json'])).json();
    expect(json).toMatchObject({ existing: true, message_group_uuid: AB, Item: { message: 'And me' } });
    expect((await groupsOf(TABLE, U.andrewbrown)).length).toBe(groupsBefore);
    expect(await indexHits(TABLE, AB)).toHaveLength(2);
  });

  it('10 creators at once for one new pair: exactly one conversation, all 10 messages in it', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => ddb([...E, 'patterns', 'create-conversation', i % 2 ? 'garak' : 'bayko', i % 2 ? 'bayko' : 'garak', `race ${i}`, '--table', TABLE, '--output', 'json'])));
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const outs = results.map((r) => r.json());
    expect(outs.filter((o) => !o.existing)).toHaveLength(1);
    expect(new Set(outs.map((o) => o.message_group_uuid)).size).toBe(1);
    const group = outs[0].message_group_uuid;
    expect((await groupsOf(TABLE, U.bayko)).filter((g) => g.user_uuid === U.garak)).toHaveLength(1);
    expect((await groupsOf(TABLE, U.garak)).filter((g) => g.user_uuid === U.bayko)).toHaveLength(1);
    expect(await indexHits(TABLE, group)).toHaveLength(2);
    expect((await messagesOf(TABLE, group)).map((m) => m.message).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `race ${i}`).sort());
  });

  it('refuses the same user twice (exit 2) and a uuid users.json does not know (exit 3), writing nothing', async () => {
    const before = await countItems(raw, TABLE);
    const same = await ddb([...E, 'patterns', 'create-conversation', 'garak', U.garak, 'me, myself', '--table', TABLE]);
    expect(same.code).toBe(2);
    expect(same.stderr).toMatch(/are the same user/);
    const unknown = await ddb([...E, 'patterns', 'create-conversation', 'garak', '11111111-2222-4333-8444-555555555555', 'who?', '--table', TABLE]);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toMatch(/user 11111111-2222-4333-8444-555555555555 is not in .*users\.json, and ddb needs their handle and display name/);
    expect(await countItems(raw, TABLE)).toBe(before);
  });
});

describe('streams tail', () => {
  it('a table without a stream: exit 2 with the fix', async () => {
    const r = await ddb([...E, 'streams', 'tail', STREAMED, '--max-records', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/table .* has no stream — add "stream": "NEW_AND_OLD_IMAGES" to .* in the schema file, then run `ddb schema-load`/);
  });

  it('--from-start prints the records a create-message leaves: 1 message put, 2 group deletes, 2 group puts', async () => {
    await ok(['schema-load', '--schema', schemaFile(STREAMED, 'NEW_AND_OLD_IMAGES')]);
    const written = (await ok(['patterns', 'create-message', AB, 'on the stream', '--from', 'bayko', '--table', STREAMED, '--output', 'json'])).json().Item;
    const r = await ok(['streams', 'tail', STREAMED, '--from-start', '--max-records', '5', '--output', 'ndjson']);
    const records = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(records).toHaveLength(5);
    const summary = records.map((x) => `${x.eventName} ${x.dynamodb.Keys.pk.slice(0, 4)} ${x.dynamodb.Keys.sk === written.sk ? 'new' : 'old'}`).sort();
    expect(summary).toEqual(['INSERT GRP# new', 'INSERT GRP# new', 'INSERT MSG# new', 'REMOVE GRP# old', 'REMOVE GRP# old']);
    const message = records.find((x) => x.dynamodb.Keys.pk.startsWith('MSG#'));
    expect(message.dynamodb.NewImage).toMatchObject({ message: 'on the stream', user_handle: 'bayko' }); // plain values
    expect(records.find((x) => x.eventName === 'REMOVE').dynamodb.OldImage).toHaveProperty('message_group_uuid', AB);

    // At 80 columns the keys go one per line rather than past the edge (never cut); --wide keeps one line per record.
    const table = await ddb([...E, 'streams', 'tail', STREAMED, '--from-start', '--max-records', '5'], { columns: 80 });
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^When \(UTC\)\s+Event\s+Keys$/);
    expect(table.stdout.split('\n').filter((l) => displayWidth(l) > 80)).toEqual([]);
    expect(table.stdout).toMatch(new RegExp(`INSERT  pk=MSG#${AB}\n {29}sk=${written.sk}\n`));
    expect(table.stderr).toMatch(/5 record\(s\) from .*'s stream; stopped at --max-records/);
    const wide = await ok(['--wide', 'streams', 'tail', STREAMED, '--from-start', '--max-records', '5']);
    expect(wide.stdout).toMatch(new RegExp(`INSERT  pk=MSG#${AB}  sk=${written.sk}\n`));
  });

  it('from now (LATEST): only what is written after it starts; --timeout stops it with exit 0', async () => {
    const tail = ddb([...E, 'streams', 'tail', STREAMED, '--max-records', '1', '--timeout', '20', '--output', 'ndjson']);
    let done = false;
    void tail.then(() => (done = true));
    const written: string[] = [];
    for (let i = 0; !done && i < 60; i++) {
      const pk = `TAIL#${i}`;
      await doc.send(new PutCommand({ TableName: STREAMED, Item: { pk, sk: 'x' } }));
      written.push(pk);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const r = await tail;
    expect(r.code, r.stderr).toBe(0);
    expect(written).toContain(JSON.parse(r.stdout).dynamodb.Keys.pk);

    const idle = await ddb([...E, 'streams', 'tail', STREAMED, '--timeout', '0.5']);
    expect(idle.code, idle.stderr).toBe(0);
    expect(idle.stderr).toMatch(/0 record\(s\) from .*'s stream; stopped at --timeout/);
  });

  it('Ctrl-C stops it cleanly: exit 130 and a count line', async () => {
    const child = spawn(process.execPath, [BIN, ...E, 'streams', 'tail', STREAMED, '--from-start', '--output', 'ndjson'], { env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true', NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    await new Promise<void>((resolve) =>
      child.stdout.on('data', (d) => {
        stdout += d;
        if (stdout.split('\n').length > 5) resolve();
      }),
    );
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exit).toBe(130);
    const lines = stdout.trim().split('\n');
    expect(stderr.trim()).toBe(`ddb: interrupted: ${lines.length} record(s) from ${STREAMED}'s stream`);
  });
});
