/**
 * ddb describe TABLE — everything about one table at a glance: keys, indexes, billing, stream, TTL, PITR,
 * protection, class, encryption, tags, size. [API: DescribeTable, DescribeTimeToLive, DescribeContinuousBackups,
 * ListTagsOfResource]
 */
import { Command } from 'commander';
import type { App } from '../app.js';
import { describeModel } from '../schema/describe-model.js';
import { renderDescribe } from '../render/describe.js';
import { toJson } from '../render/plain.js';

export const describeCommand = (app: App): Command =>
  new Command('describe')
    .description(
      'everything about one table: keys, indexes, billing, stream, TTL, PITR, deletion protection, class, encryption, tags, size [API: DescribeTable, DescribeTimeToLive, DescribeContinuousBackups, ListTagsOfResource]',
    )
    .argument('<table>', 'table name')
    .action(
      app.action(async (rt, _opts, [table = '']) => {
        const db = await rt.dynamo();
        const { readLive } = await import('../aws/admin.js');
        const live = await readLive(db, table, { wait: false });
        if (!live) {
          await db.requireTable(table); // throws the usual one-line "not found" (exit 3)
          return;
        }
        const model = describeModel(live);
        if (rt.human) rt.out(renderDescribe(model, rt.chalk));
        else rt.out(toJson(model, rt.output === 'ndjson' ? 0 : 2));
      }),
    );
