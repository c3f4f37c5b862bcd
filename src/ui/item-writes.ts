/**
 * `ddb ui`'s item writes: a save and a delete that happen only if the item is still what the page loaded. Each is one
 * conditional request — every attribute the page loaded must still hold the value it had (`#a0 = :a0 AND …`), so a
 * write that came between makes DynamoDB refuse it (ConditionalCheckFailed) and nothing is written. A condition cannot
 * name attributes the page never saw, so the save first reads the item (strongly consistent) and refuses when it
 * differs in any way, an attribute added included; the condition covers the moment between that read and the write.
 * The requests are built by the pure functions here and sent by perform (src/aws/perform.ts).
 */
import type { AttributeValue, DeleteItemCommandInput, PutItemCommandInput, TableDescription } from '@aws-sdk/client-dynamodb';
import { isDeepStrictEqual } from 'node:util';
import type { Dynamo } from '../aws/dynamo.js';
import { DdbError } from '../errors.js';
import { capacity, checkPutItem, putRequest } from '../requests/item-requests.js';
import { type RawItem, parseItemJson } from '../requests/item-input.js';
import { invalid, keyNamesOf, keyShapeOf } from '../requests/key-shape.js';
import { toJson as plainJson } from '../values/json-writer.js';
import { ValueProblem, fromTypedMap } from '../values/attribute.js';

export type { RawItem };
/** An item as the page has it: DynamoDB JSON, binary as base64 (what plainJson makes of a RawItem). */
export type WireItem = Record<string, unknown>;

export const toWire = (item: RawItem): WireItem => JSON.parse(plainJson(item)) as WireItem;

/** The page's DynamoDB JSON back to attribute values (binary as bytes), numbers exactly as written. */
export const fromWire = (item: unknown, what: string): RawItem => {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) throw invalid(`${what} must be an item in DynamoDB JSON`);
  try {
    return fromTypedMap(item as WireItem); // every value checked as DynamoDB would (src/values/attribute.ts)
  } catch (error) {
    if (error instanceof ValueProblem) throw invalid(`${what}: ${error.message}`);
    throw error;
  }
};

/** The key attributes of an item, in DynamoDB JSON. */
export const keyOf = (description: TableDescription, item: RawItem): RawItem => {
  const names = keyNamesOf(keyShapeOf(description));
  const key: RawItem = {};
  for (const name of names) {
    const value = item[name];
    if (value === undefined) throw invalid(`the item has no key attribute "${name}"`);
    key[name] = value;
  }
  return key;
};

/** "every attribute still as loaded": a condition over each attribute of `loaded`. */
export const unchangedCondition = (loaded: RawItem): Pick<PutItemCommandInput, 'ConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'> => {
  const names: Record<string, string> = {};
  const values: Record<string, AttributeValue> = {};
  const terms = Object.entries(loaded).map(([name, value], i) => {
    names[`#a${i}`] = name;
    values[`:a${i}`] = value;
    return `#a${i} = :a${i}`;
  });
  return { ConditionExpression: terms.join(' AND '), ExpressionAttributeNames: names, ExpressionAttributeValues: values };
};

export const changedSinceLoaded = (table: string): DdbError =>
  new DdbError('condition.failed', `the item changed in ${table} since the page loaded it: nothing was written`, { suggestion: 'reload it, and make your change again' });

/** The PutItem of an edit (pure): the edited item (DynamoDB JSON text) checked against the table, its key unchanged. */
export const saveRequest = (description: TableDescription, loaded: RawItem, editedJson: string): PutItemCommandInput => {
  const plain = parseItemJson(editedJson, true, 'the item');
  checkPutItem(plain, description);
  const put = putRequest(keyShapeOf(description), plain);
  const before = keyOf(description, loaded);
  if (!isDeepStrictEqual(keyOf(description, put.Item!), before)) {
    throw invalid('the key attributes cannot change in an edit', 'to move an item, put it under its new key (`ddb put`) and delete the old one');
  }
  return { ...put, ...unchangedCondition(loaded) };
};

/** The DeleteItem of the item as loaded (pure). */
export const deleteRequest = (description: TableDescription, loaded: RawItem): DeleteItemCommandInput => ({
  TableName: description.TableName,
  Key: keyOf(description, loaded),
  ...unchangedCondition(loaded),
  ReturnValues: 'ALL_OLD',
  ...capacity,
});

const refusedWhenChanged = async <T>(table: string, write: () => Promise<T>): Promise<T> => {
  try {
    return await write();
  } catch (error) {
    if (error instanceof DdbError && error.code === 'condition.failed') throw changedSinceLoaded(table);
    throw error;
  }
};

export const saveItem = async (db: Dynamo, description: TableDescription, loadedWire: WireItem, editedJson: string): Promise<RawItem> => {
  const loaded = fromWire(loadedWire, 'the item as loaded');
  const request = saveRequest(description, loaded, editedJson);
  const table = description.TableName ?? '';
  const { perform } = await import('../aws/perform.js');
  const now = await perform(db, { api: 'GetItem', input: { TableName: table, Key: keyOf(description, loaded), ConsistentRead: true } });
  if (!now.Item || !isDeepStrictEqual(toWire(now.Item), loadedWire)) throw changedSinceLoaded(table);
  await refusedWhenChanged(table, () => perform(db, { api: 'PutItem', input: request }));
  return request.Item!;
};

export const deleteItem = async (db: Dynamo, description: TableDescription, loadedWire: WireItem): Promise<RawItem | undefined> => {
  const loaded = fromWire(loadedWire, 'the item as loaded');
  const table = description.TableName ?? '';
  const { perform } = await import('../aws/perform.js');
  const out = await refusedWhenChanged(table, () => perform(db, { api: 'DeleteItem', input: deleteRequest(description, loaded) }));
  return out.Attributes;
};
