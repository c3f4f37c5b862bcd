/**
 * ddb list-tables — every table with status, item count, size, billing mode and indexes. `--dry-run` prints its plan:
 * ListTables, then a DescribeTable for each table it names (a placeholder: only ListTables knows them). [API: ListTables, DescribeTable]
 */
import { defineCommand, type Deps } from '../runtime/define.js';
import { type TableRow, tableRow } from '../schema/table-row.js';
import { mapLimit } from '../reading/map-limit.js';
import { tablesView } from '../render/tables.js';
import { describeStep, type Step } from '../plan/step.js';
import { type DryRun, dryRun, dryRunView } from '../render/dry-run.js';
import { type Tagged, taggedView } from '../render/view.js';

/** What list-tables sends: every page of ListTables, then each table's description, 8 at a time. */
const plan = (): [Extract<Step, { api: 'ListTables' }>, Step] => [
  { api: 'ListTables', input: {}, read: true, pages: 'then the next page from each LastEvaluatedTableName, until the last table' },
  { ...describeStep('<each table ListTables names>'), when: 'for each table ListTables names (8 at a time)' },
];

export const run = async (input: { dryRun: boolean }, deps: Deps): Promise<Tagged<{ tables: TableRow[]; 'dry-run': DryRun }>> => {
  const steps = plan();
  if (input.dryRun) return { kind: 'dry-run', value: dryRun(steps) };
  const db = await deps.dynamo();
  const { perform } = await import('../aws/perform.js');
  const { TableNames: names } = await perform(db, steps[0]);
  // a table dropped between the two reads is left out (describeTable: undefined), not an error
  const described = await mapLimit(names, 8, (name) => db.describeTable(name));
  return { kind: 'tables', value: described.flatMap((t) => (t ? [tableRow(t)] : [])) };
};

export const command = defineCommand({
  name: 'list-tables',
  description: 'list tables with status, item count, size, billing mode and indexes [API: ListTables, DescribeTable]',
  configure: (cmd) => cmd.option('--dry-run', 'print the requests it would send, and send nothing'),
  input: (_args: [], opts: { dryRun?: boolean }) => ({ dryRun: Boolean(opts.dryRun) }),
  run,
  view: taggedView({ tables: tablesView, 'dry-run': dryRunView }),
});
