/**
 * Makes the live tables match a schema file (what `ddb schema-load` and `ddb up` do): read the live state, plan,
 * refuse what cannot be done in place, ask for what needs consent, then apply step by step (src/schema/apply.ts).
 * Nothing here prints: news goes to the Reporter, questions to the `confirm` callback.
 */
import type { Dynamo, WaitOptions } from '../aws/dynamo.js';
import { DdbError } from '../errors.js';
import type { Reporter } from '../report.js';
import type { Policy, SchemaFile } from './format.js';
import type { LiveTable } from './live.js';
import { planCounts, planSchema, type TablePlan } from './plan.js';
import type { AppliedStep } from './apply.js';

/** How long a plan waits for a table mid-change (CREATING, UPDATING, DELETING) before it gives up: a CI drift check must end. */
export const PLAN_WAIT_SECONDS = 180;
/** How long an apply waits for a table or index after each step (an index backfill on a big table takes long). */
export const APPLY_WAIT_SECONDS = 3_600;

/**
 * The live state of every declared table, and the plan to reach the file from it. `waiting.indexes: false` (a plan):
 * an index still CREATING is noted in the plan instead of waited for.
 */
export const planAgainstLive = async (db: Dynamo, schema: SchemaFile, prod: boolean, waiting: WaitOptions = {}): Promise<TablePlan[]> => {
  const { readLive, probeCapabilities } = await import('./read-live.js');
  const live = new Map<string, LiveTable | undefined>();
  const wait = waiting.indexes === false ? 'table' : 'all';
  for (const table of schema.tables) {
    const onWait = waiting.onWait && ((status: string, seconds: number) => waiting.onWait!(`${table.name}: ${status}`, seconds));
    live.set(table.name, await readLive(db, table.name, { wait, timeoutSeconds: waiting.timeoutSeconds, onWait }));
  }
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
  /** --wait-timeout: the longest wait for a table or index mid-change (default APPLY_WAIT_SECONDS) */
  waitTimeoutSeconds?: number;
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

/** "waiting for T: table DELETING (12s)", as a table or index mid-change is waited for. */
export const waitingNote = (report: Reporter) => (status: string, seconds: number) => report.note(`waiting for ${status} (${seconds.toFixed(0)}s)`);

export const syncSchema = async (db: Dynamo, schema: SchemaFile, opts: SyncOptions): Promise<SyncResult> => {
  checkRegion(schema.policy, opts.prod, db.region);
  const timeoutSeconds = opts.waitTimeoutSeconds ?? APPLY_WAIT_SECONDS;
  const plans = await planAgainstLive(db, schema, opts.prod, { timeoutSeconds, onWait: waitingNote(opts.report) });
  opts.showPlan(plans);
  const refusal = plans.flatMap((p) => p.refusals)[0];
  if (refusal) {
    throw new DdbError('safety.refused', `${refusal.table}: ${refusal.text}; nothing was changed`, { suggestion: `way out: ${refusal.wayOut}` });
  }
  if (planCounts(plans).changes === 0) return { plans, applied: [], seconds: 0 };
  await consent(plans, opts);
  const { applyPlans } = await import('./apply.js');
  const started = Date.now();
  const applied = await applyPlans(db, plans, timeoutSeconds, {
    starting: (step, order, total) => opts.report.note(`[${order}/${total}] ${step.table}: ${step.text} …`),
    waiting: (step, status, seconds) => opts.report.note(`        waiting for ${step.table}: ${status} (${seconds.toFixed(0)}s)`),
    done: (a) => opts.report.note(`        done in ${a.seconds.toFixed(1)}s`, 'good'),
  });
  return { plans, applied, seconds: (Date.now() - started) / 1000 };
};
