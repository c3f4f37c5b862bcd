/**
 * Applies a plan one step at a time, waiting after each until the table and all its indexes are ACTIVE (and a
 * removed index is gone): DynamoDB takes one index change per UpdateTable and refuses most updates while the table
 * is UPDATING. The plan is recomputed from the live state on every run, so an interrupted apply is finished by
 * running it again.
 */
import type { Dynamo } from '../aws/dynamo.js';
import { perform } from '../aws/admin.js';
import { applicable, type Step, type TablePlan } from './plan.js';

export interface AppliedStep {
  order: number;
  table: string;
  kind: Step['kind'];
  change: string;
  seconds: number;
}

export interface ApplyEvents {
  starting(step: Step, order: number, total: number): void;
  waiting(step: Step, status: string, seconds: number): void;
  done(applied: AppliedStep): void;
}

export const applyPlans = async (db: Dynamo, plans: readonly TablePlan[], events: ApplyEvents): Promise<AppliedStep[]> => {
  const steps = applicable(plans);
  const applied: AppliedStep[] = [];
  for (const [i, step] of steps.entries()) {
    const order = i + 1;
    events.starting(step, order, steps.length);
    const started = Date.now();
    await perform(db, step.operation);
    await db.waitActive(step.table, { onWait: (status, seconds) => events.waiting(step, status, seconds) });
    const done: AppliedStep = { order, table: step.table, kind: step.kind, change: step.text, seconds: (Date.now() - started) / 1000 };
    applied.push(done);
    events.done(done);
  }
  return applied;
};
