/**
 * A record read from a file → the write request it stands for, recognised by its shape (no flag needed):
 *
 * - `{"Item": {…typed…}}` — a line of DynamoDB's export to S3, and of `ddb export` (the default format);
 * - `{"PutRequest": {"Item": …}}`, `{"DeleteRequest": {"Key": …}}` — a BatchWriteItem request file
 *   (`{"T": [requests]}`, what `aws dynamodb batch-write-item --request-items file://…` takes);
 * - an item whose every attribute is one typed value (`{"pk": {"S": "a"}, "n": {"N": "1"}}`) — DynamoDB JSON, as in
 *   `aws dynamodb scan` output (`{"Items": [...]}`);
 * - anything else: a plain JSON item (string → S, number → N with every digit, true/false → BOOL, null → NULL,
 *   array → L, object → M).
 *
 * `reading` forces one reading ('typed' for --dynamodb-json, 'plain' for --plain-json). Every value is checked as
 * DynamoDB would check it (src/values/attribute.ts): a record that fails is one line naming the attribute and value.
 */
import type { WriteRequest } from '../writing/batch-writer.js';
import { type AttributeMap, ValueProblem, fromTypedMap, toAttributeMap } from '../values/attribute.js';

export type Reading = 'auto' | 'typed' | 'plain';

type Json = Record<string, unknown>;

const TYPES = new Set(['S', 'N', 'B', 'BOOL', 'NULL', 'L', 'M', 'SS', 'NS', 'BS']);
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Set) && !(v instanceof Uint8Array);
const only = (v: Json, key: string): boolean => {
  const keys = Object.keys(v);
  return keys.length === 1 && keys[0] === key && isObject(v[key]);
};

/** Every attribute is one typed value: DynamoDB JSON. */
export const looksTyped = (item: Json): boolean => {
  const names = Object.keys(item);
  return (
    names.length > 0 &&
    names.every((n) => {
      const v = item[n];
      if (!isObject(v)) return false;
      const keys = Object.keys(v);
      return keys.length === 1 && TYPES.has(keys[0] as string);
    })
  );
};

/** `fatal`: the file is for another table — nothing of it may be written here. */
export type Read = { request: WriteRequest; error?: undefined; fatal?: undefined } | { error: string; fatal?: boolean; request?: undefined };

const convert = (item: Json, typed: boolean): AttributeMap => (typed ? fromTypedMap(item) : toAttributeMap(item));

/**
 * The request of one record. `group` is the top-level key of a JSON file's array ("Items", or a table's name in a
 * BatchWriteItem file); `table` the table being written, which a BatchWriteItem file must name.
 */
export const toRequest = (record: Json, reading: Reading, group: string | undefined, table: string): Read => {
  try {
    const request = group !== undefined && group !== 'Items';
    if (request || only(record, 'PutRequest') || only(record, 'DeleteRequest')) {
      if (request && group !== table) return { fatal: true, error: `holds BatchWriteItem requests for table ${group}, not ${table}` };
      if (only(record, 'PutRequest') && only(record.PutRequest as Json, 'Item')) {
        return { request: { PutRequest: { Item: fromTypedMap((record.PutRequest as Json).Item as Json) } } };
      }
      if (only(record, 'DeleteRequest') && only(record.DeleteRequest as Json, 'Key')) {
        return { request: { DeleteRequest: { Key: fromTypedMap((record.DeleteRequest as Json).Key as Json) } } };
      }
      return { error: 'not a BatchWriteItem request ({"PutRequest": {"Item": …}} or {"DeleteRequest": {"Key": …}})' };
    }
    if (reading !== 'plain' && only(record, 'Item') && (reading === 'typed' || looksTyped(record.Item as Json))) return { request: { PutRequest: { Item: fromTypedMap(record.Item as Json) } } };
    const typed = reading === 'typed' || (reading === 'auto' && looksTyped(record));
    return { request: { PutRequest: { Item: convert(record, typed) } } };
  } catch (error) {
    if (error instanceof ValueProblem) return { error: error.message };
    throw error;
  }
};
