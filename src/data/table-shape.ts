/**
 * What the writer and the import checks need to know of a table: its key attributes and types, and its secondary
 * indexes — and from that, the WCU one put costs: 1 per started KB, and again for each index the item lands in
 * (as much for an ALL projection, 1 for keys-only or include).
 */
import type { TableDescription } from '@aws-sdk/client-dynamodb';
import { writeUnits } from './item-size.js';
import type { AttributeMap } from '../values/attribute.js';
import { itemBytes } from '../values/size.js';

export type KeyType = 'S' | 'N' | 'B';

export interface TableShape {
  keys: { name: string; type: KeyType }[];
  /** every attribute a table or index key uses, with its declared type */
  types: Map<string, KeyType>;
  /** secondary indexes: the attributes an item needs to be in it, and whether all its attributes are projected */
  indexes: { name: string; keys: string[]; all: boolean }[];
}

export const tableShape = (t: TableDescription): TableShape => {
  const types = new Map((t.AttributeDefinitions ?? []).map((a) => [a.AttributeName ?? '', (a.AttributeType ?? 'S') as KeyType]));
  const keys = (t.KeySchema ?? []).map((k) => ({ name: k.AttributeName ?? '', type: types.get(k.AttributeName ?? '') ?? 'S' }));
  const indexes = [...(t.GlobalSecondaryIndexes ?? []), ...(t.LocalSecondaryIndexes ?? [])].map((i) => ({
    name: i.IndexName ?? '',
    keys: (i.KeySchema ?? []).map((k) => k.AttributeName ?? ''),
    all: i.Projection?.ProjectionType === 'ALL',
  }));
  return { keys, types, indexes };
};

/** WCU of one put: its size rounded up to 1 KB, plus a write to each index it is projected into (has its keys). */
export const estimatePutWcu = (item: AttributeMap, shape: TableShape): number => {
  const units = writeUnits(itemBytes(item));
  let total = units;
  for (const index of shape.indexes) if (index.keys.every((k) => item[k] !== undefined)) total += index.all ? units : 1;
  return total;
};
