/** Plan steps for billing mode, capacity and global secondary indexes. */
import type { GlobalSecondaryIndexDescription, GlobalSecondaryIndexUpdate, ProvisionedThroughput, TableDescription } from '@aws-sdk/client-dynamodb';
import type { TableSchema } from './format.js';
import { attributeDefinitions, gsiDefinition, indexThroughput, keySchema, projectionOf, tableThroughput } from './create-table.js';
import { liveBilling } from './live.js';
import { keySchemaText, projectionText } from './plan-refusals.js';
import type { Step } from './steps.js';

type Throughput = Partial<ProvisionedThroughput> | undefined;

const capText = (t: Throughput): string => `${t?.ReadCapacityUnits ?? 0} read / ${t?.WriteCapacityUnits ?? 0} write`;

const sameThroughput = (a: Throughput, b: Throughput): boolean =>
  a?.ReadCapacityUnits === b?.ReadCapacityUnits && a?.WriteCapacityUnits === b?.WriteCapacityUnits;

/** Billing and capacity; nothing when the file leaves billing out (not managed, see format.ts). */
export const billingSteps = (table: TableSchema, live: TableDescription): Step[] => {
  if (!table.billing) return [];
  const name = table.name;
  const have = liveBilling(live);
  const declared = new Map(table.globalSecondaryIndexes.map((i) => [i.name, i]));
  const changed = changedKeyTypes(table, live);
  if (table.billing.mode === 'PAY_PER_REQUEST') {
    if (have === 'PAY_PER_REQUEST') return [];
    return [{ table: name, kind: 'safe', text: 'switch billing to on-demand (PAY_PER_REQUEST)', operation: { api: 'UpdateTable', input: { TableName: name, BillingMode: 'PAY_PER_REQUEST' } } }];
  }
  const want = tableThroughput(table);
  if (have === 'PAY_PER_REQUEST') {
    // Every existing index needs capacity in the same request that makes the table provisioned.
    const updates: GlobalSecondaryIndexUpdate[] = (live.GlobalSecondaryIndexes ?? []).map((i) => ({
      Update: { IndexName: i.IndexName, ProvisionedThroughput: indexThroughput(table, declared.get(i.IndexName ?? '')) },
    }));
    return [
      {
        table: name,
        kind: 'safe',
        text: `switch billing to provisioned (${capText(want)}) — AWS limits how often a table may switch in 24 h`,
        operation: { api: 'UpdateTable', input: { TableName: name, BillingMode: 'PROVISIONED', ProvisionedThroughput: want, ...(updates.length ? { GlobalSecondaryIndexUpdates: updates } : {}) } },
      },
    ];
  }
  const steps: Step[] = [];
  if (!sameThroughput(live.ProvisionedThroughput, want)) {
    steps.push({
      table: name,
      kind: 'safe',
      text: `change capacity from ${capText(live.ProvisionedThroughput)} to ${capText(want)}`,
      operation: { api: 'UpdateTable', input: { TableName: name, ProvisionedThroughput: want } },
    });
  }
  for (const index of live.GlobalSecondaryIndexes ?? []) {
    const spec = declared.get(index.IndexName ?? '');
    if (!spec || !sameDefinition(table, spec, index, changed)) continue; // added, replaced or removed below, with its capacity
    const wantIndex = indexThroughput(table, spec);
    if (sameThroughput(index.ProvisionedThroughput, wantIndex)) continue;
    steps.push({
      table: name,
      kind: 'safe',
      text: `change capacity of index ${spec.name} from ${capText(index.ProvisionedThroughput)} to ${capText(wantIndex)}`,
      operation: { api: 'UpdateTable', input: { TableName: name, GlobalSecondaryIndexUpdates: [{ Update: { IndexName: spec.name, ProvisionedThroughput: wantIndex } }] } },
    });
  }
  return steps;
};

type Gsi = TableSchema['globalSecondaryIndexes'][number];

/** DynamoDB's limit: at most 20 global secondary indexes per table (a quota AWS can raise; the file is checked too). */
export const MAX_GSIS = 20;

/** Attributes whose declared type differs from the live one (only global indexes may use them: see plan-refusals.ts). */
export const changedKeyTypes = (table: TableSchema, live: TableDescription): Map<string, { from: string; to: string }> => {
  const changed = new Map<string, { from: string; to: string }>();
  for (const a of live.AttributeDefinitions ?? []) {
    const want = table.attributes[a.AttributeName ?? ''];
    if (want && a.AttributeType && want !== a.AttributeType) changed.set(a.AttributeName!, { from: a.AttributeType, to: want });
  }
  return changed;
};

