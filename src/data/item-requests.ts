/**
 * Requests for one item and for a key range of any table, built from what DescribeTable says about its keys (pure:
 * no I/O, no SDK client). Key values arrive as text on the command line and become the declared type here (N: a
 * number, B: base64); a wrong type, a missing or an extra sort key is one line naming the key and its type (exit 2),
 * before anything is sent. Item commands use the low-level client, so their requests carry DynamoDB JSON (marshalled
 * here) and the exact types come back; Query takes plain values (the document client).
 */
import type { AttributeValue, DeleteItemCommandInput, GetItemCommandInput, PutItemCommandInput, TableDescription, UpdateItemCommandInput } from '@aws-sdk/client-dynamodb';
import { DdbError } from '../errors.js';
import { ValueProblem, fromTypedMap, fromTypedValue, plainItem, toAttributeMap, toPlain } from '../values/attribute.js';
import { parseJson } from '../values/json.js';
import { numberProblem } from '../values/number.js';
import { isNumberValue, plainNumber } from '../values/exact-number.js';
import { checkItem } from '../requests/check-item.js';
import { type KeyAttribute, type KeyShape, tableShape, type KeyType } from '../requests/table-shape.js';
import { type Path, Placeholders, parsePath, wordValue } from '../requests/expressions.js';

export type Item = Record<string, unknown>;
export type RawItem = Record<string, AttributeValue>;

/** (the key's types are src/data/table-shape.ts's; named here too for the modules that build requests from them) */
export type { KeyAttribute, KeyShape };

export const invalid = (message: string, suggestion?: string) => new DdbError('input.invalid', message, { suggestion });

const TYPE_WORD: Record<KeyType, string> = { S: 'string', N: 'number', B: 'binary' };
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

// ---------------------------------------------------------------------------------------------------------------
// Items in: put's ITEM_JSON and update's values

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

/** Put: the item is checked against the table's key and index key types and the 400 KB limit. */
export const checkPutItem = (item: Item, t: TableDescription): void => {
  const shape = keyShapeOf(t);
  for (const attr of [shape.partition, ...(shape.sort ? [shape.sort] : [])]) {
    const role = attr === shape.partition ? 'partition' : 'sort';
    const value = item[attr.name];
    if (value === undefined || value === null) throw invalid(`the item has no ${role} key: ${t.TableName} needs ${describeKey(attr)}`);
    if (!TYPE_CHECK[attr.type](value)) throw invalid(`${role} key ${describeKey(attr)} of ${t.TableName}: got ${JSON.stringify(value instanceof Uint8Array ? 'bytes' : value)}${attr.type === 'S' && value === '' ? ' (empty)' : ''}`);
  }
  const problem = checkItem(toAttributeValues(item, 'the item'), tableShape(t));
  if (problem) throw invalid(`the item cannot go into ${t.TableName}: ${problem}`);
};

// ---------------------------------------------------------------------------------------------------------------
// Requests

export const capacity = { ReturnConsumedCapacity: 'TOTAL' } as const;

export const getRequest = (shape: KeyShape, key: Item, opts: { consistentRead?: boolean } = {}): GetItemCommandInput => ({
  TableName: shape.table,
  Key: toAttributeValues(key, 'key'),
  ...(opts.consistentRead ? { ConsistentRead: true } : {}),
  ...capacity,
});

