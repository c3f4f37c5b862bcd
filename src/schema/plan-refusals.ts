/**
 * Changes DynamoDB cannot make to an existing table: its key schema, the type of an attribute a live key uses, and
 * local secondary indexes (they exist only from CreateTable on). Each comes with the way out.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LSI.html
 */
import type { TableDescription } from '@aws-sdk/client-dynamodb';
import type { TableSchema } from './format.js';
import { keySchema, projectionOf } from './create-table.js';
import type { Refusal } from './steps.js';

type KeyList = readonly { AttributeName?: string; KeyType?: string }[] | undefined;

export const keySchemaText = (ks: KeyList): string => (ks ?? []).map((k) => `${k.AttributeName}${k.KeyType === 'RANGE' ? ' (sort)' : ''}`).join(', ');

export const projectionText = (p: { ProjectionType?: string; NonKeyAttributes?: string[] } | undefined): string =>
  p?.ProjectionType === 'INCLUDE' ? `INCLUDE(${[...(p.NonKeyAttributes ?? [])].sort().join(',')})` : (p?.ProjectionType ?? '?');

const COPY = (table: string) =>
  `create a new table under another name in the file, copy the data (\`ddb export ${table} | ddb import NEW -\`), switch the app over, then drop ${table}`;

export const refusals = (table: TableSchema, live: TableDescription): Refusal[] => {
  const out: Refusal[] = [];
  const refuse = (text: string) => out.push({ table: table.name, text, wayOut: COPY(table.name) });

  const want = keySchemaText(keySchema(table.keys));
  if (keySchemaText(live.KeySchema) !== want) refuse(`the key is (${keySchemaText(live.KeySchema)}) and the file declares (${want}): DynamoDB cannot change a table's key`);

  // Only the table's and local indexes' keys are fixed: an attribute only global indexes use changes type by removing
  // those indexes and adding them back (plan-indexes.ts).
  const types = new Map((live.AttributeDefinitions ?? []).map((a) => [a.AttributeName, a.AttributeType]));
  const fixed = new Set([...(live.KeySchema ?? []), ...(live.LocalSecondaryIndexes ?? []).flatMap((i) => i.KeySchema ?? [])].map((k) => k.AttributeName));
  for (const [attr, type] of Object.entries(table.attributes)) {
    const have = types.get(attr);
    if (have && have !== type && fixed.has(attr)) refuse(`attribute ${attr} is ${have} and the file declares ${type}: DynamoDB cannot change the type of an attribute the table's key or a local index uses`);
  }

  const liveLsis = new Map((live.LocalSecondaryIndexes ?? []).map((i) => [i.IndexName, i]));
  for (const index of table.localSecondaryIndexes) {
    const have = liveLsis.get(index.name);
    liveLsis.delete(index.name);
    if (!have) {
      refuse(`local index ${index.name} is missing: local indexes can only be created with the table`);
      continue;
    }
    const wantKeys = keySchemaText(keySchema({ partition: table.keys.partition, sort: index.sort }));
    const wantProjection = projectionText(projectionOf(index.projection));
    if (keySchemaText(have.KeySchema) !== wantKeys || projectionText(have.Projection) !== wantProjection) {
      refuse(`local index ${index.name} is (${keySchemaText(have.KeySchema)}; ${projectionText(have.Projection)}) and the file declares (${wantKeys}; ${wantProjection}): local indexes cannot be changed`);
    }
  }
  for (const extra of liveLsis.keys()) refuse(`local index ${extra} is not in the file: local indexes cannot be removed`);
  return out;
};
