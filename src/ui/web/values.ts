/**
 * Items as the server sends them: DynamoDB JSON ({"S": "x"}, {"N": "12.50"}, {"M": {…}}, binary as base64). Each
 * value is shown with its type, as text: a number keeps every digit it has, a set says it is a set.
 */
import { h } from './dom.js';

export type AttributeValue = Record<string, unknown>;
export type Item = Record<string, AttributeValue>;

export const typeOf = (value: AttributeValue): string => Object.keys(value)[0] ?? '?';

/** The value as one line of text (maps and lists as compact DynamoDB JSON of their contents). */
export const valueText = (value: AttributeValue): string => {
  const type = typeOf(value);
  const v = value[type];
  switch (type) {
    case 'S':
    case 'N':
    case 'B':
      return String(v);
    case 'BOOL':
      return String(v);
    case 'NULL':
      return 'null';
    case 'SS':
    case 'NS':
    case 'BS':
      return (v as string[]).join(', ');
    default:
      return JSON.stringify(v);
  }
};

/** A cell: the type badge, then the value as text. */
export const valueCell = (value: AttributeValue | undefined): HTMLElement =>
  value === undefined ? h('td', { class: 'missing' }) : h('td', {}, h('span', { class: `type t-${typeOf(value)}`, title: 'DynamoDB type' }, typeOf(value)), ' ', h('span', { class: 'value' }, valueText(value)));

/** Columns for a page of items: the key attributes first, then every other attribute in the order first seen. */
export const columnsOf = (items: readonly Item[], keyNames: readonly string[]): string[] => {
  const seen = new Set(keyNames);
  const columns = [...keyNames];
  for (const item of items) for (const name of Object.keys(item)) if (!seen.has(name)) (seen.add(name), columns.push(name));
  return columns;
};

/** A table of items; `rowLink` makes a row open its item. */
export const itemsTable = (items: readonly Item[], keyNames: readonly string[], rowLink?: (item: Item) => string): HTMLElement => {
  const columns = columnsOf(items, keyNames);
  return h(
    'table',
    { class: 'items' },
    h('thead', {}, h('tr', {}, rowLink ? h('th', {}, '') : null, columns.map((c) => h('th', { class: keyNames.includes(c) ? 'key' : '' }, c)))),
    h(
      'tbody',
      {},
      items.map((item) => h('tr', {}, rowLink ? h('td', {}, h('a', { href: rowLink(item), class: 'open' }, 'open')) : null, columns.map((c) => valueCell(item[c])))),
    ),
  );
};

/** Read capacity as people read it. */
export const capacityText = (consumed: { CapacityUnits?: number } | null | undefined): string =>
  consumed?.CapacityUnits !== undefined ? `${consumed.CapacityUnits} RCU consumed` : 'consumed capacity not reported';
