/**
 * The plan: what it takes to turn the live tables into the ones in the file, as ordered steps. Pure — the live
 * state comes in (src/schema/read-live.ts reads it), requests go out (src/schema/apply.ts sends them).
 *
 * Order within a table: protection first and last (turning it on protects the rest of the run; turning it off
 * is the final, destructive act), then capacity, then indexes one at a time (DynamoDB allows one index creation
 * or deletion per UpdateTable: new ones before old ones go, so readers always have an index), then the settings
 * with APIs of their own.
 */
import type { SchemaFile, TableSchema } from './format.js';
import { createTableInput } from './create-table.js';
import type { Capabilities, LiveTable } from './live.js';
import { refusals } from './plan-refusals.js';
import { type Operation, type PlanContext, type Step, type TablePlan, UNSUPPORTED } from './steps.js';

export * from './steps.js';
import { billingSteps, indexSteps } from './plan-indexes.js';
import { deletionProtectionSteps, settingSteps } from './plan-settings.js';

/** The capability a step needs, if any beyond the core table API. */
const needs = (op: Operation): keyof Capabilities | undefined => {
  if (op.api === 'TagResource' || op.api === 'UntagResource') return 'tags';
  if (op.api === 'UpdateContinuousBackups') return 'pitr';
  if (op.api === 'UpdateTimeToLive') return 'ttl';
  if (op.api === 'UpdateTable' && (op.input.TableClass || op.input.SSESpecification)) return 'classAndEncryption';
  return undefined;
};

export const markUnsupported = (steps: Step[], capabilities: Capabilities): Step[] =>
  steps.map((s) => {
    const need = needs(s.operation);
    return need && !capabilities[need] ? { ...s, unsupported: UNSUPPORTED } : s;
  });

const createSteps = (table: TableSchema, ctx: PlanContext): Step[] => {
  const input = createTableInput(table, { prod: ctx.prod });
  const parts = [
    `${table.globalSecondaryIndexes.length} global / ${table.localSecondaryIndexes.length} local index(es)`,
    table.billing?.mode === 'PROVISIONED' ? `provisioned ${table.billing.read}/${table.billing.write}` : 'on-demand',
    input.DeletionProtectionEnabled ? 'deletion protection on' : undefined,
  ].filter(Boolean);
  const steps: Step[] = [{ table: table.name, kind: 'safe', text: `create table (${parts.join(', ')})`, operation: { api: 'CreateTable', input } }];
  // CreateTable takes no TTL or PITR setting: they follow once the table is ACTIVE.
  if (table.ttl) {
    steps.push({
      table: table.name,
      kind: 'safe',
      text: `turn TTL on (${table.ttl.attribute})`,
      operation: { api: 'UpdateTimeToLive', input: { TableName: table.name, TimeToLiveSpecification: { Enabled: true, AttributeName: table.ttl.attribute } } },
    });
  }
  if (table.pointInTimeRecovery) {
    steps.push({
      table: table.name,
      kind: 'safe',
      text: 'turn point-in-time recovery on',
      operation: { api: 'UpdateContinuousBackups', input: { TableName: table.name, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } } },
    });
  }
  return steps;
};

export const planTable = (table: TableSchema, live: LiveTable | undefined, ctx: PlanContext): TablePlan => {
  if (!live) return { table: table.name, exists: false, steps: markUnsupported(createSteps(table, ctx), ctx.capabilities), refusals: [] };
  const refused = refusals(table, live.description);
  if (refused.length) return { table: table.name, exists: true, steps: [], refusals: refused };
  const protect = deletionProtectionSteps(table, live.description);
  const steps = [
    ...protect.filter((s) => s.kind !== 'destructive'),
    ...billingSteps(table, live.description),
    ...indexSteps(table, live.description),
    ...settingSteps(table, live),
    ...protect.filter((s) => s.kind === 'destructive'),
  ];
  const busy = (live.description.GlobalSecondaryIndexes ?? []).filter((i) => i.IndexStatus && i.IndexStatus !== 'ACTIVE');
  const notes = busy.map((i) => `index ${i.IndexName} is ${i.IndexStatus}${i.Backfilling ? ' (backfilling)' : ''}: under way, not ready for queries yet`);
  return { table: table.name, exists: true, steps: markUnsupported(steps, live.capabilities), refusals: [], ...(notes.length ? { notes } : {}) };
};

export const planSchema = (schema: SchemaFile, live: ReadonlyMap<string, LiveTable | undefined>, ctx: PlanContext): TablePlan[] =>
  schema.tables.map((t) => planTable(t, live.get(t.name), ctx));

/** Steps the engine will perform (skipped ones excluded). */
export const applicable = (plans: readonly TablePlan[]): Step[] => plans.flatMap((p) => p.steps.filter((s) => !s.unsupported));

export interface PlanCounts {
  changes: number;
  slow: number;
  destructive: number;
  skipped: number;
  refused: number;
}

export const planCounts = (plans: readonly TablePlan[]): PlanCounts => {
  const steps = applicable(plans);
  return {
    changes: steps.length,
    slow: steps.filter((s) => s.kind === 'slow').length,
    destructive: steps.filter((s) => s.kind === 'destructive').length,
    skipped: plans.flatMap((p) => p.steps).filter((s) => s.unsupported).length,
    refused: plans.flatMap((p) => p.refusals).length,
  };
};

