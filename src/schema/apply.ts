/**
 * Applies a plan one step at a time, waiting after each until the table and all its indexes are ACTIVE (and a
 * removed index is gone): DynamoDB takes one index change per UpdateTable and refuses most updates while the table
 * is UPDATING. The plan is recomputed from the live state on every run, so an interrupted apply is finished by
 * running it again.
 */
import type { Dynamo, WaitOptions } from '../aws/dynamo.js';
import { perform } from '../aws/perform.js';
import { DdbError } from '../errors.js';
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

/** How many times a step is sent again after "the table is busy" (another apply's change in progress). */
const BUSY_ROUNDS = 20;

/**
 * What an error from a step means when other applies of the same file may run at once. `done`: the change is there
 * already (another run made it: "TimeToLive is already enabled", an index that already exists, one already gone);
 * `busy`: the table is mid-change (ResourceInUseException) — wait until ACTIVE and send the step again.
 */
export const concurrentOutcome = (error: unknown, step: Step): 'done' | 'busy' | undefined => {
  const cause = (error instanceof DdbError ? error.cause : error) as { name?: string; message?: string } | undefined;
  const name = cause?.name ?? '';
  const message = cause?.message ?? '';
  if (/already (enabled|disabled)|already exists|already has an enabled stream/i.test(message)) return 'done';
  const deletesIndex = step.operation.api === 'UpdateTable' && step.operation.input.GlobalSecondaryIndexUpdates?.some((u) => u.Delete);
  if (deletesIndex && (name === 'ResourceNotFoundException' || /does not exist|not found/i.test(message))) return 'done';
  if (name === 'ResourceInUseException') return 'busy';
  return undefined;
};

const performConverging = async (db: Dynamo, step: Step, waiting: WaitOptions): Promise<void> => {
  for (let round = 0; ; round++) {
    try {
      await perform(db, step.operation);
      return;
    } catch (error) {
      const outcome = concurrentOutcome(error, step);
      if (outcome === 'done') return;
      if (outcome !== 'busy' || round >= BUSY_ROUNDS) throw error;
      await db.waitActive(step.table, waiting);
    }
  }
};

export const applyPlans = async (db: Dynamo, plans: readonly TablePlan[], timeoutSeconds: number, events: ApplyEvents): Promise<AppliedStep[]> => {
  const steps = applicable(plans);
  const applied: AppliedStep[] = [];
  for (const [i, step] of steps.entries()) {
    const order = i + 1;
    events.starting(step, order, steps.length);
    const started = Date.now();
    const onWait = (status: string, seconds: number) => events.waiting(step, status, seconds);
    await performConverging(db, step, { onWait, timeoutSeconds });
    await db.waitActive(step.table, { onWait, timeoutSeconds });
    const done: AppliedStep = { order, table: step.table, kind: step.kind, change: step.text, seconds: (Date.now() - started) / 1000 };
    applied.push(done);
    events.done(done);
  }
  return applied;
};
