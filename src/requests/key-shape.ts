/**
 * The key of a table or of one of its indexes, from what DescribeTable says (or the schema file declares): its
 * attribute names and types, how a person reads it, and whether a value fits it. Pure.
 */
import type { TableDescription } from '@aws-sdk/client-dynamodb';
import { DdbError } from '../errors.js';
import { isNumberValue } from '../values/exact-number.js';
import type { KeyAttribute, KeyShape, KeyType } from './table-shape.js';

export type { KeyAttribute, KeyShape, KeyType } from './table-shape.js';

export const invalid = (message: string, suggestion?: string) => new DdbError('input.invalid', message, { suggestion });

export const TYPE_WORD: Record<KeyType, string> = { S: 'string', N: 'number', B: 'binary' };
export const describeKey = (k: KeyAttribute): string => `${k.name} (${k.type}, ${TYPE_WORD[k.type]})`;

/** The table's secondary indexes by name. */
export const indexNamesOf = (t: TableDescription): string[] => [...(t.GlobalSecondaryIndexes ?? []), ...(t.LocalSecondaryIndexes ?? [])].map((i) => i.IndexName ?? '');

/** The key of the table, or of `index` (unknown index: exit 2 naming the table's indexes). */
export const keyShapeOf = (t: TableDescription, index?: string): KeyShape => {
  const table = t.TableName ?? '';
  const types = new Map((t.AttributeDefinitions ?? []).map((a) => [a.AttributeName ?? '', (a.AttributeType ?? 'S') as KeyType]));
  let schema = t.KeySchema ?? [];
  if (index !== undefined) {
    const found = [...(t.GlobalSecondaryIndexes ?? []), ...(t.LocalSecondaryIndexes ?? [])].find((i) => i.IndexName === index);
    if (!found) {
      const names = indexNamesOf(t);
      throw invalid(`${table} has no index "${index}"`, names.length ? `its indexes: ${names.join(', ')}` : `${table} has no secondary indexes`);
    }
    schema = found.KeySchema ?? [];
  }
  const attr = (role: 'HASH' | 'RANGE'): KeyAttribute | undefined => {
    const name = schema.find((k) => k.KeyType === role)?.AttributeName;
    return name === undefined ? undefined : { name, type: types.get(name) ?? 'S' };
  };
  return { table, ...(index !== undefined ? { index } : {}), partition: attr('HASH')!, sort: attr('RANGE') };
};

/** Names of the key attributes of the table (partition, sort) and then of the index, for table columns. */
export const keyNamesOf = (...shapes: KeyShape[]): string[] => [...new Set(shapes.flatMap((s) => [s.partition.name, ...(s.sort ? [s.sort.name] : [])]))];

export const where = (shape: KeyShape) => (shape.index ? `${shape.table} (index ${shape.index})` : shape.table);

const isNumber = (v: unknown): boolean => (typeof v === 'number' && Number.isFinite(v)) || isNumberValue(v);

/** Whether a plain value may be a key of that type (a key is never empty). */
export const KEY_TYPE_CHECK: Record<KeyType, (v: unknown) => boolean> = {
  S: (v) => typeof v === 'string' && v !== '',
  N: isNumber,
  B: (v) => v instanceof Uint8Array && v.length > 0,
};
