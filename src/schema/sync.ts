/**
 * Makes the live tables match a schema file (what `ddb schema-load` and `ddb up` do): read the live state, plan,
 * refuse what cannot be done in place, ask for what needs consent, then apply step by step (src/schema/apply.ts).
 * Nothing here prints: news goes to the Reporter, questions to the `confirm` callback.
 */
import type { Dynamo } from '../aws/dynamo.js';
import { DdbError } from '../errors.js';
import type { Reporter } from '../report.js';
import type { Policy, SchemaFile } from './format.js';
import type { LiveTable } from './live.js';
import { planCounts, planSchema, type TablePlan } from './plan.js';
import type { AppliedStep } from './apply.js';

/** The live state of every declared table, and the plan to reach the file from it. */
export const planAgainstLive = async (db: Dynamo, schema: SchemaFile, prod: boolean): Promise<TablePlan[]> => {
  const { readLive, probeCapabilities } = await import('./read-live.js');
  const live = new Map<string, LiveTable | undefined>();
  for (const table of schema.tables) live.set(table.name, await readLive(db, table.name));
  const known = [...live.values()].find((t) => t !== undefined)?.capabilities;
  return planSchema(schema, live, { prod, capabilities: known ?? (await probeCapabilities(db)) });
};

/** The schema's region allow-list binds AWS only (a local engine's region is a label). */
export const checkRegion = (policy: Policy, prod: boolean, region: string | undefined): void => {
  const allowed = policy.allowedRegions;
  if (!prod || !allowed || (region && allowed.includes(region))) return;
  throw new DdbError('safety.refused', `region ${region ?? '(none)'} is not in the schema's allowed regions (${allowed.join(', ')})`, {
    suggestion: `pass --region ${allowed[0]}, or add the region to policy.allowedRegions if the business may keep data there`,
  });
};

export interface SyncOptions {
  prod: boolean;
  /** consent given up front (--yes) */
  yes: boolean;
  /** asks a person; undefined where nobody can answer (not a terminal) */
  confirm: ((question: string) => Promise<boolean>) | undefined;
  report: Reporter;
  /** shows the plan before it is applied (the command renders it) */
  showPlan(plans: readonly TablePlan[]): void;
}

export interface SyncResult {
  plans: TablePlan[];
  applied: AppliedStep[];
  seconds: number;
}

/** Destructive changes, and any change against AWS, need consent: --yes, or "yes" typed on a terminal. */
const consent = async (plans: readonly TablePlan[], opts: SyncOptions): Promise<void> => {
  const counts = planCounts(plans);
  if (opts.yes || (!opts.prod && counts.destructive === 0)) return;
  const why = counts.destructive ? `${counts.destructive} destructive change(s)` : 'changes to AWS tables';
  if (!opts.confirm) {
    throw new DdbError('safety.refused', `not applied: ${why} need confirmation (not a terminal)`, {
      suggestion: `review them with \`ddb${opts.prod ? ' --prod' : ''} schema-load --plan\`, then pass --yes`,
    });
  }
  if (!(await opts.confirm(`Apply ${counts.changes} change(s), ${why}? Type "yes" to continue: `))) {
    throw new DdbError('safety.refused', 'not applied: the answer was not "yes"');
  }
};

export const syncSchema = async (db: Dynamo, schema: SchemaFile, opts: SyncOptions): Promise<SyncResult> => {
  checkRegion(schema.policy, opts.prod, db.region);
  const plans = await planAgainstLive(db, schema, opts.prod);
  opts.showPlan(plans);
  const refusal = plans.flatMap((p) => p.refusals)[0];
  if (refusal) {
    throw new DdbError('safety.refused', `${refusal.table}: ${refusal.text}; nothing was changed`, { suggestion: `way out: ${refusal.wayOut}` });
  }
  if (planCounts(plans).changes === 0) return { plans, applied: [], seconds: 0 };
  await consent(plans, opts);
  const { applyPlans } = await import('./apply.js');
  const started = Date.now();
  const applied = await applyPlans(db, plans, {
    starting: (step, order, total) => opts.report.note(`[${order}/${total}] ${step.table}: ${step.text} …`),
    waiting: (step, status, seconds) => opts.report.note(`        waiting for ${step.table}: ${status} (${seconds.toFixed(0)}s)`),
    done: (a) => opts.report.note(`        done in ${a.seconds.toFixed(1)}s`, 'good'),
  });
  return { plans, applied, seconds: (Date.now() - started) / 1000 };
};
