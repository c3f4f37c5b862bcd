/** Plan steps for billing mode, capacity and global secondary indexes. */
import type { GlobalSecondaryIndexDescription, GlobalSecondaryIndexUpdate, ProvisionedThroughput, TableDescription } from '@aws-sdk/client-dynamodb';
import type { TableSchema } from './format.js';
import { attributeDefinitions, gsiDefinition, indexThroughput, keySchema, projectionOf, tableThroughput } from './create-table.js';
import { liveBilling } from './live.js';
import { keyText, projectionText } from './plan-refusals.js';
import type { Step } from './steps.js';

type Throughput = Partial<ProvisionedThroughput> | undefined;

const capText = (t: Throughput): string => `${t?.ReadCapacityUnits ?? 0} read / ${t?.WriteCapacityUnits ?? 0} write`;

const sameThroughput = (a: Throughput, b: Throughput): boolean =>
  a?.ReadCapacityUnits === b?.ReadCapacityUnits && a?.WriteCapacityUnits === b?.WriteCapacityUnits;

export const billingSteps = (table: TableSchema, live: TableDescription): Step[] => {
  const name = table.name;
  const have = liveBilling(live);
  const declared = new Map(table.globalSecondaryIndexes.map((i) => [i.name, i]));
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
    if (!spec || !sameDefinition(table, spec, index)) continue; // added, replaced or removed below, with its capacity
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

const sameDefinition = (table: TableSchema, spec: Gsi, live: GlobalSecondaryIndexDescription): boolean =>
  keyText(live.KeySchema) === keyText(keySchema(spec.keys)) && projectionText(live.Projection) === projectionText(projectionOf(spec.projection));

const describeIndex = (spec: Gsi): string => `(${keyText(keySchema(spec.keys))}; ${projectionText(projectionOf(spec.projection))})`;

const addStep = (table: TableSchema, spec: Gsi, text: string): Step => ({
  table: table.name,
  kind: 'slow',
  text,
  operation: {
    api: 'UpdateTable',
    input: { TableName: table.name, AttributeDefinitions: attributeDefinitions(table, spec.keys), GlobalSecondaryIndexUpdates: [{ Create: gsiDefinition(table, spec) }] },
  },
});

const removeStep = (table: string, index: string, text: string): Step => ({
  table,
  kind: 'destructive',
  text,
  operation: { api: 'UpdateTable', input: { TableName: table, GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: index } }] } },
});

/** One step per index: new ones first, then replacements (remove, then add back), then removals. */
export const indexSteps = (table: TableSchema, live: TableDescription): Step[] => {
  const liveIndexes = new Map((live.GlobalSecondaryIndexes ?? []).map((i) => [i.IndexName ?? '', i]));
  const adds: Step[] = [];
  const replacements: Step[] = [];
  for (const spec of table.globalSecondaryIndexes) {
    const have = liveIndexes.get(spec.name);
    liveIndexes.delete(spec.name);
    if (!have) {
      adds.push(addStep(table, spec, `add index ${spec.name} ${describeIndex(spec)} — backfills from every item`));
    } else if (!sameDefinition(table, spec, have)) {
      const was = `(${keyText(have.KeySchema)}; ${projectionText(have.Projection)})`;
      replacements.push(removeStep(table.name, spec.name, `remove index ${spec.name} ${was} to redefine it — queries on it fail until it is back`));
      replacements.push(addStep(table, spec, `add index ${spec.name} back as ${describeIndex(spec)} — backfills from every item`));
    }
  }
  const removals = [...liveIndexes.keys()].map((index) => removeStep(table.name, index, `remove index ${index} (not in the file) — queries on it will fail`));
  return [...adds, ...replacements, ...removals];
};