/** Put; with ifNotExists the write happens only when no item has this key. */
export const putRequest = (shape: KeyShape, item: Item, opts: { ifNotExists?: boolean } = {}): PutItemCommandInput => ({
  TableName: shape.table,
  Item: toAttributeValues(item, 'item'),
  ...(opts.ifNotExists ? { ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': shape.partition.name } } : {}),
  ...capacity,
});

/** Delete, returning the old item; with ifExists it fails (ConditionalCheckFailed) when there was none. */
export const deleteRequest = (shape: KeyShape, key: Item, opts: { ifExists?: boolean } = {}): DeleteItemCommandInput => ({
  TableName: shape.table,
  Key: toAttributeValues(key, 'key'),
  ReturnValues: 'ALL_OLD',
  ...(opts.ifExists ? { ConditionExpression: 'attribute_exists(#pk)', ExpressionAttributeNames: { '#pk': shape.partition.name } } : {}),
  ...capacity,
});

export type UpdateAction = { kind: 'set'; path: Path; value: unknown } | { kind: 'remove'; path: Path } | { kind: 'add'; path: Path; value: unknown };

const isNumber = (v: unknown): boolean => (typeof v === 'number' && Number.isFinite(v)) || isNumberValue(v);

/** `NAME=VALUE` of --set/--add. */
export const parseAssignment = (text: string, flag: '--set' | '--add', typed: boolean): UpdateAction => {
  const eq = text.indexOf('=');
  if (eq <= 0) throw invalid(`${flag} "${text}" is not NAME=VALUE`, flag === '--set' ? `e.g. --set status=shipped --set 'total=12.5' --set 'tags=["a"]'` : 'e.g. --add views=1');
  const path = parsePath(text.slice(0, eq), flag);
  const value = parseValue(text.slice(eq + 1), typed, `${flag} ${text.slice(0, eq)}`);
  if (flag === '--add') {
    if (!isNumber(value) && !(value instanceof Set)) throw invalid(`--add ${text.slice(0, eq)}: "${text.slice(eq + 1)}" is not a number`, 'ADD adds a number (or, with --dynamodb-json, a set: {"SS": ["a"]})');
    return { kind: 'add', path, value };
  }
  return { kind: 'set', path, value };
};

export const parseRemove = (text: string): UpdateAction => ({ kind: 'remove', path: parsePath(text, '--remove') });

const TYPE_CHECK: Record<KeyType, (v: unknown) => boolean> = {
  S: (v) => typeof v === 'string' && v !== '',
  N: isNumber,
  B: (v) => v instanceof Uint8Array && v.length > 0,
};

/** Refuses to change a key attribute; an index key attribute set at the top level must have its declared type. */
export const checkUpdate = (actions: readonly UpdateAction[], t: TableDescription): void => {
  if (!actions.length) throw invalid('nothing to update', 'pass --set NAME=VALUE, --remove NAME or --add NAME=NUMBER');
  const table = keyShapeOf(t);
  const keys = keyNamesOf(table);
  const types = new Map((t.AttributeDefinitions ?? []).map((a) => [a.AttributeName ?? '', (a.AttributeType ?? 'S') as KeyType]));
  for (const a of actions) {
    const first = a.path[0] as { name: string };
    if (keys.includes(first.name)) {
      const attr = first.name === table.partition.name ? table.partition : table.sort!;
      throw invalid(`${first.name} is a key attribute of ${t.TableName} (${attr === table.partition ? 'partition' : 'sort'} key, ${attr.type}): an update cannot change it`, 'put the item under its new key and delete the old one');
    }
    const type = types.get(first.name);
    if (type && a.path.length === 1 && a.kind !== 'remove' && !TYPE_CHECK[type](a.value)) {
      throw invalid(`${first.name} is an index key of ${t.TableName} and must be a non-empty ${TYPE_WORD[type]} (${type}), got ${JSON.stringify(a.value instanceof Set ? [...a.value] : a.value)}`);
    }
  }
};

/** UpdateItem with placeholders, returning the new item; with ifExists it fails when there was none (no upsert). */
export const updateRequest = (shape: KeyShape, key: Item, actions: readonly UpdateAction[], opts: { ifExists?: boolean } = {}): UpdateItemCommandInput => {
  const ph = new Placeholders();
  const clause = (kind: UpdateAction['kind'], word: string, part: (a: UpdateAction) => string): string[] => {
    const parts = actions.filter((a) => a.kind === kind).map(part);
    return parts.length ? [`${word} ${parts.join(', ')}`] : [];
  };
  const expression = [
    ...clause('set', 'SET', (a) => `${ph.path(a.path)} = ${ph.value((a as { value: unknown }).value)}`),
    ...clause('remove', 'REMOVE', (a) => ph.path(a.path)),
    ...clause('add', 'ADD', (a) => `${ph.path(a.path)} ${ph.value((a as { value: unknown }).value)}`),
  ].join(' ');
  const condition = opts.ifExists ? `attribute_exists(${ph.name(shape.partition.name)})` : undefined;
  const { ExpressionAttributeNames, ExpressionAttributeValues } = ph.attributes();
  return {
    TableName: shape.table,
    Key: toAttributeValues(key, 'key'),
    UpdateExpression: expression,
    ...(condition ? { ConditionExpression: condition } : {}),
    ...(ExpressionAttributeNames ? { ExpressionAttributeNames } : {}),
    ...(ExpressionAttributeValues ? { ExpressionAttributeValues: toAttributeValues(ExpressionAttributeValues, 'update values') } : {}),
    ReturnValues: 'ALL_NEW',
    ...capacity,
  };
};
