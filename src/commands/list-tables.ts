/** ddb list-tables — every table with status, item count, size, billing mode and indexes. [API: ListTables, DescribeTable] */
import { Command } from 'commander';
import type { TableDescription } from '@aws-sdk/client-dynamodb';
import type { App } from '../app.js';
import { printRecords } from '../render/output.js';
import { formatBytes } from '../render/table.js';
import { count } from '../text.js';
import { mapLimit } from '../util.js';

export interface TableRow {
  TableName: string;
  TableStatus: string;
  ItemCount: number;
  TableSizeBytes: number;
  BillingMode: string;
  GlobalSecondaryIndexes: string[];
  DeletionProtectionEnabled: boolean;
}

export const tableRow = (t: TableDescription): TableRow => ({
  TableName: t.TableName ?? '',
  TableStatus: t.TableStatus ?? 'UNKNOWN',
  ItemCount: t.ItemCount ?? 0,
  TableSizeBytes: t.TableSizeBytes ?? 0,
  // A table created as provisioned has no BillingModeSummary at all.
  BillingMode: t.BillingModeSummary?.BillingMode ?? 'PROVISIONED',
  GlobalSecondaryIndexes: (t.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName ?? ''),
  DeletionProtectionEnabled: Boolean(t.DeletionProtectionEnabled),
});

export const listTablesCommand = (app: App): Command =>
  new Command('list-tables')
    .description('list tables with status, item count, size, billing mode and indexes [API: ListTables, DescribeTable]')
    .action(
      app.action(async (rt) => {
        const db = await rt.dynamo();
        const names = await db.listTableNames();
        const described = await mapLimit(names, 8, (name) => db.describeTable(name));
        const rows = described.filter((t): t is TableDescription => t !== undefined).map(tableRow);
        printRecords(rt, rows, [
          { header: 'Table', value: (r) => r.TableName, max: 60 },
          { header: 'Status', value: (r) => r.TableStatus },
          { header: 'Items', value: (r) => count(r.ItemCount), align: 'right' },
          { header: 'Size', value: (r) => formatBytes(r.TableSizeBytes), align: 'right' },
          { header: 'Billing', value: (r) => (r.BillingMode === 'PAY_PER_REQUEST' ? 'on-demand' : 'provisioned') },
          { header: 'Indexes', value: (r) => r.GlobalSecondaryIndexes.join(', '), max: 60 },
        ]);
        if (rt.human) rt.info(rows.length ? `${rows.length} table(s)` : 'no tables — run `ddb schema-load`');
      }),
    );
