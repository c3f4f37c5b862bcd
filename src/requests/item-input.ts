/**
 * Items and key values as they arrive on the command line, made into what DynamoDB holds: a key value given as text
 * becomes the declared type (N: a number, B: base64), an item or a value given as JSON (plain, or DynamoDB JSON with
 * --dynamodb-json) becomes checked plain values. A wrong type, a missing or an extra sort key, a value DynamoDB
 * cannot hold: one line naming it (exit 2), before anything is sent. Pure.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { ValueProblem, fromTypedMap, fromTypedValue, plainItem, toAttributeMap, toPlain } from '../values/attribute.js';
import { parseJson } from '../values/json.js';
import { numberProblem } from '../values/number.js';
import { plainNumber } from '../values/exact-number.js';
import { wordValue } from './expressions.js';
import { type KeyAttribute, type KeyShape, describeKey, invalid, where } from './key-shape.js';

export type Item = Record<string, unknown>;
export type RawItem = Record<string, AttributeValue>;

/** A key value given as text, as the declared type. */
export const keyValueFromText = (text: string, attr: KeyAttribute, shape: KeyShape): unknown => {
  const bad = (why: string) => invalid(`key ${describeKey(attr)} of ${where(shape)}: ${why}`);
  if (attr.type === 'S') {
    if (text === '') throw bad('an empty string is not a key value');
    return text;
  }
  if (attr.type === 'N') {
    const t = text.trim();
    const problem = numberProblem(t);
    if (problem) throw bad(`"${text}" ${problem}`);
    // more digits than a double holds exactly (DynamoDB keeps 38): sent exactly as written
    return plainNumber(t);
  }
  const b64 = text.trim();
  if (!b64 || !/^[A-Za-z0-9+/_-]*={0,2}$/.test(b64) || b64.replace(/=+$/, '').length % 4 === 1) throw bad(`"${text}" is not base64`);
  return new Uint8Array(Buffer.from(b64, 'base64'));
};

/** The item key from the command line: the partition key, and the sort key exactly when the table has one. */
export const keyFromText = (shape: KeyShape, pk: string, sk: string | undefined, command = 'get'): Item => {
  if (shape.sort && sk === undefined) {
    throw invalid(`${where(shape)} has a sort key ${describeKey(shape.sort)}: pass it after the partition key`, `ddb ${command} ${shape.table} PK SK`);
  }
  if (!shape.sort && sk !== undefined) {
    throw invalid(`${where(shape)} has no sort key (only the partition key ${describeKey(shape.partition)}): "${sk}" is one argument too many`);
  }
  return {
    [shape.partition.name]: keyValueFromText(pk, shape.partition, shape),
    ...(shape.sort ? { [shape.sort.name]: keyValueFromText(sk!, shape.sort, shape) } : {}),
  };
};

/** `pk=ORD#1 sk=2024-01-01` for messages. */
export const keyText = (key: Item): string =>
  Object.entries(key)
    .map(([k, v]) => `${k}=${v instanceof Uint8Array ? Buffer.from(v).toString('base64') : String(v)}`)
    .join(' ');

/** Plain values → DynamoDB JSON; a value DynamoDB cannot hold is one line naming its attribute path and the value. */
export const toAttributeValues = (values: Item, what: string): RawItem => {
  try {
    return toAttributeMap(values);
  } catch (error) {
    if (error instanceof ValueProblem) throw invalid(`${what}: ${error.message}`);
    throw error;
  }
};

/** DynamoDB JSON → plain values, or one line naming what is wrong where. */
const fromTyped = <T>(convert: () => T, what: string): T => {
  try {
    return convert();
  } catch (error) {
    if (error instanceof ValueProblem) throw invalid(`${what}: ${error.message}`, 'with --dynamodb-json a value is typed: {"S": "x"}, {"N": "1"}, {"SS": ["a"]}');
    throw error;
  }
};

/** A JSON object given on the command line or on stdin, plain or (--dynamodb-json) typed, as plain values. */
export const parseItemJson = (text: string, typed: boolean, what = 'ITEM_JSON'): Item => {
  let value: unknown;
  try {
    value = parseJson(text);
  } catch (error) {
    throw invalid(`${what} is not JSON: ${(error as Error).message}`, `quote it for the shell: '{"pk": "A", "sk": "B", "n": 1}'`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(`${what} must be a JSON object of attributes, e.g. {"pk": "A", "sk": "B"}`);
  // Checked now (numbers, names, nesting), so the error names the attribute before anything is sent.
  return plainItem(typed ? fromTyped(() => fromTypedMap(value as Item), what) : toAttributeValues(value as Item, what));
};

/** One value of --set/--add: JSON, or (plain) a bare word as a string; with --dynamodb-json a typed value {"S": "x"}. */
export const parseValue = (text: string, typed: boolean, what: string): unknown => {
  if (!typed) {
    let value: unknown;
    try {
      value = parseJson(text);
    } catch {
      return wordValue(text);
    }
    return toPlain(toAttributeValues({ [what]: value }, what)[what]!);
  }
  let value: unknown;
  try {
    value = parseJson(text);
  } catch {
    throw invalid(`${what}: "${text}" is not JSON`, 'with --dynamodb-json a value is typed: {"S": "x"}, {"N": "1"}, {"SS": ["a"]}');
  }
  return toPlain(fromTyped(() => fromTypedValue(value, what), what));
};
