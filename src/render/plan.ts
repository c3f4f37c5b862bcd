/** The plan for people (numbered lines in apply order, marked safe / slow / destructive) and as data. */
import type { Style as ChalkInstance } from './style.js';
import { type PlanCounts, planCounts, type Step, type StepKind, type TablePlan } from '../schema/plan.js';
import type { AppliedStep } from '../schema/apply.js';
import { DdbError } from '../errors.js';
import type { View } from './view.js';
import { argWords } from '../text.js';
import { wrapHanging } from './width.js';

const KIND_WIDTH = 'destructive'.length;

const mark = (chalk: ChalkInstance, kind: StepKind | 'skipped'): string => {
  const text = kind.padEnd(KIND_WIDTH);
  if (kind === 'slow') return chalk.yellow(text);
  if (kind === 'destructive') return chalk.red(text);
  if (kind === 'skipped') return chalk.dim(text);
  return chalk.green(text);
};

/** Numbered in the order apply runs them, across tables; skipped steps are listed with a dash. */
export const renderPlan = (plans: readonly TablePlan[], chalk: ChalkInstance): string => {
  const lines: string[] = [];
  let n = 0;
  for (const plan of plans) {
    const todo = plan.steps.filter((s) => !s.unsupported).length;
    if (plan.refusals.length) {
      lines.push(`${chalk.bold(plan.table)} — ${chalk.red('cannot be changed in place')}:`);
      for (const r of plan.refusals) lines.push(`  ${chalk.red('✗')} ${r.text}`, `    way out: ${r.wayOut}`);
      continue;
    }
    const head = todo === 0 ? chalk.green('up to date') : `${todo} change(s)${plan.exists ? '' : ' (new table)'}`;
    const width = chalk.wide ? Infinity : chalk.width;
    lines.push(wrapHanging(`${chalk.bold(plan.table)} — ${head}${todo === 0 && plan.steps.length ? `, ${plan.steps.length} skipped` : ''}`, width, 2));
    for (const note of plan.notes ?? []) lines.push(wrapHanging(`   ${chalk.yellow('…')}  ${note}`, width, 6));
    for (const step of plan.steps) {
      if (step.unsupported) lines.push(wrapHanging(`   -  ${mark(chalk, 'skipped')}  ${step.text} — ${chalk.dim(step.unsupported)}`, width, 6));
      else lines.push(wrapHanging(`  ${String(++n).padStart(2)}. ${mark(chalk, step.kind)}  ${step.text}`, width, 6));
    }
  }
  return lines.join('\n');
};

export const planSummary = (c: PlanCounts): string => {
  if (c.refused) return `${c.refused} change(s) cannot be made in place (see above); nothing will be applied`;
  const skipped = c.skipped ? `; ${c.skipped} skipped (not supported by this engine)` : '';
  if (!c.changes) return `no changes: the tables match the schema file${skipped}`;
  const kinds = [c.slow ? `${c.slow} slow` : '', c.destructive ? `${c.destructive} destructive` : ''].filter(Boolean).join(', ');
  return `${c.changes} change(s) to apply${kinds ? ` (${kinds})` : ''}${skipped}`;
};

/** The plan as data for --output json: the steps with the exact request each sends. */
export const planJson = (plans: readonly TablePlan[]) => {
  let n = 0;
  const step = (s: Step) => ({
    ...(s.unsupported ? { skipped: s.unsupported } : { order: ++n }),
    kind: s.kind,
    change: s.text,
    api: s.operation.api,
    request: s.operation.input,
  });
  return {
    tables: plans.map((p) => ({
      table: p.table,
      exists: p.exists,
      upToDate: p.refusals.length === 0 && p.steps.every((s) => s.unsupported),
      steps: p.steps.map(step),
      refusals: p.refusals.map((r) => ({ change: r.text, wayOut: r.wayOut })),
      ...(p.notes ? { notes: p.notes } : {}),
    })),
    ...planCounts(plans),
  };
};

/** `schema-load --plan`: the plan, its summary; exit 6 when anything differs (a drift check for CI). */
export const planView: View<readonly TablePlan[]> = {
  table: (plans, style) => renderPlan(plans, style),
  footer: (plans) => {
    const counts = planCounts(plans);
    return counts.changes || counts.refused ? [] : [planSummary(counts)];
  },
  json: (plans) => planJson(plans),
  verdict: (plans) => {
    const counts = planCounts(plans);
    if (!counts.changes && !counts.refused) return undefined;
    return new DdbError('schema.drift', `plan: ${planSummary(counts)}`, { suggestion: counts.refused ? undefined : 'run `ddb schema-load` to apply' });
  },
};

export interface SchemaLoadResult {
  plans: TablePlan[];
  applied: AppliedStep[];
  seconds: number;
}

/** `schema-load`: what was applied (the plan and the steps were shown while it ran), and what to run next. */
export const appliedView: View<SchemaLoadResult> = {
  table: () => '',
  footer: (r, style) => {
    const counts = planCounts(r.plans);
    if (!r.applied.length) return [planSummary(counts)];
    const skipped = counts.skipped ? `; ${counts.skipped} skipped (not supported by this engine)` : '';
    const lines = [`${style.green('applied')} ${r.applied.length} change(s) in ${r.seconds.toFixed(1)}s${skipped}`];
    const created = r.plans.filter((p) => !p.exists).map((p) => p.table);
    if (created.length) lines.push(`next: \`ddb describe ${argWords(created[0]!)}\`, then load data with \`ddb seed\` or \`ddb import ${argWords(created[0]!, 'FILE')}\``);
    return lines;
  },
  json: (r) => ({ applied: r.applied, ...planJson(r.plans) }),
};
