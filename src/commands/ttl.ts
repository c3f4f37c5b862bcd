/**
 * ddb ttl sweep [TABLE] [--now TIME] — one TTL sweep of the local engine at a chosen clock: the expired items of
 * every table with TTL enabled (or of TABLE) are deleted, as DynamoDB's TTL process would, and their REMOVE records
 * marked as its (src/ttl/). DynamoDB Local expires items by itself, but only at the real clock: this moves the clock
 * forward for a test instead of waiting. `--dry-run` prints the sweep's plan (src/ttl/plan.ts): the reads, and the
 * DeleteItem for each expired item as a placeholder (only the Scan knows them). [API: ListTables, DescribeTimeToLive, Scan, DeleteItem]
 */
import { InvalidArgumentError } from 'commander';
import { defineCommand, defineGroup, type Deps } from '../runtime/define.js';
import { DdbError } from '../errors.js';
import { parseNow } from '../ttl/expiry.js';
import { sweepView, type SweepResult } from '../render/ttl.js';
import { type DryRun, dryRun, dryRunView } from '../render/dry-run.js';
import { type Tagged, taggedView } from '../render/view.js';
import { addPlanOptions, type PlanOptions, planOptions } from '../runtime/options.js';

interface Input {
  table?: string;
  now: Date;
  /** --dry-run; the schema file whose declared tables give it the TTL attribute and the keys */
  plan: PlanOptions;
}

const nowOption = (value: string): Date => {
  const date = parseNow(value);
  if (!date) throw new InvalidArgumentError('must be an ISO 8601 time (2030-01-01T00:00:00Z), epoch seconds, or a time from now (+90s, +15m, +2h, +7d).');
  return date;
};

/** The plan, from the schema file's tables (their TTL attribute and keys); what it does not declare, placeholders. */
const plan = async (input: Input): Promise<DryRun> => {
  const { schemaFile, schemaGiven } = input.plan;
  const { loadSchemaFile } = await import('../schema/load.js');
  const { sweepSteps } = await import('../ttl/plan.js');
  const tables = await loadSchemaFile(schemaFile).then(
    (schema) => schema.tables,
    (error: unknown) => {
      if (schemaGiven !== undefined) throw error;
      return []; // no project schema file: every table a placeholder
    },
  );
  const known = tables.map((t) => ({ name: t.name, ...(t.ttl ? { attribute: t.ttl.attribute } : {}), keyNames: [t.keys.partition, ...(t.keys.sort ? [t.keys.sort] : [])] }));
  const now = Math.floor(input.now.getTime() / 1000);
  const named = input.table === undefined ? undefined : (known.find((t) => t.name === input.table) ?? { name: input.table });
  return dryRun(sweepSteps(named, known.filter((t) => t.attribute), now));
};

export const run = async (input: Input, deps: Deps): Promise<Tagged<{ swept: SweepResult; 'dry-run': DryRun }>> => {
  if (deps.target.kind !== 'local') {
    throw new DdbError('usage', '`ddb ttl sweep` expires items on a local engine; DynamoDB deletes expired items itself', { suggestion: 'point it at a local engine (the default, or --endpoint-url http://localhost:PORT)' });
  }
  if (input.plan.dryRun) return { kind: 'dry-run', value: await plan(input) };
  return { kind: 'swept', value: await sweepNow(input, deps) };
};

const sweepNow = async (input: Input, deps: Deps): Promise<SweepResult> => {
  const db = await deps.dynamo();
  const { sweep } = await import('../ttl/sweep.js');
  const { sweepLogFor } = await import('../ttl/sweep-log.js');
  const { defaultStateDir } = await import('../local/state.js');
  if (input.table) await db.requireTable(input.table);
  const tables = await sweep(db, { tables: input.table ? [input.table] : undefined, now: input.now, logPath: sweepLogFor(deps.target, defaultStateDir(deps.io.env)) });
  if (input.table && !tables[0]?.attribute) {
    throw new DdbError('input.invalid', `table ${input.table} has no TTL enabled`, { suggestion: `add "ttl": { "attribute": "expires_at" } to ${input.table} in the schema file, then run \`ddb schema-load\`` });
  }
  // Sweeping every table: the ones with TTL are the news.
  return { now: input.now.toISOString(), tables: input.table ? tables : tables.filter((t) => t.attribute) };
};

const sweepCommand = defineCommand({
  name: 'sweep',
  description: 'delete the expired items of the local engine now, as DynamoDB TTL would [API: DescribeTimeToLive, Scan, DeleteItem]',
  configure: (cmd) =>
    addPlanOptions(cmd)
      .argument('[table]', 'one table (default: every table with TTL enabled)')
      .option('--now <time>', 'the clock to sweep at: ISO 8601, epoch seconds, or +90s/+15m/+2h/+7d from now (default: now)', nowOption),
  input: ([table]: [string | undefined], opts: { now?: Date; dryRun?: boolean; schema?: string }, io): Input => ({
    table,
    now: opts.now ?? new Date(),
    plan: planOptions(opts, io),
  }),
  run,
  view: taggedView({ swept: sweepView, 'dry-run': dryRunView }),
});

export const command = defineGroup('ttl', 'items that expire (Time to Live) on the local engine', [sweepCommand]);
