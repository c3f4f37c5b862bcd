/** ddb list-tables — every table with status, item count, size, billing mode and indexes. [API: ListTables, DescribeTable] */
import { defineCommand, type Deps } from '../runtime/define.js';
import { type TableRow, tableRow } from '../schema/table-row.js';
import { mapLimit } from '../reading/map-limit.js';
import { tablesView } from '../render/tables.js';

export const run = async (_input: object, deps: Deps): Promise<TableRow[]> => {
  const db = await deps.dynamo();
  const names = await db.listTableNames();
  const described = await mapLimit(names, 8, (name) => db.describeTable(name));
  return described.flatMap((t) => (t ? [tableRow(t)] : []));
};

export const command = defineCommand({
  name: 'list-tables',
  description: 'list tables with status, item count, size, billing mode and indexes [API: ListTables, DescribeTable]',
  input: () => ({}),
  run,
  view: tablesView,
});
