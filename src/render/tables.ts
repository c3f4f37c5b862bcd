/** `ddb list-tables` for people: one row per table, and how many (or what to run when there are none). */
import type { TableRow } from '../schema/table-row.js';
import { formatBytes, renderTable } from './table.js';
import { recordsView } from './view.js';
import { count } from '../text.js';

export const tablesView = recordsView<TableRow>(
  (rows, style) =>
    renderTable(rows, [
      { header: 'Table', value: (r) => r.TableName, key: true },
      { header: 'Status', value: (r) => r.TableStatus },
      { header: 'Items', value: (r) => count(r.ItemCount), align: 'right' },
      { header: 'Size', value: (r) => formatBytes(r.TableSizeBytes), align: 'right' },
      { header: 'Billing', value: (r) => (r.BillingMode === 'PAY_PER_REQUEST' ? 'on-demand' : 'provisioned') },
      { header: 'Indexes', value: (r) => [...r.GlobalSecondaryIndexes, ...r.LocalSecondaryIndexes.map((i) => `${i} (local)`)].join(', '), max: 60 },
    ], style),
  (rows) => [rows.length ? `${rows.length} table(s)` : 'no tables — run `ddb schema-load`'],
);
