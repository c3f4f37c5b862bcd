/**
 * ddb describe TABLE — everything about one table at a glance: keys, indexes, billing, stream, TTL, PITR,
 * protection, class, encryption, tags, size. `--dry-run` prints its plan (src/schema/live.ts liveSteps): DescribeTable,
 * then TTL, backups and tags. [API: DescribeTable, DescribeTimeToLive, DescribeContinuousBackups, ListTagsOfResource]
 */
import { defineCommand, type Deps } from '../runtime/define.js';
import { describeModel, type DescribeModel } from '../schema/describe-model.js';
import { liveSteps } from '../schema/live.js';
import { describeView } from '../render/describe.js';
import { type DryRun, dryRun, dryRunView } from '../render/dry-run.js';
import { type Tagged, taggedView } from '../render/view.js';

export const run = async ({ table, dryRun: dry }: { table: string; dryRun: boolean }, deps: Deps): Promise<Tagged<{ table: DescribeModel; 'dry-run': DryRun }>> => {
  if (dry) return { kind: 'dry-run', value: dryRun(liveSteps(table)) };
  const db = await deps.dynamo();
  const { readLive } = await import('../schema/read-live.js');
  // Not waiting: describe shows a table or index that is still changing as it is.
  const live = await readLive(db, table, { wait: false });
  if (!live) throw db.tableNotFound(table);
  return { kind: 'table', value: describeModel(live) };
};

export const command = defineCommand({
  name: 'describe',
  description:
    'everything about one table: keys, indexes, billing, stream, TTL, PITR, deletion protection, class, encryption, tags, size [API: DescribeTable, DescribeTimeToLive, DescribeContinuousBackups, ListTagsOfResource]',
  configure: (cmd) => cmd.argument('<table>', 'table name').option('--dry-run', 'print the requests it would send, and send nothing'),
  input: ([table]: [string], opts: { dryRun?: boolean }) => ({ table, dryRun: Boolean(opts.dryRun) }),
  run,
  view: taggedView({ table: describeView, 'dry-run': dryRunView }),
});
