/** The vocabulary of a schema plan (types only, and the "unsupported" note): steps, refusals, a table's plan. */
import type { AdminRequest } from '../plan/step.js';
import type { Capabilities } from './live.js';

/** safe: no data or protection is lost; slow: an index backfill; destructive: something is removed or unprotected */
export type StepKind = 'safe' | 'slow' | 'destructive';

/** One request a step sends (CreateTable, UpdateTable, …), as data. */
export type Operation = AdminRequest;

export interface Step {
  table: string;
  kind: StepKind;
  /** one line a person reads, e.g. "add index by-owner (owner_id) — backfills from every item" */
  text: string;
  operation: Operation;
  /** set when the engine cannot do this: the step is shown and skipped, not failed */
  unsupported?: string;
}

/** A change DynamoDB cannot make in place, with the way out. */
export interface Refusal {
  table: string;
  text: string;
  wayOut: string;
}

export interface TablePlan {
  table: string;
  exists: boolean;
  steps: Step[];
  refusals: Refusal[];
  /** what is under way and not a change to make, e.g. an index still CREATING (a plan does not wait for it) */
  notes?: string[];
}

export interface PlanContext {
  /** against AWS: new tables get deletion protection unless the file says otherwise */
  prod: boolean;
  /** what the engine can do, for tables that do not exist yet (probed once per run) */
  capabilities: Capabilities;
}

export const UNSUPPORTED = 'not supported by this engine';

