/**
 * Items of `ddb query` and `ddb sql`: a table whose columns are the key attributes first, then the others in
 * first-seen order (itemColumns); in JSON DynamoDB's reply shape with NextToken; in NDJSON one item per line. Built on
 * itemsView (the footer: count, capacity, and the exact command for the next page).
 */
import { itemsView, type PagedItems } from './items.js';
import { itemColumns } from './table.js';
import type { View } from './view.js';

export interface KeyedItems extends PagedItems {
  /** the table's key attributes (and the index's), shown first */
  keyNames: string[];
}

export const keyedItemsView = (noun = 'item'): View<KeyedItems> => {
  // key columns that some item has (a --projection may leave them out)
  const base = (r: KeyedItems) => itemsView((items) => itemColumns(items, r.keyNames.filter((k) => items.some((i) => k in i))), noun);
  return {
    table: (r, style) => base(r).table(r, style),
    footer: (r, style) => base(r).footer!(r, style),
    json: ({ keyNames: _keys, next: _next, ...reply }) => reply,
    ndjson: (r) => r.Items,
  };
};
