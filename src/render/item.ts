/**
 * One item (get, put, delete, update): for people its attributes as rows (name, type, value; keys first), with what
 * happened on stderr; in JSON the item itself — plain values, or DynamoDB JSON with --dynamodb-json — or null when
 * there was none (a delete that found nothing). Also the --count result of query and scan.
 */
import type { AttributeValue, ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import { capacityText } from './items.js';
import { renderTable } from './table.js';
import type { View } from './view.js';
import { count } from '../text.js';

type Item = Record<string, unknown>;

export interface ItemOutcome {
  table: string;
  action: 'get' | 'put' | 'delete' | 'update';
  /** `pk=… sk=…` */
  key: string;
  keyNames: string[];
  /** plain values */
  item?: Item;
  /** the same item in DynamoDB JSON */
  raw?: Record<string, AttributeValue>;
  ConsumedCapacity?: ConsumedCapacity;
}

const ordered = (names: string[], keyNames: readonly string[]): string[] => [...keyNames.filter((k) => names.includes(k)), ...names.filter((n) => !keyNames.includes(n)).sort()];

const typeOf = (av: AttributeValue | undefined): string => (av ? (Object.keys(av)[0] ?? '') : '');

const done = (o: ItemOutcome): string => {
  switch (o.action) {
    case 'get':
      return `${o.key} in ${o.table}`;
    case 'put':
      return `put ${o.key} into ${o.table}`;
    case 'update':
      return `updated ${o.key} in ${o.table} (the item as it is now)`;
    case 'delete':
      return o.item ? `deleted ${o.key} from ${o.table} (the item as it was)` : `no item ${o.key} in ${o.table}: nothing deleted`;
  }
};

export const itemView = (typed: boolean): View<ItemOutcome> => ({
  table: (o, style) => {
    if (!o.item) return '';
    const names = ordered(Object.keys(o.item), o.keyNames);
    return renderTable(names, [
      { header: 'attribute', value: (n) => n, key: true },
      { header: 'type', value: (n) => typeOf(o.raw?.[n]), fixed: true },
      { header: 'value', value: (n) => o.item![n], max: 200 },
    ], style);
  },
  footer: (o) => [`${done(o)}; ${capacityText(o.ConsumedCapacity, o.action === 'get' ? 'RCU' : 'WCU')}`],
  // keys first, then by name: the same item prints the same whatever order DynamoDB sent its attributes in
  json: (o) => {
    const item: Record<string, unknown> | undefined = typed ? o.raw : o.item;
    return item ? Object.fromEntries(ordered(Object.keys(item), o.keyNames).map((n) => [n, item[n]])) : null;
  },
});

/** --count: the number for people (with what was read), {Count, ScannedCount, ConsumedCapacity} for scripts. */
export interface Counted {
  Count: number;
  ScannedCount: number;
  ConsumedCapacity?: ConsumedCapacity;
}

export const countView: View<Counted> = {
  table: (c) => String(c.Count),
  footer: (c) => [`${count(c.Count)} item(s) counted, ${count(c.ScannedCount)} read; ${capacityText(c.ConsumedCapacity)}`],
  json: (c) => c,
};
