/**
 * What differs between a declared table and the live one, as lines a person can read.
 * (Applying differences is schema evolution's job; schema-load reports them instead of accepting them silently.)
 */
import type { TableDescription } from '@aws-sdk/client-dynamodb';
import type { TableSchema } from './format.js';
import { keySchema, projectionOf } from './create-table.js';

const keyText = (ks: readonly { AttributeName?: string; KeyType?: string }[] | undefined): string =>
  (ks ?? []).map((k) => `${k.AttributeName} ${k.KeyType}`).join(', ');

const projectionText = (p: { ProjectionType?: string; NonKeyAttributes?: string[] } | undefined): string =>
  p?.ProjectionType === 'INCLUDE' ? `INCLUDE(${[...(p.NonKeyAttributes ?? [])].sort().join(',')})` : (p?.ProjectionType ?? '?');

export const diffTable = (declared: TableSchema, live: TableDescription): string[] => {
  const out: string[] = [];
  const types = new Map((live.AttributeDefinitions ?? []).map((a) => [a.AttributeName, a.AttributeType]));

  const wantKeys = keyText(keySchema(declared.keys));
  const haveKeys = keyText(live.KeySchema);
  if (wantKeys !== haveKeys) out.push(`key schema is (${haveKeys}), the file declares (${wantKeys})`);

  for (const [attr, type] of Object.entries(declared.attributes)) {
    const have = types.get(attr);
    if (have && have !== type) out.push(`attribute ${attr} is ${have}, the file declares ${type}`);
  }

  const liveBilling = live.BillingModeSummary?.BillingMode ?? 'PROVISIONED';
  if (liveBilling !== declared.billing.mode) out.push(`billing mode is ${liveBilling}, the file declares ${declared.billing.mode}`);
  if (declared.billing.mode === 'PROVISIONED' && liveBilling === 'PROVISIONED') {
    const r = live.ProvisionedThroughput?.ReadCapacityUnits;
    const w = live.ProvisionedThroughput?.WriteCapacityUnits;
    if (r !== declared.billing.read || w !== declared.billing.write) {
      out.push(`capacity is ${r} read / ${w} write, the file declares ${declared.billing.read} / ${declared.billing.write}`);
    }
  }

  const liveIndexes = new Map((live.GlobalSecondaryIndexes ?? []).map((i) => [i.IndexName, i]));
  for (const index of declared.globalSecondaryIndexes) {
    const have = liveIndexes.get(index.name);
    liveIndexes.delete(index.name);
    if (!have) {
      out.push(`index ${index.name} is missing`);
      continue;
    }
    const want = keyText(keySchema(index.keys));
    if (keyText(have.KeySchema) !== want) out.push(`index ${index.name} has keys (${keyText(have.KeySchema)}), the file declares (${want})`);
    const wantProjection = projectionText(projectionOf(index.projection));
    if (projectionText(have.Projection) !== wantProjection) {
      out.push(`index ${index.name} projects ${projectionText(have.Projection)}, the file declares ${wantProjection}`);
    }
  }
  for (const extra of liveIndexes.keys()) out.push(`index ${extra} exists but is not in the file`);

  if (declared.deletionProtection !== undefined && Boolean(live.DeletionProtectionEnabled) !== declared.deletionProtection) {
    out.push(`deletion protection is ${live.DeletionProtectionEnabled ? 'on' : 'off'}, the file declares ${declared.deletionProtection ? 'on' : 'off'}`);
  }
  return out;
};
