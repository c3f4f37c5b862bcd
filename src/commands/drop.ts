/** ddb drop TABLE — delete a table, after typed confirmation or --yes; never past deletion protection. [API: DeleteTable] */
import { Command } from 'commander';
import type { App } from '../app.js';
import { DdbError } from '../errors.js';
import { whereText } from '../context.js';
import { ask, canPrompt } from '../prompt.js';

interface Options {
  yes?: boolean;
  allowProd?: boolean;
}

export const dropCommand = (app: App): Command =>
  new Command('drop')
    .description('delete a table and wait until it is gone (asks you to type its name; --yes for scripts) [API: DeleteTable]')
    .argument('<table>', 'table name')
    .option('-y, --yes', 'do not ask: drop without typed confirmation')
    .option('--allow-prod', 'allow dropping a table in AWS (with --prod)')
    .action(
      app.action<Options>(async (rt, opts, [table = '']) => {
        const target = rt.target;
        if (target.kind === 'aws' && !opts.allowProd) {
          throw new DdbError('safety.refused', `refusing to drop ${table} in AWS`, { suggestion: 'add --allow-prod if you really mean to delete it there' });
        }
        const db = await rt.dynamo();
        const live = await db.requireTable(table);
        const where = whereText(target, db.region);
        if (live.DeletionProtectionEnabled) {
          throw new DdbError('safety.deletionProtection', `table ${table} has deletion protection on`, {
            suggestion: `turn it off first: set "deletionProtection": false in the schema file and run \`ddb schema-load\`, or \`aws dynamodb update-table --table-name ${table} --no-deletion-protection-enabled\``,
          });
        }
        if (!opts.yes) {
          if (!canPrompt(rt.io)) {
            throw new DdbError('safety.refused', `refusing to drop ${table} without confirmation (not a terminal)`, { suggestion: 'pass --yes to drop it from a script' });
          }
          const items = live.ItemCount ?? 0;
          rt.banner();
          const answer = await ask(rt.io, `Drop ${table} (${items.toLocaleString('en-US')} items) ${where}? Type the table name to confirm: `);
          if (answer !== table) throw new DdbError('safety.refused', `not dropped: "${answer}" is not "${table}"`);
        }
        await db.deleteTable(table);
        await db.waitGone(table);
        rt.info(`${rt.errChalk.green('dropped')} ${table} ${where}`);
        if (!rt.human) rt.out(JSON.stringify({ TableName: table, Dropped: true }));
      }),
    );
