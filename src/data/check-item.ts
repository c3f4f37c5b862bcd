/**
 * Checks an item against the table before it is sent, so a bad record is one clear line (with where it came from)
 * instead of a BatchWriteItem that fails for all 25 (import) or a request DynamoDB rejects (put): key attributes present, of the declared type and not empty;
 * index key attributes, when present, of the declared type; size within DynamoDB's 400 KB.
 */
import { MAX_ITEM_BYTES, itemSize } from './item-size.js';
import type { KeyType, TableShape } from './table-shape.js';

type Item = Record<string, unknown>;

const TYPE_WORD: Record<KeyType, string> = { S: 'a string', N: 'a number', B: 'binary' };

const hasType = (value: unknown, type: KeyType): boolean => {
  if (type === 'S') return typeof value === 'string';
  // (a NumberValue holds a number too long for a double, read from DynamoDB JSON)
  if (type === 'N') return (typeof value === 'number' && Number.isFinite(value)) || typeof value === 'bigint' || value?.constructor?.name === 'NumberValue';
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
