/**
 * ddb describe TABLE — everything about one table at a glance: keys, indexes, billing, stream, TTL, PITR,
 * protection, class, encryption, tags, size. [API: DescribeTable, DescribeTimeToLive, DescribeContinuousBackups,
 * ListTagsOfResource]
 */
import { defineCommand, type Deps } from '../runtime/define.js';
import { describeModel, type DescribeModel } from '../schema/describe-model.js';
import { describeView } from '../render/describe.js';

export const run = async ({ table }: { table: string }, deps: Deps): Promise<DescribeModel> => {
  const db = await deps.dynamo();
  const { readLive } = await import('../schema/read-live.js');
  // Not waiting: describe shows a table or index that is still changing as it is.
  const live = await readLive(db, table, { wait: false });
  if (!live) throw db.tableNotFound(table);
  return describeModel(live);
};

export const command = defineCommand({
  name: 'describe',
  description:
    'everything about one table: keys, indexes, billing, stream, TTL, PITR, deletion protection, class, encryption, tags, size [API: DescribeTable, DescribeTimeToLive, DescribeContinuousBackups, ListTagsOfResource]',
  configure: (cmd) => cmd.argument('<table>', 'table name'),
  input: ([table]: [string]) => ({ table }),
  run,
  view: describeView,
});
