/**
 * Checks an item against the table before it is sent, so a bad record is one clear line (with where it came from)
 * instead of a BatchWriteItem that fails for all 25 (import) or a request DynamoDB rejects (put): key attributes
 * present, of the declared type and not empty; index key attributes, when present, of the declared type; size within
 * DynamoDB's 400 KB. (Each value's own checks — numbers, sets, names, nesting — are made when it is converted:
 * src/values/attribute.ts.)
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { MAX_ITEM_BYTES } from './item-size.js';
import { keyAttributes, type KeyType, type TableShape } from './table-shape.js';
import { type AttributeMap, quote, toPlain } from '../values/attribute.js';
import { itemBytes } from '../values/size.js';

const TYPE_WORD: Record<KeyType, string> = { S: 'a string', N: 'a number', B: 'binary' };

const typeOf = (av: AttributeValue): string => Object.keys(av)[0] ?? '';
const got = (av: AttributeValue): string => `got ${typeOf(av) === 'B' ? 'binary' : quote(toPlain(av))}`;
const empty = (av: AttributeValue, type: KeyType): boolean => (type === 'S' ? av.S === '' : type === 'B' ? av.B?.byteLength === 0 : false);

/** Why the item cannot be written, or undefined when it can. `keysOnly`: a DeleteRequest's Key. */
export const checkItem = (item: AttributeMap, shape: TableShape, keysOnly = false): string | undefined => {
  const own = (name: string): AttributeValue | undefined => (Object.prototype.hasOwnProperty.call(item, name) ? item[name] : undefined);
  const keys = keyAttributes(shape);
  for (const { name, type } of keys) {
    const av = own(name);
    if (av === undefined || av.NULL) return `missing key attribute "${name}"`;
    if (typeOf(av) !== type) return `key attribute "${name}" must be ${TYPE_WORD[type]} (${type}), ${got(av)}`;
    if (empty(av, type)) return `key attribute "${name}" is empty`;
  }
  if (keysOnly) {
    const extra = Object.keys(item).find((n) => !keys.some((k) => k.name === n));
    return extra === undefined ? undefined : `a Key holds "${extra}", which is not a key attribute of the table`;
  }
  for (const [name, type] of shape.types) {
    const av = own(name);
    if (av === undefined || keys.some((k) => k.name === name)) continue;
    if (typeOf(av) !== type) return `index key attribute "${name}" must be ${TYPE_WORD[type]} (${type}), ${got(av)}`;
    if (empty(av, type)) return `index key attribute "${name}" is empty`;
  }
  const size = itemBytes(item);
  if (size > MAX_ITEM_BYTES) return `item is ${(size / 1024).toFixed(1)} KB, over DynamoDB's 400 KB limit`;
  return undefined;
};
