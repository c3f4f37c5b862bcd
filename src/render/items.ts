/**
 * Items read by a query or a scan: a table with the columns the command chooses; in JSON DynamoDB's own reply shape
 * ({"Items": […], "Count": n, "ConsumedCapacity": …, "NextToken": …}); in NDJSON one item per line. The footer says
 * how many items a filter left out, and when the read stopped with more to come, people get the exact command for the
 * next page and scripts get NextToken.
 */
import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import type { ItemsResult } from '../reading/query.js';
import { displayTimestamp } from '../time.js';
import { type Column, renderTable } from './table.js';
import type { View } from './view.js';
import { count } from '../text.js';

type Item = Record<string, unknown>;

export const capacityText = (c: ConsumedCapacity | undefined, unit: 'RCU' | 'WCU' = 'RCU'): string =>
  c?.CapacityUnits === undefined ? 'consumed capacity: not reported by this engine' : `consumed ${c.CapacityUnits} ${unit} on ${c.TableName ?? 'the table'}`;

/** What a paged read returns to the output step: the items, and the command that reads the next page. */
export interface PagedItems extends ItemsResult {
  /** the command line for the next page, when NextToken is set */
  next?: string;
}

export const itemsView = (columns: readonly Column<Item>[] | ((items: readonly Item[]) => readonly Column<Item>[]), noun: string): View<PagedItems> => ({
  table: (r, style) => (r.Items.length ? renderTable(r.Items, typeof columns === 'function' ? columns(r.Items) : columns, style) : ''),
  footer: (r) => {
    // a filter read more than it returned: say so (it is what the read cost)
    const read = r.ScannedCount > r.Count ? ` (${count(r.ScannedCount)} read, the rest filtered out)` : '';
    return [`${count(r.Items.length)} ${noun}(s)${read}; ${capacityText(r.ConsumedCapacity)}`, ...(r.next ? [`more: ${r.next}`] : [])];
  },
  json: ({ next: _next, ...reply }) => reply,
  ndjson: (r) => r.Items,
});

/** A conversation's messages (create-message, `ddb up`). */
export const messageColumns: Column<Item>[] = [
  { header: 'When', value: (i) => displayTimestamp(i.sk), fixed: true },
  { header: 'From', value: (i) => `@${i.user_handle}`, max: 20 },
  { header: 'Message', value: (i) => i.message, max: 70 },
];
