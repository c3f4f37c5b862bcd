/** The Tables page: what `ddb list-tables` shows, each table opening its page. */
import { api } from './api.js';
import type { TableRow } from '../../schema/table-row.js';
import { h, route } from './dom.js';

export const tablesPage = async (): Promise<HTMLElement> => {
  const rows = await api<TableRow[]>('/api/tables');
  if (!rows.length) return h('p', {}, 'No tables on this engine yet. ', h('code', {}, 'ddb up'), ' creates and seeds one.');
  return h(
    'section',
    {},
    h('h1', {}, 'Tables'),
    h(
      'table',
      { class: 'items', id: 'tables' },
      h('thead', {}, h('tr', {}, ['table', 'status', 'items', 'size', 'billing', 'indexes', 'deletion protection'].map((c) => h('th', {}, c)))),
      h(
        'tbody',
        {},
        rows.map((t) =>
          h(
            'tr',
            {},
            h('td', {}, h('a', { href: route(`table/${encodeURIComponent(t.TableName)}`) }, t.TableName)),
            h('td', {}, t.TableStatus),
            h('td', { class: 'num' }, t.ItemCount.toLocaleString('en-US')),
            h('td', { class: 'num' }, `${(t.TableSizeBytes / 1024).toFixed(1)} KB`),
            h('td', {}, t.BillingMode),
            h('td', {}, t.GlobalSecondaryIndexes.join(', ')),
            h('td', {}, t.DeletionProtectionEnabled ? 'on' : 'off'),
          ),
        ),
      ),
    ),
    h('p', { class: 'note' }, 'Item counts and sizes are DynamoDB’s own figures, refreshed about every six hours.'),
  );
};
