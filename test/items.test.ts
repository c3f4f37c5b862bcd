/**
 * ddb get, put, delete, update on a table ddb has never heard of (examples/orders under a unique name) and on one with
 * number and binary keys: keys typed from DescribeTable, table and JSON output, and in every failure (bad key, missing
 * item, failed condition) the exit code and nothing written — checked in the table itself.
 */
import { CreateTableCommand, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { client, countItems, dropTable, getItem, uniqueName } from './faults/tables.js';
import { ddb } from './helpers/run.js';
import { loadOrders, orderItems } from './helpers/orders.js';
import { displayWidth } from '../src/render/table.js';
import { NUMS } from './helpers/tables.js';

const endpoint = inject('endpoint');
const E = ['--endpoint-url', endpoint];
const db = client(endpoint);
const tables: string[] = [];

describe('ddb get, put, delete, update', () => {
  let orders: string;
  let nums: string;
  const count = () => countItems(db, orders);

  beforeAll(async () => {
    orders = await loadOrders(endpoint, 'items');
    nums = uniqueName('nums');
    tables.push(orders, nums);
    await db.send(new CreateTableCommand({ TableName: nums, BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: NUMS.AttributeDefinitions, KeySchema: NUMS.KeySchema }));
  });
  afterAll(async () => {
    for (const t of tables) await dropTable(db, t);
  });

  it('get: the item as attribute rows, keys first; JSON the item; --dynamodb-json typed; exit 3 when there is none', async () => {
    const profile = orderItems().find((i) => i.pk === 'CUST#c001' && i.sk === 'PROFILE')!;
    const table = await ddb([...E, 'get', orders, 'CUST#c001', 'PROFILE']);
    expect(table.code, table.stderr).toBe(0);
    const rows = table.stdout.split('\n').filter((l) => l.startsWith('│')).map((l) => l.split('│').map((c) => c.trim()).slice(1, 4));
    expect(rows).toEqual([
      ['attribute', 'type', 'value'],
      ['pk', 'S', 'CUST#c001'],
      ['sk', 'S', 'PROFILE'],
      ...Object.keys(profile).filter((k) => k !== 'pk' && k !== 'sk').sort().map((k) => [k, 'S', profile[k]]),
    ]);
    expect(table.stderr).toMatch(/pk=CUST#c001 sk=PROFILE in items-\w+; consumed/);
    const json = await ddb([...E, 'get', orders, 'CUST#c001', 'PROFILE', '--output', 'json', '--consistent-read']);
    expect(json.json()).toEqual(profile);
    expect(Object.keys(json.json())).toEqual(['pk', 'sk', ...Object.keys(profile).filter((k) => k !== 'pk' && k !== 'sk').sort()]);
    const typed = await ddb([...E, 'get', orders, 'CUST#c001', 'PROFILE', '--output', 'json', '--dynamodb-json']);
    expect(typed.json()).toEqual(Object.fromEntries(Object.entries(profile).map(([k, v]) => [k, { S: v }])));
    const missing = await ddb([...E, 'get', orders, 'CUST#c001', 'NOPE', '--output', 'json']);
    expect(missing.code).toBe(3);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toContain(`ddb: no item pk=CUST#c001 sk=NOPE in ${orders}`);
  });

  it('bad keys exit 2 with one line naming the key and its type, and nothing is written', async () => {
    const before = await count();
    const cases: [string[], string][] = [
      [['get', orders, 'CUST#c001'], `${orders} has a sort key sk (S, string): pass it after the partition key`],
      [['delete', orders, 'CUST#c001'], `${orders} has a sort key sk (S, string)`],
      [['update', orders, 'CUST#c001', '--set', 'x=1'], `${orders} has a sort key sk (S, string)`],
      [['put', orders, '{"pk": "CUST#c001"}'], `the item has no sort key: ${orders} needs sk (S, string)`],
      [['put', orders, '{"pk": "CUST#c001", "sk": 7}'], `sort key sk (S, string) of ${orders}: got 7`],
      [['put', orders, '{"pk": "CUST#c001", "sk": "X", "gsi1pk": 5}'], 'index key attribute "gsi1pk" must be a string (S), got 5'],
      [['get', nums, 'abc', 'AQI='], `key id (N, number) of ${nums}: "abc" is not a number`],
      [['get', nums, '1', '%%%'], `key part (B, binary) of ${nums}: "%%%" is not base64`],
      [['get', nums, '1', 'AQI=', 'extra'], 'too many arguments'],
      [['update', orders, 'CUST#c001', 'PROFILE', '--set', 'sk=other'], `sk is a key attribute of ${orders} (sort key, S): an update cannot change it`],
      [['update', orders, 'CUST#c001', 'PROFILE', '--set', 'gsi1pk=5'], `gsi1pk is an index key of ${orders} and must be a non-empty string (S), got 5`],
      [['update', orders, 'CUST#c001', 'PROFILE'], 'nothing to update'],
      [['put', orders, 'not json'], 'ITEM_JSON is not JSON'],
    ];
    for (const [args, line] of cases) {
      const r = await ddb([...E, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toContain(line);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
    expect(await count()).toBe(before);
    expect(await getItem(db, orders, 'CUST#c001', 'PROFILE')).toEqual(orderItems().find((i) => i.pk === 'CUST#c001' && i.sk === 'PROFILE'));
  });

  it('number and binary keys: put in DynamoDB JSON, get by text (a number, base64)', async () => {
    const put = await ddb([...E, 'put', nums, '-', '--dynamodb-json', '--output', 'json'], { input: '{"id": {"N": "42"}, "part": {"B": "AQI="}, "big": {"N": "12345678901234567890"}, "tags": {"SS": ["a", "b"]}}' });
    expect(put.code, put.stderr).toBe(0);
    const got = await ddb([...E, 'get', nums, '42', 'AQI=', '--output', 'json', '--dynamodb-json']);
    expect(got.code, got.stderr).toBe(0);
    expect(got.json()).toEqual({ id: { N: '42' }, part: { B: 'AQI=' }, big: { N: '12345678901234567890' }, tags: { SS: ['a', 'b'] } });
    const plain = await ddb([...E, 'get', nums, '42.0', 'AQI=', '--output', 'json']);
    expect(plain.json()).toMatchObject({ id: 42, part: 'AQI=', tags: ['a', 'b'] });
  });

  it('put: writes the item (table and JSON output); --if-not-exists on an existing key exits 5 and changes nothing', async () => {
    const item = { pk: 'CUST#c100', sk: 'PROFILE', type: 'customer', name: 'Hedy Lamarr', score: 7.5, tags: ['radio'], address: { city: 'Vienna' }, vip: true };
    const r = await ddb([...E, 'put', orders, JSON.stringify(item)]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/│ name\s+│ S\s+│ Hedy Lamarr/);
    expect(r.stdout).toMatch(/│ address\s+│ M\s+│ \{"city":"Vienna"\}/);
    expect(r.stderr).toContain(`put pk=CUST#c100 sk=PROFILE into ${orders}`);
    expect(await getItem(db, orders, 'CUST#c100', 'PROFILE')).toEqual(item);

    const refused = await ddb([...E, 'put', orders, JSON.stringify({ ...item, name: 'Someone else' }), '--if-not-exists']);
    expect(refused.code).toBe(5);
    expect(refused.stderr).toContain(`ddb: an item pk=CUST#c100 sk=PROFILE already exists in ${orders}: nothing written (--if-not-exists)`);
    expect(await getItem(db, orders, 'CUST#c100', 'PROFILE')).toEqual(item);

    const fresh = await ddb([...E, 'put', orders, '{"pk": "CUST#c101", "sk": "PROFILE", "name": "New"}', '--if-not-exists', '--output', 'json']);
    expect(fresh.code, fresh.stderr).toBe(0);
    expect(fresh.json()).toEqual({ pk: 'CUST#c101', sk: 'PROFILE', name: 'New' });
    expect(await getItem(db, orders, 'CUST#c101', 'PROFILE')).toEqual({ pk: 'CUST#c101', sk: 'PROFILE', name: 'New' });
  });

  it('update: SET (reserved words, nested), REMOVE, ADD; prints the new item; --if-exists on a missing item exits 3 and creates nothing', async () => {
    const key = { pk: 'CUST#c003', sk: 'ORDER#2025-03-07T10:14:00Z#o1003' };
    const before = (await getItem(db, orders, key.pk, key.sk)) as Record<string, any>;
    expect(before).toBeDefined();
    const r = await ddb([...E, 'update', orders, key.pk, key.sk, '--set', 'status=shipped', '--set', 'gsi1pk=STATUS#shipped', '--set', 'date="2025-06-01"', '--set', 'shipping={"carrier": "DHL"}', '--add', 'lines=2', '--remove', 'currency', '--output', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const expected = { ...before, status: 'shipped', gsi1pk: 'STATUS#shipped', date: '2025-06-01', shipping: { carrier: 'DHL' }, lines: before.lines + 2 };
    delete (expected as Record<string, unknown>).currency;
    expect(r.json()).toEqual(expected);
    expect(await getItem(db, orders, key.pk, key.sk)).toEqual(expected);

    const nested = await ddb([...E, 'update', orders, key.pk, key.sk, '--set', 'shipping.tracking=ABC123', '--if-exists']);
    expect(nested.code, nested.stderr).toBe(0);
    expect(nested.stdout).toMatch(/│ shipping\s+│ M\s+│ \{.*"tracking":"ABC123".*\}/);
    expect(nested.stderr).toContain(`updated pk=${key.pk} sk=${key.sk} in ${orders}`);
    expect(await getItem(db, orders, key.pk, key.sk)).toEqual({ ...expected, shipping: { carrier: 'DHL', tracking: 'ABC123' } });

    const before2 = await count();
    const missing = await ddb([...E, 'update', orders, 'CUST#nobody', 'PROFILE', '--set', 'name=x', '--if-exists']);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain(`no item pk=CUST#nobody sk=PROFILE in ${orders}: nothing updated (--if-exists)`);
    expect(await getItem(db, orders, 'CUST#nobody', 'PROFILE')).toBeUndefined();
    expect(await count()).toBe(before2);
  });

  it('delete: prints the item as it was and removes it; --if-exists on a missing item exits 3; without it, nothing to delete is fine', async () => {
    const line = orderItems().find((i) => i.pk.startsWith('ORDER#'))!;
    const r = await ddb([...E, 'delete', orders, line.pk, line.sk, '--output', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toEqual(line);
    expect(await getItem(db, orders, line.pk, line.sk)).toBeUndefined();

    const again = await ddb([...E, 'delete', orders, line.pk, line.sk]);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('');
    expect(again.stderr).toContain(`no item pk=${line.pk} sk=${line.sk} in ${orders}: nothing deleted`);
    expect((await ddb([...E, 'delete', orders, line.pk, line.sk, '--output', 'json'])).stdout.trim()).toBe('null');

    const before = await count();
    const strict = await ddb([...E, 'delete', orders, line.pk, line.sk, '--if-exists']);
    expect(strict.code).toBe(3);
    expect(strict.stderr).toContain('nothing deleted (--if-exists)');
    expect(await count()).toBe(before);

    const table = await ddb([...E, 'delete', orders, 'CUST#c002', 'PROFILE']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/│ name\s+│ S\s+│ Grace Hopper/);
    const raw = await db.send(new GetItemCommand({ TableName: orders, Key: { pk: { S: 'CUST#c002' }, sk: { S: 'PROFILE' } } }));
    expect(raw.Item && unmarshall(raw.Item)).toBeUndefined();
  });

  it('at 80 columns: no line wider, the attribute names whole, a long value cut', async () => {
    const note = 'lorem ipsum '.repeat(30).trim();
    expect((await ddb([...E, 'put', orders, JSON.stringify({ pk: 'CUST#c300', sk: 'PROFILE', a_rather_long_attribute_name_for_a_note: note })])).code).toBe(0);
    for (const args of [['get', orders, 'CUST#c300', 'PROFILE'], ['query', orders, 'CUST#c001'], ['sql', `SELECT * FROM "${orders}" WHERE pk = 'CUST#c001'`]]) {
      const r = await ddb([...E, ...args], { columns: 80 });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.split('\n').filter((l) => displayWidth(l) > 80), r.stdout).toEqual([]);
    }
    const got = await ddb([...E, 'get', orders, 'CUST#c300', 'PROFILE'], { columns: 80 });
    expect(got.stdout).toMatch(/│ a_rather_long_attribute_name_for_a_note │ S\s+│ lorem ipsum .*…/);
  });

  it('delete against AWS without a terminal is refused before any request (exit 5) unless --yes', async () => {
    const r = await ddb(['--prod', '--region', 'eu-west-1', 'delete', 'orders', 'CUST#c001', 'PROFILE'], { env: { AWS_ACCESS_KEY_ID: 'fake', AWS_SECRET_ACCESS_KEY: 'fake' } });
    expect(r.code).toBe(5);
    expect(r.stderr.trim()).toBe('ddb: refusing to delete an item from orders in AWS without confirmation (not a terminal) — pass --yes to delete it from a script');
  });

  it('a table that does not exist is exit 3', async () => {
    const r = await ddb([...E, 'get', 'no-such-table-xyz', 'a']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('table no-such-table-xyz not found');
  });
});
