/**
 * ddb schema-load — make the live tables match the schema file: `--plan` shows the ordered changes (exit 6 when
 * there are any), a plain run applies them one at a time and waits. [API: CreateTable, UpdateTable,
 * UpdateTimeToLive, UpdateContinuousBackups, TagResource]
 */
import { Command } from 'commander';
import type { App } from '../app.js';
import { DdbError } from '../errors.js';
import { DEFAULT_SCHEMA, projectPath } from '../paths.js';
import { loadSchemaFile } from '../schema/load.js';
import { createTableInput } from '../schema/create-table.js';
import type { Policy, SchemaFile } from '../schema/format.js';
import { planSchema, type TablePlan } from '../schema/plan.js';
import type { LiveTable } from '../schema/live.js';
import type { Runtime } from '../runtime.js';
import { toJson } from '../render/plain.js';
import { planCounts, planJson, planSummary, renderPlan } from '../render/plan.js';
import { ask, canPrompt } from '../prompt.js';

interface Options {
  schema?: string;
  dryRun?: boolean;
  plan?: boolean;
  yes?: boolean;
}

/** The live state of every declared table, and the plan to reach the file from it. */
export const computePlan = async (rt: Runtime, schema: SchemaFile): Promise<TablePlan[]> => {
  const db = await rt.dynamo();
  const { readLive, probeCapabilities } = await import('../aws/admin.js');
  const live = new Map<string, LiveTable | undefined>();
  for (const table of schema.tables) live.set(table.name, await readLive(db, table.name));
  const known = [...live.values()].find((t) => t !== undefined)?.capabilities;
  const capabilities = known ?? (await probeCapabilities(db));
  return planSchema(schema, live, { prod: rt.target.kind === 'aws', capabilities });
};

/** The schema's region allow-list binds AWS only (a local engine's region is a label). */
export const checkRegion = (policy: Policy, rt: Runtime, region: string | undefined): void => {
  const allowed = policy.allowedRegions;
  if (rt.target.kind !== 'aws' || !allowed || (region && allowed.includes(region))) return;
  throw new DdbError('safety.refused', `region ${region ?? '(none)'} is not in the schema's allowed regions (${allowed.join(', ')})`, {
    suggestion: `pass --region ${allowed[0]}, or add the region to policy.allowedRegions if the business may keep data there`,
  });
};

const confirm = async (rt: Runtime, plans: TablePlan[], yes: boolean | undefined): Promise<void> => {
  const counts = planCounts(plans);
  const prod = rt.target.kind === 'aws';
  if (yes || (!prod && counts.destructive === 0)) return;
  const why = counts.destructive ? `${counts.destructive} destructive change(s)` : 'changes to AWS tables';
  if (!canPrompt(rt.io)) {
    throw new DdbError('safety.refused', `not applied: ${why} need confirmation (not a terminal)`, {
      suggestion: `review them with \`ddb${prod ? ' --prod' : ''} schema-load --plan\`, then pass --yes`,
    });
  }
  const answer = await ask(rt.io, `Apply ${counts.changes} change(s), ${why}? Type "yes" to continue: `);
  if (answer !== 'yes') throw new DdbError('safety.refused', 'not applied: the answer was not "yes"');
};

const runPlan = async (rt: Runtime, schema: SchemaFile): Promise<void> => {
  const plans = await computePlan(rt, schema);
  const counts = planCounts(plans);
  if (rt.human) {
    rt.out(renderPlan(plans, rt.chalk));
  } else {
    rt.out(toJson(planJson(plans)));
  }
  if (counts.changes || counts.refused) {
    throw new DdbError('schema.drift', `plan: ${planSummary(counts)}`, { suggestion: counts.refused ? undefined : 'run `ddb schema-load` to apply' });
  }
  rt.info(planSummary(counts));
};

const runApply = async (rt: Runtime, schema: SchemaFile, opts: Options): Promise<void> => {
  const db = await rt.dynamo();
  checkRegion(schema.policy, rt, db.region);
  const plans = await computePlan(rt, schema);
  const counts = planCounts(plans);
  rt.info(renderPlan(plans, rt.errChalk));
  const refusal = plans.flatMap((p) => p.refusals)[0];
  if (refusal) {
    throw new DdbError('safety.refused', `${refusal.table}: ${refusal.text}; nothing was changed`, { suggestion: `way out: ${refusal.wayOut}` });
  }
  if (counts.changes === 0) {
    rt.info(planSummary(counts));
    if (!rt.human) rt.out(toJson({ applied: [], ...planJson(plans) }));
    return;
  }
  await confirm(rt, plans, opts.yes);
  const { applyPlans } = await import('../schema/apply.js');
  const started = Date.now();
  const applied = await applyPlans(db, plans, {
    starting: (step, order, total) => rt.info(`[${order}/${total}] ${step.table}: ${step.text} …`),
    waiting: (step, status, seconds) => rt.info(`        waiting for ${step.table}: ${status} (${seconds.toFixed(0)}s)`),
    done: (a) => rt.info(`        ${rt.errChalk.green('done')} in ${a.seconds.toFixed(1)}s`),
  });
  rt.info(`${rt.errChalk.green('applied')} ${applied.length} change(s) in ${((Date.now() - started) / 1000).toFixed(1)}s${counts.skipped ? `; ${counts.skipped} skipped (not supported by this engine)` : ''}`);
  if (!rt.human) rt.out(toJson({ applied, ...planJson(plans) }));
  if (plans.some((p) => !p.exists)) rt.info('next: `ddb seed`, then `ddb patterns list-conversations andrewbrown`');
};

/** schema-load as `ddb up` runs it: apply what is safe, refuse what needs confirmation. */
export const runSchemaLoad = async (rt: Runtime, opts: Options): Promise<void> =>
  runApply(rt, await loadSchemaFile(projectPath(rt.io.cwd, opts.schema ?? DEFAULT_SCHEMA)), opts);

export const schemaLoadCommand = (app: App): Command =>
  new Command('schema-load')
    .description('make the tables match the schema file: create, add/remove indexes, billing, stream, TTL, PITR, protection, tags; waits until ACTIVE [API: CreateTable, UpdateTable]')
    .option('--schema <file>', `schema file (default: ${DEFAULT_SCHEMA})`)
    .option('--plan', 'show the changes in the order they would be applied and change nothing (exit 6 when there are any)')
    .option('-y, --yes', 'apply destructive changes (and changes in AWS) without asking')
    .option('--dry-run', 'print the CreateTable requests as JSON without contacting DynamoDB')
    .action(
      app.action<Options>(async (rt, opts) => {
        const schema = await loadSchemaFile(projectPath(rt.io.cwd, opts.schema ?? DEFAULT_SCHEMA));
        if (opts.dryRun) return rt.out(toJson(schema.tables.map((t) => createTableInput(t, { prod: rt.target.kind === 'aws' }))));
        if (opts.plan) return runPlan(rt, schema);
        return runApply(rt, schema, opts);
      }),
    );
