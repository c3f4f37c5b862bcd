/** ddb drop TABLE — delete a table, after typed confirmation or --yes; never past deletion protection. [API: DeleteTable] */
import { defineCommand, type Deps } from '../runtime/define.js';
import { DdbError } from '../errors.js';
import { whereText } from '../target.js';
import { type Dropped, droppedView } from '../render/outcomes.js';
import { argWords, count } from '../text.js';
import { positiveInt } from '../runtime/options.js';
import { describeStep, type Step } from '../plan/step.js';
import { type DryRun, dryRun, dryRunView } from '../render/dry-run.js';
import { type Tagged, taggedView } from '../render/view.js';

interface Input {
  table: string;
  yes: boolean;
  allowProd: boolean;
  /** seconds to wait for a table still being created or updated before it can be deleted */
  waitTimeout: number;
  dryRun: boolean;
}

/** What a drop sends: the table's description (deletion protection, status, items), then DeleteTable (then it waits until the table is gone). */
const plan = (table: string): Step[] => [describeStep(table), { api: 'DeleteTable', input: { TableName: table }, read: false }];

export const run = async ({ table, yes, allowProd, waitTimeout, dryRun: dry }: Input, deps: Deps): Promise<Tagged<{ dropped: Dropped; 'dry-run': DryRun }>> => {
  const steps = plan(table);
  if (dry) return { kind: 'dry-run', value: dryRun(steps) };
  return { kind: 'dropped', value: await drop(steps, { table, yes, allowProd, waitTimeout }, deps) };
};

const drop = async (steps: Step[], { table, yes, allowProd, waitTimeout }: Omit<Input, 'dryRun'>, deps: Deps): Promise<Dropped> => {
  const target = deps.target;
  if (target.kind === 'aws' && !allowProd) {
    throw new DdbError('safety.refused', `refusing to drop ${table} in AWS`, { suggestion: 'add --allow-prod if you really mean to delete it there' });
  }
  const db = await deps.dynamo();
  const { perform } = await import('../aws/perform.js');
  const [describe, remove] = steps as [Extract<Step, { api: 'DescribeTable' }>, Extract<Step, { api: 'DeleteTable' }>];
  const live = (await perform(db, describe)).Table!;
  const where = whereText(target, db.region);
  if (live.DeletionProtectionEnabled) {
    throw new DdbError('safety.deletionProtection', `table ${table} has deletion protection on`, {
      suggestion: `turn it off first: set "deletionProtection": false in the schema file and run \`ddb schema-load\`, or \`aws dynamodb update-table --table-name ${table} --no-deletion-protection-enabled\``,
    });
  }
  if (!yes) {
    if (!deps.prompt.available) {
      throw new DdbError('safety.refused', `refusing to drop ${table} without confirmation (not a terminal)`, { suggestion: 'pass --yes to drop it from a script' });
    }
    const items = count(live.ItemCount ?? 0);
    const answer = await deps.prompt.ask(`Drop ${table} (${items} items) ${where}? Type the table name to confirm: `);
    if (answer !== table) throw new DdbError('safety.refused', `not dropped: "${answer}" is not "${table}"`);
  }
  // DynamoDB deletes only an ACTIVE table (ResourceInUseException otherwise): one still being created or changed is
  // waited for, saying so, up to --wait-timeout.
  if (live.TableStatus === 'CREATING' || live.TableStatus === 'UPDATING') {
    deps.report.note(`${table} is ${live.TableStatus}: DynamoDB deletes a table once it is ACTIVE; waiting`);
    await db.waitActive(table, { indexes: false, timeoutSeconds: waitTimeout, onWait: (status, seconds) => deps.report.note(`waiting for ${table}: ${status} (${seconds.toFixed(0)}s)`) });
  }
  if (live.TableStatus !== 'DELETING') {
    await perform(db, remove).catch((error: unknown) => {
      const name = (error as { cause?: { name?: string } }).cause?.name;
      if (name !== 'ResourceInUseException') throw error;
      throw new DdbError('aws.failure', `${table} is busy (being created or changed) and DynamoDB deletes only an ACTIVE table: nothing was dropped`, {
        suggestion: `wait until \`ddb describe ${argWords(table)}\` says ACTIVE, then drop it again`,
        cause: error,
      });
    });
  }
  await db.waitGone(table);
  return { TableName: table, Dropped: true, where };
};

export const command = defineCommand({
  name: 'drop',
  description: 'delete a table and wait until it is gone (asks you to type its name; --yes for scripts) [API: DeleteTable]',
  configure: (cmd) =>
    cmd
      .argument('<table>', 'table name')
      .option('-y, --yes', 'do not ask: drop without typed confirmation')
      .option('--allow-prod', 'allow dropping a table in AWS (with --prod)')
      .option('--wait-timeout <seconds>', 'the longest wait for a table still being created before it can be dropped', positiveInt, 600)
      .option('--dry-run', 'print the requests it would send, and send nothing'),
  input: ([table]: [string], opts: { yes?: boolean; allowProd?: boolean; waitTimeout: number; dryRun?: boolean }): Input => ({ table, yes: Boolean(opts.yes), allowProd: Boolean(opts.allowProd), waitTimeout: opts.waitTimeout, dryRun: Boolean(opts.dryRun) }),
  run,
  view: taggedView({ dropped: droppedView, 'dry-run': dryRunView }),
});