const usesAny = (keys: KeyList, attrs: ReadonlyMap<string, unknown>): string | undefined => (keys ?? []).map((k) => k.AttributeName ?? '').find((a) => attrs.has(a));

const sameDefinition = (table: TableSchema, spec: Gsi, live: GlobalSecondaryIndexDescription, changed: ReadonlyMap<string, unknown>): boolean =>
  keySchemaText(live.KeySchema) === keySchemaText(keySchema(spec.keys)) && projectionText(live.Projection) === projectionText(projectionOf(spec.projection)) && !usesAny(live.KeySchema, changed);

const describeIndex = (spec: Gsi): string => `(${keySchemaText(keySchema(spec.keys))}; ${projectionText(projectionOf(spec.projection))})`;

const addStep = (table: TableSchema, spec: Gsi, text: string, live: TableDescription): Step => ({
  table: table.name,
  kind: 'slow',
  text,
  operation: {
    api: 'UpdateTable',
    input: { TableName: table.name, AttributeDefinitions: attributeDefinitions(table, spec.keys), GlobalSecondaryIndexUpdates: [{ Create: gsiDefinition(table, spec, live.ProvisionedThroughput) }] },
  },
});

const removeStep = (table: string, index: string, text: string): Step => ({
  table,
  kind: 'destructive',
  text,
  operation: { api: 'UpdateTable', input: { TableName: table, GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: index } }] } },
});

type KeyList = readonly { AttributeName?: string }[] | undefined;

/**
 * One step per index (DynamoDB takes one index creation or deletion per UpdateTable), in an order it accepts:
 * - new indexes before old ones go, so readers always have an index — unless the table would pass the 20-index limit:
 *   then as many removals as needed go first (LimitExceeded otherwise, on every run);
 * - a changed index is removed, then added back (its key, projection, or the type of a key attribute — a type change
 *   is possible only once no index uses the attribute: every index on it is removed before any is added back).
 */
export const indexSteps = (table: TableSchema, live: TableDescription): Step[] => {
  const liveIndexes = new Map((live.GlobalSecondaryIndexes ?? []).map((i) => [i.IndexName ?? '', i]));
  const liveCount = liveIndexes.size;
  const changed = changedKeyTypes(table, live);
  const adds: Step[] = [];
  const replacements: Step[] = [];
  const typeRemovals: Step[] = [];
  const typeAdds: Step[] = [];
  for (const spec of table.globalSecondaryIndexes) {
    const have = liveIndexes.get(spec.name);
    liveIndexes.delete(spec.name);
    const retyped = usesAny(keySchema(spec.keys), changed);
    const typeNote = retyped ? ` — ${retyped} changes type ${changed.get(retyped)!.from} → ${changed.get(retyped)!.to}` : '';
    if (!have) {
      (retyped ? typeAdds : adds).push(addStep(table, spec, `add index ${spec.name} ${describeIndex(spec)}${typeNote} — backfills from every item`, live));
    } else if (!sameDefinition(table, spec, have, changed)) {
      const was = `(${keySchemaText(have.KeySchema)}; ${projectionText(have.Projection)})`;
      const remove = removeStep(table.name, spec.name, `remove index ${spec.name} ${was} to redefine it${typeNote} — queries on it fail until it is back`);
      const addBack = addStep(table, spec, `add index ${spec.name} back as ${describeIndex(spec)}${typeNote} — backfills from every item`, live);
      if (usesAny(have.KeySchema, changed) || retyped) {
        typeRemovals.push(remove);
        typeAdds.push(addBack);
      } else replacements.push(remove, addBack);
    }
  }
  const removals: Step[] = [];
  for (const [index, have] of liveIndexes) {
    const step = removeStep(table.name, index, `remove index ${index} (not in the file) — queries on it will fail`);
    (usesAny(have.KeySchema, changed) ? typeRemovals : removals).push(step);
  }
  // Room under the limit once the indexes on a retyped attribute are gone: removals that must come before the adds.
  const room = MAX_GSIS - (liveCount - typeRemovals.length);
  const early = Math.max(0, Math.min(removals.length, adds.length - room));
  return [...typeRemovals, ...removals.slice(0, early), ...adds, ...replacements, ...removals.slice(early), ...typeAdds];
};
