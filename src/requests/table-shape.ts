/**
 * What ddb knows of a table's keys: the key of a table or of one of its indexes (KeyShape, the one type for it:
 * item requests, the writer, the import checks), and for writes the table's shape — its key, every key attribute's
 * type, and its secondary indexes — and from that, the WCU one put costs: 1 per started KB, and again for each index
 * the item lands in (as much for an ALL projection, 1 for keys-only or include).
 */
import type { TableDescription } from '@aws-sdk/client-dynamodb';
import { writeUnits } from './item-size.js';
import type { AttributeMap } from '../values/attribute.js';
import { itemBytes } from '../values/size.js';

export type KeyType = 'S' | 'N' | 'B';

export interface KeyAttribute {
  name: string;
  type: KeyType;
}

/** The key of a table or of one of its indexes. */
export interface KeyShape {
  table: string;
  index?: string;
  partition: KeyAttribute;
  sort?: KeyAttribute;
}

/** The key's attributes, partition first. */
export const keyAttributes = (key: KeyShape): KeyAttribute[] => [key.partition, ...(key.sort ? [key.sort] : [])];

/** A table's key, and what a write needs to know besides. */
export interface TableShape extends KeyShape {
  /** every attribute a table or index key uses, with its declared type */
  types: Map<string, KeyType>;
  /** secondary indexes: the attributes an item needs to be in it, and whether all its attributes are projected */
  indexes: { name: string; keys: string[]; all: boolean }[];
}

export const tableShape = (t: TableDescription): TableShape => {
  const types = new Map((t.AttributeDefinitions ?? []).map((a) => [a.AttributeName ?? '', (a.AttributeType ?? 'S') as KeyType]));
  const attribute = (role: 'HASH' | 'RANGE'): KeyAttribute | undefined => {
    const name = (t.KeySchema ?? []).find((k) => k.KeyType === role)?.AttributeName;
    return name === undefined ? undefined : { name, type: types.get(name) ?? 'S' };
  };
  const indexes = [...(t.GlobalSecondaryIndexes ?? []), ...(t.LocalSecondaryIndexes ?? [])].map((i) => ({
    name: i.IndexName ?? '',
    keys: (i.KeySchema ?? []).map((k) => k.AttributeName ?? ''),
    all: i.Projection?.ProjectionType === 'ALL',
  }));
  const sort = attribute('RANGE');
  return { table: t.TableName ?? '', partition: attribute('HASH') ?? { name: '', type: 'S' }, ...(sort ? { sort } : {}), types, indexes };
};

/** WCU of one put: its size rounded up to 1 KB, plus a write to each index it is projected into (has its keys). */
export const estimatePutWcu = (item: AttributeMap, shape: TableShape): number => {
  const units = writeUnits(itemBytes(item));
  let total = units;
  for (const index of shape.indexes) if (index.keys.every((k) => item[k] !== undefined)) total += index.all ? units : 1;
  return total;
};
