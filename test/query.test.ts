/**
 * ddb query and the new scan options (--filter, --projection, --index, --count) on a table ddb has never heard of
 * (examples/orders under a unique name): by key, by sort key condition, by index, pages that join up without gaps
 * or repeats. The requests and the filter grammar alone: test/query-pure.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { client, dropTable } from './faults/tables.js';
import { ddb } from './helpers/run.js';
import { loadOrders, orderItems, tokenOf, type Item } from './helpers/orders.js';

const endpoint = inject('endpoint');
const E = ['--endpoint-url', endpoint];
const db = client(endpoint);

describe('ddb query and scan on examples/orders', () => {
  let orders: string;
  const items = orderItems();
  const partition = (pk: string) => items.filter((i) => i.pk === pk).sort((a, b) => (a.sk < b.sk ? -1 : 1));
  const byStatus = (status: string) => items.filter((i) => i.gsi1pk === `STATUS#${status}`).sort((a, b) => (a.gsi1sk < b.gsi1sk ? -1 : 1));

  beforeAll(async () => {
    orders = await loadOrders(endpoint, 'query');
  });
  afterAll(async () => {
    await dropTable(db, orders);
  });

  it('by partition key: JSON in the reply shape, a table with the keys first, NDJSON an item a line', async () => {
    const expected = partition('CUST#c001');
    const json = await ddb([...E, 'query', orders, 'CUST#c001', '--output', 'json']);
    expect(json.code, json.stderr).toBe(0);
    expect(json.json()).toMatchObject({ Items: expected, Count: expected.length, ScannedCount: expected.length });
    expect(json.json().NextToken).toBeUndefined();

    const table = await ddb([...E, 'query', orders, 'CUST#c001']);
    expect(table.code).toBe(0);
    const header = table.stdout.split('\n')[1]!.split('│').map((c) => c.trim()).filter(Boolean);
    expect(header.slice(0, 2)).toEqual(['pk', 'sk']);
    expect(table.stdout).toContain('ORDER#2025-03-01T08:00:00Z#o1001');
    expect(table.stderr).toContain(`${expected.length} item(s)`);

    const ndjson = await ddb([...E, 'query', orders, 'CUST#c001', '--output', 'ndjson']);
    expect(ndjson.stdout.trim().split('\n').map((l) => JSON.parse(l))).toEqual(expected);
  });

  it('--sk conditions, --desc, and --limit pages that the printed next-page command continues', async () => {
    const orderRows = partition('CUST#c001').filter((i) => i.sk.startsWith('ORDER#'));
    const begins = await ddb([...E, 'query', orders, 'CUST#c001', '--sk', 'begins_with ORDER#', '--output', 'json']);
    expect(begins.json().Items).toEqual(orderRows);
    const between = await ddb([...E, 'query', orders, 'CUST#c001', '--sk', 'between ORDER#2025-04 and ORDER#2025-05', '--output', 'json']);
    expect(between.json().Items).toEqual(orderRows.filter((i) => i.sk >= 'ORDER#2025-04' && i.sk <= 'ORDER#2025-05'));
    expect(between.json().Items.length).toBeGreaterThan(0);
    const after = await ddb([...E, 'query', orders, 'CUST#c001', '--sk', '> ORDER#2025-04', '--output', 'json']);
    expect(after.json().Items).toEqual(partition('CUST#c001').filter((i) => i.sk > 'ORDER#2025-04')); // PROFILE too

    // pages of 2, newest first, followed through the printed command: every order once, in order
    const seen: Item[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await ddb([...E, 'query', orders, 'CUST#c001', '--sk', 'begins_with ORDER#', '--desc', '--limit', '2', ...(token ? ['--starting-token', token] : [])]);
      expect(page.code, page.stderr).toBe(0);
      const json = await ddb([...E, 'query', orders, 'CUST#c001', '--sk', 'begins_with ORDER#', '--desc', '--limit', '2', '--output', 'json', ...(token ? ['--starting-token', token] : [])]);
      seen.push(...json.json().Items);
      token = tokenOf(page.stderr);
      expect(json.json().NextToken).toBe(token);
      if (token) expect(page.stderr).toContain(`more: ddb --endpoint-url ${endpoint} query ${orders} CUST#c001 --sk 'begins_with ORDER#' --desc --limit 2 --starting-token ${token}`);
      pages++;
    } while (token && pages < 10);
    expect(seen).toEqual([...orderRows].reverse());
    // a page that ends exactly at --limit carries a token even when nothing follows: the last page is then empty
    expect(pages).toBe(Math.floor(orderRows.length / 2) + 1);
  });

  it('--index gsi1: orders by status from the index, with its key names and types from DescribeTable', async () => {
    const shipped = byStatus('shipped');
    const r = await ddb([...E, 'query', orders, 'STATUS#shipped', '--index', 'gsi1', '--output', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json().Items).toEqual(shipped);
    const table = await ddb([...E, 'query', orders, 'STATUS#pending', '--index', 'gsi1', '--sk', 'begins_with 2025-03', '--projection', 'order_id,total']);
    expect(table.code, table.stderr).toBe(0);
    const header = table.stdout.split('\n')[1]!.split('│').map((c) => c.trim()).filter(Boolean);
    expect(header).toEqual(['order_id', 'total']); // key columns that no item has are left out
    expect(table.stdout.split('\n').filter((l) => /│ o\d+/.test(l))).toHaveLength(byStatus('pending').filter((i) => i.gsi1sk.startsWith('2025-03')).length);

    const paged = await ddb([...E, 'query', orders, 'STATUS#pending', '--index', 'gsi1', '--limit', '3', '--output', 'json']);
    const rest = await ddb([...E, 'query', orders, 'STATUS#pending', '--index', 'gsi1', '--output', 'json', '--starting-token', paged.json().NextToken]);
    expect([...paged.json().Items, ...rest.json().Items]).toEqual(byStatus('pending'));
    // a token of the index is not one of the table
    const foreign = await ddb([...E, 'query', orders, 'STATUS#pending', '--starting-token', paged.json().NextToken]);
    expect(foreign.code).toBe(2);
    expect(foreign.stderr).toContain(`--starting-token is for ${orders} (index gsi1), not ${orders}`);

    const unknown = await ddb([...E, 'query', orders, 'x', '--index', 'by-status']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim()).toBe(`ddb: ${orders} has no index "by-status" — its indexes: gsi1`);
  });

  it('--filter, --count, and usage errors before anything is read', async () => {
    const big = items.filter((i) => i.gsi1pk === 'STATUS#pending' && i.total >= 100 && i.pk.startsWith('CUST#c00'));
    const r = await ddb([...E, 'query', orders, 'STATUS#pending', '--index', 'gsi1', '--filter', 'total >= 100 and begins_with(pk, "CUST#c00") and currency = EUR', '--output', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json().Items).toEqual(big.sort((a, b) => (a.gsi1sk < b.gsi1sk ? -1 : 1)));
    expect(r.json().ScannedCount).toBe(byStatus('pending').length);
    const table = await ddb([...E, 'query', orders, 'STATUS#pending', '--index', 'gsi1', '--filter', 'total >= 100']);
    expect(table.stderr).toContain(`${big.length} item(s) (${byStatus('pending').length} read, the rest filtered out)`);

    const counted = await ddb([...E, 'query', orders, 'STATUS#pending', '--index', 'gsi1', '--count']);
    expect(counted.code).toBe(0);
    expect(counted.stdout.trim()).toBe(String(byStatus('pending').length));
    const countJson = await ddb([...E, 'query', orders, 'CUST#c002', '--filter', 'attribute_exists(total)', '--count', '--output', 'json']);
    expect(countJson.json()).toMatchObject({ Count: partition('CUST#c002').filter((i) => 'total' in i).length, ScannedCount: partition('CUST#c002').length });

    for (const [args, line] of [
      [['--count', '--limit', '5'], '--count counts every matching item'],
      [['--filter', 'total >'], '--filter: expected a value at the end'],
      [['--sk', 'begins_with'], 'is not a sort key condition'],
      [['--projection', 'a,,b'], '--projection "a,,b" has an empty name'],
    ] as [string[], string][]) {
      const bad = await ddb([...E, 'query', orders, 'CUST#c001', ...args]);
      expect(bad.code, args.join(' ')).toBe(2);
      expect(bad.stderr).toContain(line);
    }
  });

  it('scan --filter, --projection, --index, --count', async () => {
    const shipped = items.filter((i) => i.status === 'shipped');
    const filtered = await ddb([...E, 'scan', orders, '--filter', 'type = order and status = shipped', '--projection', 'order_id,status', '--output', 'json']);
    expect(filtered.code, filtered.stderr).toBe(0);
    expect(filtered.json().Items.map((i: Item) => i.order_id).sort()).toEqual(shipped.map((i) => i.order_id).sort());
    expect(filtered.json().Items.every((i: Item) => Object.keys(i).sort().join() === 'order_id,status')).toBe(true);
    expect(filtered.json().ScannedCount).toBe(items.length);

    const count = await ddb([...E, 'scan', orders, '--count', '--filter', 'type = customer']);
    expect(count.stdout.trim()).toBe(String(items.filter((i) => i.type === 'customer').length));
    const all = await ddb([...E, 'scan', orders, '--count', '--segments', '3', '--output', 'json']);
    expect(all.json()).toMatchObject({ Count: items.length, ScannedCount: items.length });

    // the index holds only the orders (they alone have gsi1pk); pages of the index join up through the printed token
    const first = await ddb([...E, 'scan', orders, '--index', 'gsi1', '--projection', 'order_id,gsi1pk,gsi1sk', '--max-rows', '20']);
    expect(first.code, first.stderr).toBe(0);
    const token = tokenOf(first.stderr)!;
    expect(first.stderr).toContain(`more: ddb --endpoint-url ${endpoint} scan ${orders} --index gsi1 --projection order_id,gsi1pk,gsi1sk --max-rows 20 --starting-token ${token}`);
    const rest = await ddb([...E, 'scan', orders, '--index', 'gsi1', '--starting-token', token, '--output', 'json']);
    const firstIds = first.stdout.split('\n').map((l) => /│ (o\d+)\s+│/.exec(l)?.[1]).filter(Boolean);
    expect(firstIds).toHaveLength(20);
    const ids = [...firstIds, ...rest.json().Items.map((i: Item) => i.order_id)];
    expect(ids.sort()).toEqual(items.filter((i) => i.gsi1pk).map((i) => i.order_id).sort());

    const unknown = await ddb([...E, 'scan', orders, '--index', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('its indexes: gsi1');
  });
});
