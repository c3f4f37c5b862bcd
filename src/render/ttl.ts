/** `ddb ttl sweep`: per table, what one sweep read and deleted. */
import type { TableSweep } from '../ttl/sweep.js';
import { count } from '../text.js';
import { renderTable } from './table.js';
import type { View } from './view.js';

export interface SweepResult {
  /** the sweep's clock (ISO 8601) */
  now: string;
  tables: TableSweep[];
}

export const sweepView: View<SweepResult> = {
  table: (r, style) =>
    r.tables.length
      ? renderTable(r.tables, [
          { header: 'Table', value: (t) => t.table, key: true },
          { header: 'TTL attribute', value: (t) => t.attribute ?? '' },
          { header: 'Scanned', value: (t) => count(t.scanned) },
          { header: 'Deleted', value: (t) => count(t.deleted) },
          { header: 'Skipped', value: (t) => count(t.skipped) },
        ], style)
      : '',
  footer: (r) => {
    const deleted = r.tables.reduce((n, t) => n + t.deleted, 0);
    return [`swept ${count(r.tables.length)} table(s) with TTL at ${r.now}: ${count(deleted)} expired item(s) deleted`];
  },
};
