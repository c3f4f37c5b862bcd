/**
 * ddb sql: PartiQL on a table ddb has never heard of (examples/orders under a unique name), on DynamoDB Local —
 * SELECT by key and on an index with parameters, pages through the engine's NextToken, a SELECT that would scan
 * refused (exit 5) unless --allow-scan, INSERT/UPDATE/DELETE through, and what a failed write leaves (nothing).
 */
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { client, countItems, dropTable, getItem } from './faults/tables.js';
import { ddb } from './helpers/run.js';
import { loadOrders, orderItems, tokenOf, type Item } from './helpers/orders.js';

const endpoint = inject('endpoint');
const E = ['--endpoint-url', endpoint];
const db = client(endpoint);

describe('ddb sql on examples/orders', () => {
  let orders: string;
  const items = orderItems();
  const sortBy = (key: string) => (a: Item, b: Item) => (a[key] < b[key] ? -1 : 1);

  beforeAll(async () => {
    orders = await loadOrders(endpoint, 'sql');
  });
  afterAll(async () => {
    await dropTable(db, orders);
  });

  it('SELECT by partition key: JSON with plain values, a table with the keys first', async () => {
    const expected = items.filter((i) => i.pk === 'CUST#c002').sort(sortBy('sk'));
    const json = await ddb([...E, 'sql', `SELECT * FROM "${orders}" WHERE pk = 'CUST#c002'`, '--output', 'json']);
    expect(json.code, json.stderr).toBe(0);
    expect(json.json().Items).toEqual(expected);
    const table = await ddb([...E, 'sql', `SELECT * FROM "${orders}" WHERE pk = ?`, '--parameters', '["CUST#c002"]']);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout.split('\n')[1]!.split('│').map((c) => c.trim()).filter(Boolean).slice(0, 2)).toEqual(['pk', 'sk']);
    expect(table.stderr).toContain(`${expected.length} item(s)`);
  });

  it('SELECT on the index with parameters, paged with the engine NextToken through the printed command', async () => {
    const pending = items.filter((i) => i.gsi1pk === 'STATUS#pending').sort(sortBy('gsi1sk'));
    const statement = `SELECT order_id, total FROM "${orders}"."gsi1" WHERE gsi1pk = ? AND total > ?`;
    const expected = pending.filter((i) => i.total > 50).map((i) => ({ order_id: i.order_id, total: i.total }));
    const seen: Item[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const args = [...E, 'sql', statement, '--parameters', '["STATUS#pending", 50]', '--limit', '2', ...(token ? ['--starting-token', token] : [])];
      const page = await ddb(args);
      expect(page.code, page.stderr).toBe(0);
      const json = await ddb([...args, '--output', 'json']);
      seen.push(...json.json().Items);
      // the engine's token names its creation time: the two runs get different ones, both good
      const before = token;
      token = tokenOf(page.stderr);
      expect(Boolean(json.json().NextToken)).toBe(Boolean(token));
      if (token) expect(page.stderr).toContain(`more: ddb --endpoint-url ${endpoint} sql '${statement}' --parameters '["STATUS#pending", 50]' --limit 2 --starting-token ${token}`);
      expect(token).not.toBe(before);
      pages++;
    } while (token && pages < 20);
    expect(seen).toEqual(expected);
    expect(pages).toBeGreaterThan(1);
  });

  it('a SELECT that would scan is refused (exit 5, nothing read) unless --allow-scan', async () => {
    const refused = await ddb([...E, 'sql', `SELECT * FROM "${orders}" WHERE total > 100`]);
    expect(refused.code).toBe(5);
    expect(refused.stdout).toBe('');
    expect(refused.stderr.trim()).toBe(
      `ddb: refusing to run a statement that may read all of ${orders}: its WHERE does not fix the partition key pk with = or IN, ANDed at the top level — fix the partition key with = or IN (WHERE "pk" = '…' AND …), or pass --allow-scan to run it as it is`,
    );
    const onIndex = await ddb([...E, 'sql', `SELECT * FROM "${orders}"."gsi1" WHERE pk = 'CUST#c001'`]);
    expect(onIndex.code).toBe(5);
    expect(onIndex.stderr).toContain(`may read all of ${orders}.gsi1: its WHERE does not fix the partition key gsi1pk`);

    const allowed = await ddb([...E, 'sql', `SELECT * FROM "${orders}" WHERE total > 100`, '--allow-scan', '--limit', '1000', '--output', 'json']);
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(allowed.json().Items.map((i: Item) => i.order_id).sort()).toEqual(items.filter((i) => i.total > 100).map((i) => i.order_id).sort());

    const unknownIndex = await ddb([...E, 'sql', `SELECT * FROM "${orders}"."nope" WHERE x = 'a'`]);
    expect(unknownIndex.code).toBe(2);
    expect(unknownIndex.stderr).toContain('its indexes: gsi1');
    const missing = await ddb([...E, 'sql', `SELECT * FROM "no-such-table-q" WHERE pk = 'a'`]);
    expect(missing.code).toBe(3);
  });

  it('INSERT, UPDATE … RETURNING, DELETE change the table; a duplicate INSERT and an UPDATE of nothing exit 5 and write nothing', async () => {
    const insert = await ddb([...E, 'sql', `INSERT INTO "${orders}" VALUE {'pk': 'CUST#c200', 'sk': 'PROFILE', 'name': 'Margaret Hamilton', 'score': 9}`]);
    expect(insert.code, insert.stderr).toBe(0);
    expect(insert.stderr).toContain(`INSERT done on ${orders}`);
    expect(await getItem(db, orders, 'CUST#c200', 'PROFILE')).toEqual({ pk: 'CUST#c200', sk: 'PROFILE', name: 'Margaret Hamilton', score: 9 });

    const before = await countItems(db, orders);
    const duplicate = await ddb([...E, 'sql', `INSERT INTO "${orders}" VALUE {'pk': 'CUST#c200', 'sk': 'PROFILE', 'name': 'Someone else'}`]);
    expect(duplicate.code).toBe(5);
    expect(duplicate.stderr).toContain(`an item with this key already exists in ${orders}: nothing was written`);
    expect(await getItem(db, orders, 'CUST#c200', 'PROFILE')).toMatchObject({ name: 'Margaret Hamilton' });

    const update = await ddb([...E, 'sql', `UPDATE "${orders}" SET score = score + 1 SET "status" = 'vip' WHERE pk = 'CUST#c200' AND sk = 'PROFILE' RETURNING ALL NEW *`, '--output', 'json']);
    expect(update.code, update.stderr).toBe(0);
    expect(update.json().Items).toEqual([{ pk: 'CUST#c200', sk: 'PROFILE', name: 'Margaret Hamilton', score: 10, status: 'vip' }]);
    expect(await getItem(db, orders, 'CUST#c200', 'PROFILE')).toMatchObject({ score: 10, status: 'vip' });

    const nothing = await ddb([...E, 'sql', `UPDATE "${orders}" SET score = 1 WHERE pk = 'CUST#nobody' AND sk = 'PROFILE'`]);
    expect(nothing.code).toBe(5);
    expect(nothing.stderr).toContain(`UPDATE changed nothing in ${orders}: no item matches its WHERE`);
    expect(await getItem(db, orders, 'CUST#nobody', 'PROFILE')).toBeUndefined();
    expect(await countItems(db, orders)).toBe(before);

    const del = await ddb([...E, 'sql', `DELETE FROM "${orders}" WHERE pk = ? AND sk = ?`, '--parameters', '["CUST#c200", "PROFILE"]']);
    expect(del.code, del.stderr).toBe(0);
    expect(del.stderr).toContain(`DELETE done on ${orders}`);
    expect(del.stdout).toBe('');
    expect(await getItem(db, orders, 'CUST#c200', 'PROFILE')).toBeUndefined();
    // PartiQL deletes nothing without failing: ddb asks for the old item and says so (exit 5, as documented)
    const again = await ddb([...E, 'sql', `DELETE FROM "${orders}" WHERE pk = 'CUST#c200' AND sk = 'PROFILE' -- gone`]);
    expect(again.code).toBe(5);
    expect(again.stderr.trim()).toBe(`ddb: DELETE changed nothing in ${orders}: no item has that key`);
    expect((await ddb([...E, 'sql', `INSERT INTO "${orders}" VALUE {'pk': 'CUST#c200', 'sk': 'PROFILE', 'n': 1}`])).code).toBe(0);
    const returning = await ddb([...E, 'sql', `DELETE FROM "${orders}" WHERE pk = 'CUST#c200' AND sk = 'PROFILE' RETURNING ALL OLD *`, '--output', 'json']);
    expect(returning.code, returning.stderr).toBe(0);
    expect(returning.json().Items).toEqual([{ pk: 'CUST#c200', sk: 'PROFILE', n: 1 }]);
  });

  it('bad --parameters and statements DynamoDB rejects are exit 2', async () => {
    const notJson = await ddb([...E, 'sql', `SELECT * FROM "${orders}" WHERE pk = ?`, '--parameters', '[oops']);
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toContain('--parameters is not JSON');
    const syntax = await ddb([...E, 'sql', `SELECT * FROM "${orders}" WHERE pk = 'CUST#c001' AND total >`]);
    expect(syntax.code).toBe(2);
    expect(syntax.stderr).toContain('DynamoDB rejected the request');
  });
});
