/** One table as `ddb list-tables` lists it (pure). */
import type { TableDescription } from '@aws-sdk/client-dynamodb';

export interface TableRow {
  TableName: string;
  TableStatus: string;
  ItemCount: number;
  TableSizeBytes: number;
  BillingMode: string;
  GlobalSecondaryIndexes: string[];
  LocalSecondaryIndexes: string[];
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
  LocalSecondaryIndexes: (t.LocalSecondaryIndexes ?? []).map((i) => i.IndexName ?? ''),
  DeletionProtectionEnabled: Boolean(t.DeletionProtectionEnabled),
});
