/**
 * A table's page: what `ddb describe` says of its keys and indexes, then its items one page at a time (one Query or
 * Scan request per page), keys first, each value's type shown. The form is `ddb query`'s: an index, a partition
 * value, a sort condition, newest first, a filter. Pages go forwards with DynamoDB's LastEvaluatedKey (as a NextToken)
 * and back through the tokens of the pages already seen.
 */
import { api, enc } from './api.js';
import { errorLine, fill, go, h, route } from './dom.js';
import { type Item, capacityText, itemsTable } from './values.js';

interface KeyAttribute {
  name: string;
  type: string;
}
interface Describe {
  table: string;
  itemCount: number;
  keys: { partition: KeyAttribute; sort?: KeyAttribute };
  globalSecondaryIndexes: { name: string; partitionKey: KeyAttribute; sortKey?: KeyAttribute; projection: string }[];
  localSecondaryIndexes: { name: string; partitionKey: KeyAttribute; sortKey?: KeyAttribute; projection: string }[];
  billing: { mode: string };
  stream: { enabled: boolean; viewType?: string };
  ttl: { supported: boolean; enabled?: boolean; attribute?: string };
}
interface Page {
  api: 'Query' | 'Scan';
  items: Item[];
  keyNames: string[];
  count: number;
  scannedCount: number;
  consumed?: { CapacityUnits?: number };
  nextToken?: string;
  /** the table's key attributes (an item's page is found by them) */
  tableKeys: string[];
  /** this page as a `ddb query` / `ddb scan` command */
  command: string;
}

const OPS = ['=', '<', '<=', '>', '>=', 'begins_with', 'between'];
const keyText = (k: KeyAttribute | undefined) => (k ? `${k.name} (${k.type})` : '—');

/** What `ddb describe` says of the keys and indexes, and the query form. */
const describePart = (table: string, d: Describe, params: URLSearchParams): HTMLElement[] => {
  const indexes = [...d.globalSecondaryIndexes, ...d.localSecondaryIndexes];
  const index = params.get('index') ?? '';
  const keys = index ? indexes.find((i) => i.name === index) : undefined;
  const partition = keys ? keys.partitionKey : d.keys.partition;
  const sort = keys ? keys.sortKey : d.keys.sort;

  const input = (name: string, label: string, extra: Record<string, unknown> = {}) =>
    h('label', {}, label, ' ', h('input', { name, value: params.get(name) ?? '', ...extra }));
  const form = h(
    'form',
    { class: 'query', id: 'query' },
    h('label', {}, 'index ', h('select', { name: 'index' }, h('option', { value: '' }, `(table) ${keyText(d.keys.partition)}${d.keys.sort ? `, ${keyText(d.keys.sort)}` : ''}`), indexes.map((i) => h('option', { value: i.name, selected: i.name === index }, `${i.name}: ${keyText(i.partitionKey)}${i.sortKey ? `, ${keyText(i.sortKey)}` : ''}`)))),
    input('pk', `${partition.name} =`, { placeholder: 'partition value (empty: scan)' }),
    sort
      ? h(
          'span',
          {},
          h('label', {}, `${sort.name} `, h('select', { name: 'op' }, h('option', { value: '' }, '(any)'), OPS.map((o) => h('option', { value: o, selected: params.get('op') === o }, o)))),
          ' ',
          h('input', { name: 'value', value: params.get('value') ?? '', placeholder: 'value' }),
          ' ',
          h('input', { name: 'value2', value: params.get('value2') ?? '', placeholder: 'and (between)' }),
          ' ',
          h('label', {}, h('input', { type: 'checkbox', name: 'desc', checked: params.get('desc') === '1' }), ' newest first'),
        )
      : null,
    input('filter', 'filter', { placeholder: 'e.g. status = shipped and total >= 100', size: 32 }),
    h('label', {}, 'per page ', h('select', { name: 'limit' }, ['25', '50', '100', '200'].map((n) => h('option', { value: n, selected: (params.get('limit') ?? '50') === n }, n)))),
    h('button', { type: 'submit' }, 'Read'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const next: Record<string, string> = {};
    for (const [k, v] of data.entries()) if (typeof v === 'string' && v !== '') next[k] = k === 'desc' ? '1' : v;
    go(route(`table/${enc(table)}`, next));
  });
  return [
    h('p', { class: 'facts' }, `key ${keyText(d.keys.partition)}${d.keys.sort ? `, ${keyText(d.keys.sort)}` : ''} · ${d.itemCount.toLocaleString('en-US')} items · ${d.billing.mode} · stream ${d.stream.enabled ? d.stream.viewType : 'off'} · TTL ${d.ttl.supported ? (d.ttl.enabled ? d.ttl.attribute : 'off') : 'not supported here'}`),
    ...(indexes.length ? [h('p', { class: 'facts' }, indexes.map((i) => `${i.name}: ${keyText(i.partitionKey)}${i.sortKey ? `, ${keyText(i.sortKey)}` : ''}, projection ${i.projection}`).join(' · '))] : []),
    form,
  ];
};

/**
 * The page shows its first page of items as soon as that one request answers; the table's facts and the form come
 * from the describe route, read next (DynamoDB Local counts a big table's items for it, which takes seconds).
 */
export const tablePage = async (table: string, params: URLSearchParams): Promise<HTMLElement> => {
  const head = h('div', { id: 'describe' }, h('p', { class: 'note' }, 'describing…'));

  const results = h('div', { id: 'results' });
  const tokens: (string | undefined)[] = [undefined];
  let at = 0;
  const show = async (): Promise<void> => {
    const query = new URLSearchParams(params);
    const token = tokens[at];
    if (token) query.set('start', token); // (not `token`: that is the login's)
    let page: Page;
    try {
      page = await api<Page>(`/api/tables/${enc(table)}/items?${query}`);
    } catch (error) {
      return fill(results, errorLine(error));
    }
    if (page.nextToken) tokens[at + 1] = page.nextToken;
    else tokens.length = at + 1;
    const prev = h('button', { type: 'button', id: 'prev', disabled: at === 0, on: { click: () => (at--, void show()) } }, '← Previous');
    const next = h('button', { type: 'button', id: 'next', disabled: !page.nextToken, on: { click: () => (at++, void show()) } }, 'Next →');
    const read = page.scannedCount !== page.count ? ` (read ${page.scannedCount}: the filter applies after the read)` : '';
    const itemKey = (item: Item) => JSON.stringify(Object.fromEntries(page.tableKeys.map((k) => [k, item[k]])));
    fill(
      results,
      h('p', { class: 'summary', id: 'summary' }, `${page.api}${params.get('index') ? ` on ${params.get('index')}` : ''} · page ${at + 1} · ${page.count} item(s)${read} · ${capacityText(page.consumed)}`),
      h('pre', { class: 'copy', id: 'command' }, page.command),
      h('div', { class: 'pager' }, prev, ' ', next),
      page.items.length ? itemsTable(page.items, page.keyNames, (item) => route(`item/${enc(table)}`, { key: itemKey(item) })) : h('p', {}, 'No items on this page.'),
    );
  };
  fill(results, h('p', { class: 'note' }, 'reading…'));
  await show();
  // after the first page, not beside it: on DynamoDB Local the count would take the engine's time from the read
  void api<Describe>(`/api/tables/${enc(table)}`).then(
    (d) => fill(head, describePart(table, d, params)),
    (error) => fill(head, errorLine(error)),
  );
  return h('section', {}, h('h1', {}, table), head, results);
};
