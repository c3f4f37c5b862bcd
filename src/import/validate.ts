/**
 * Checks an item against the table before it is sent, so a bad record is one clear line (with where it came from)
 * instead of a BatchWriteItem that fails for all 25: key attributes present, of the declared type and not empty;
 * index key attributes, when present, of the declared type; size within DynamoDB's 400 KB.
 * Also estimates the WCU a put costs: 1 per started KB, and as much again for each index the item lands in.
 */
import type { TableDescription } from '@aws-sdk/client-dynamodb';
import { MAX_ITEM_BYTES, itemSize, writeUnits } from '../data/item-size.js';
import type { Item } from './readers.js';

type KeyType = 'S' | 'N' | 'B';

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

const TYPE_WORD: Record<KeyType, string> = { S: 'a string', N: 'a number', B: 'binary' };

const hasType = (value: unknown, type: KeyType): boolean => {
  if (type === 'S') return typeof value === 'string';
  if (type === 'N') return (typeof value === 'number' && Number.isFinite(value)) || typeof value === 'bigint';
  return value instanceof Uint8Array;
};

/** Why the item cannot be written, or undefined when it can. */
export const checkItem = (item: Item, shape: TableShape): string | undefined => {
  for (const { name, type } of shape.keys) {
    const value = item[name];
    if (value === undefined || value === null) return `missing key attribute "${name}"`;
    if (!hasType(value, type)) return `key attribute "${name}" must be ${TYPE_WORD[type]} (${type}), got ${JSON.stringify(value)}`;
    if (type === 'S' && value === '') return `key attribute "${name}" is an empty string`;
  }
  for (const [name, type] of shape.types) {
    const value = item[name];
    if (value === undefined || shape.keys.some((k) => k.name === name)) continue;
    if (!hasType(value, type)) return `index key attribute "${name}" must be ${TYPE_WORD[type]} (${type}), got ${JSON.stringify(value)}`;
    if (type === 'S' && value === '') return `index key attribute "${name}" is an empty string`;
  }
  const size = itemSize(item);
  if (size > MAX_ITEM_BYTES) return `item is ${(size / 1024).toFixed(1)} KB, over DynamoDB's 400 KB limit`;
  return undefined;
};

/** WCU of one put: its size rounded up to 1 KB, plus a write to each index it is projected into (has its keys). */
export const estimatePutWcu = (item: Item, shape: TableShape): number => {
  const units = writeUnits(itemSize(item));
  let total = units;
  for (const index of shape.indexes) if (index.keys.every((k) => item[k] !== undefined)) total += index.all ? units : 1;
  return total;
};
