/**
 * The requests for one item of any table — GetItem, PutItem, UpdateItem, DeleteItem — built from its key shape
 * (./key-shape.ts) and values already checked (./item-input.ts, ./update-grammar.ts). Pure: no I/O, no SDK client.
 * Item commands use the low-level client, so these requests carry DynamoDB JSON and the exact types come back.
 */
import type { DeleteItemCommandInput, GetItemCommandInput, PutItemCommandInput, TableDescription, UpdateItemCommandInput } from '@aws-sdk/client-dynamodb';
import { checkItem } from './check-item.js';
import { Placeholders } from './expressions.js';
import { type Item, type RawItem, keyFromText, keyText, toAttributeValues } from './item-input.js';
import { KEY_TYPE_CHECK, type KeyShape, describeKey, invalid, keyShapeOf } from './key-shape.js';
import { tableShape } from './table-shape.js';
import { type UpdateAction, checkUpdate } from './update-grammar.js';
import type { Step } from '../plan/step.js';
import { plainItem } from '../values/attribute.js';

/** Put: the item is checked against the table's key and index key types and the 400 KB limit. */
export const checkPutItem = (item: Item, t: TableDescription): void => {
  const shape = keyShapeOf(t);
  for (const attr of [shape.partition, ...(shape.sort ? [shape.sort] : [])]) {
    const role = attr === shape.partition ? 'partition' : 'sort';
    const value = item[attr.name];
    if (value === undefined || value === null) throw invalid(`the item has no ${role} key: ${t.TableName} needs ${describeKey(attr)}`);
    if (!KEY_TYPE_CHECK[attr.type](value)) throw invalid(`${role} key ${describeKey(attr)} of ${t.TableName}: got ${JSON.stringify(value instanceof Uint8Array ? 'bytes' : value)}${attr.type === 'S' && value === '' ? ' (empty)' : ''}`);
  }
  const problem = checkItem(toAttributeValues(item, 'the item'), tableShape(t));
  if (problem) throw invalid(`the item cannot go into ${t.TableName}: ${problem}`);
};

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

// ---------------------------------------------------------------------------------------------------------------
// Each item command's step of a plan: from the table's description (DescribeTable, or the schema file's declaration)
// and the command line's key text, the one request it sends — everything checked before it is built.

/** PK [SK] as given on the command line. */
export interface KeyWords {
  pk: string;
  sk?: string;
}

type StepOf<A extends Step['api']> = Extract<Step, { api: A }>;

export const getStep = (t: TableDescription, k: KeyWords, opts: { consistentRead?: boolean } = {}): StepOf<'GetItem'> => {
  const shape = keyShapeOf(t);
  return { api: 'GetItem', input: getRequest(shape, keyFromText(shape, k.pk, k.sk, 'get'), opts), read: true };
};

export const putStep = (t: TableDescription, item: Item, opts: { ifNotExists?: boolean } = {}): StepOf<'PutItem'> => {
  checkPutItem(item, t);
  return { api: 'PutItem', input: putRequest(keyShapeOf(t), item, opts), read: false };
};

export const updateStep = (t: TableDescription, k: KeyWords, actions: readonly UpdateAction[], opts: { ifExists?: boolean } = {}): StepOf<'UpdateItem'> => {
  const shape = keyShapeOf(t);
  const key = keyFromText(shape, k.pk, k.sk, 'update');
  checkUpdate(actions, t);
  return { api: 'UpdateItem', input: updateRequest(shape, key, actions, opts), read: false };
};

export const deleteStep = (t: TableDescription, k: KeyWords, opts: { ifExists?: boolean } = {}): StepOf<'DeleteItem'> => {
  const shape = keyShapeOf(t);
  return { api: 'DeleteItem', input: deleteRequest(shape, keyFromText(shape, k.pk, k.sk, 'delete'), opts), read: false };
};

/** `pk=ORD#1 sk=2024-01-01` of a request's key, for messages. */
export const requestKeyText = (key: RawItem | undefined): string => keyText(plainItem(key ?? {}));
