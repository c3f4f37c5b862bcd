/** The item requests of get, put, update and delete, pure: keys from text, the update grammar, conditions (no engine). */
import { describe, expect, it } from 'vitest';
import { putRequest, updateRequest, deleteRequest } from '../src/requests/item-requests.js';
import { keyFromText, parseItemJson } from '../src/requests/item-input.js';
import { keyShapeOf } from '../src/requests/key-shape.js';
import { checkUpdate, parseAssignment, parseRemove } from '../src/requests/update-grammar.js';
import { NUMS, ORDERS } from './helpers/tables.js';

describe('item requests (pure)', () => {
  it('key values from text take the declared type; a wrong type or a missing or extra sort key names the key and its type', () => {
    expect(keyFromText(keyShapeOf(ORDERS), 'CUST#1', 'PROFILE')).toEqual({ pk: 'CUST#1', sk: 'PROFILE' });
    expect(keyFromText(keyShapeOf(NUMS), '42', 'AQI=')).toEqual({ id: 42, part: new Uint8Array([1, 2]) });
    expect(String((keyFromText(keyShapeOf(NUMS), '123456789012345678901', 'AQI=') as { id: unknown }).id)).toBe('123456789012345678901');
    expect(() => keyFromText(keyShapeOf(NUMS), 'abc', 'AQI=')).toThrow('key id (N, number) of nums: "abc" is not a number');
    expect(() => keyFromText(keyShapeOf(NUMS), '1', 'not base64!')).toThrow('key part (B, binary) of nums: "not base64!" is not base64');
    expect(() => keyFromText(keyShapeOf(ORDERS), 'CUST#1', undefined)).toThrow('orders has a sort key sk (S, string)');
    expect(() => keyFromText({ table: 't', partition: { name: 'id', type: 'S' } }, 'a', 'b')).toThrow('t has no sort key (only the partition key id (S, string)): "b" is one argument too many');
  });

  it('update: generated placeholders (reserved words, nested paths, list elements), SET/REMOVE/ADD, --if-exists', () => {
    const actions = [parseAssignment('status=shipped', '--set', false), parseAssignment('address.city="Paris"', '--set', false), parseAssignment('lines[0].qty=2', '--set', false), parseRemove('name'), parseAssignment('views=1', '--add', false)];
    expect(updateRequest(keyShapeOf(ORDERS), { pk: 'A', sk: 'B' }, actions, { ifExists: true })).toEqual({
      TableName: 'orders',
      Key: { pk: { S: 'A' }, sk: { S: 'B' } },
      UpdateExpression: 'SET #n0 = :v0, #n1.#n2 = :v1, #n3[0].#n4 = :v2 REMOVE #n5 ADD #n6 :v3',
      ConditionExpression: 'attribute_exists(#n7)',
      ExpressionAttributeNames: { '#n0': 'status', '#n1': 'address', '#n2': 'city', '#n3': 'lines', '#n4': 'qty', '#n5': 'name', '#n6': 'views', '#n7': 'pk' },
      ExpressionAttributeValues: { ':v0': { S: 'shipped' }, ':v1': { S: 'Paris' }, ':v2': { N: '2' }, ':v3': { N: '1' } },
      ReturnValues: 'ALL_NEW',
      ReturnConsumedCapacity: 'TOTAL',
    });
  });

  it('values: JSON, a bare word as a string; typed with --dynamodb-json; --add needs a number', () => {
    expect(parseAssignment('n=12.5', '--set', false)).toMatchObject({ value: 12.5 });
    expect(parseAssignment('tags=["a"]', '--set', false)).toMatchObject({ value: ['a'] });
    expect(parseAssignment('note=hello world', '--set', false)).toMatchObject({ value: 'hello world' });
    expect(parseAssignment('tags={"SS":["a","b"]}', '--set', true)).toMatchObject({ value: new Set(['a', 'b']) });
    expect(() => parseAssignment('n=abc', '--add', false)).toThrow('--add n: "abc" is not a number');
    expect(() => parseAssignment('=1', '--set', false)).toThrow('is not NAME=VALUE');
    expect(String(parseItemJson('{"n": 12345678901234567890}', false).n)).toBe('12345678901234567890'); // every digit kept (NumberValue)
  });

  it('refuses to change key attributes; index keys keep their type', () => {
    expect(() => checkUpdate([parseAssignment('sk=x', '--set', false)], ORDERS)).toThrow('sk is a key attribute of orders (sort key, S)');
    expect(() => checkUpdate([parseRemove('pk')], ORDERS)).toThrow('pk is a key attribute of orders (partition key, S)');
    expect(() => checkUpdate([parseAssignment('gsi1pk=5', '--set', false)], ORDERS)).toThrow('gsi1pk is an index key of orders and must be a non-empty string (S), got 5');
    expect(() => checkUpdate([parseAssignment('gsi1pk=STATUS#x', '--set', false), parseRemove('gsi1sk')], ORDERS)).not.toThrow();
  });

  it('put --if-not-exists and delete --if-exists are conditions on the partition key', () => {
    expect(putRequest(keyShapeOf(ORDERS), { pk: 'A', sk: 'B' }, { ifNotExists: true })).toMatchObject({ ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': 'pk' } });
    expect(deleteRequest(keyShapeOf(ORDERS), { pk: 'A', sk: 'B' }, { ifExists: true })).toMatchObject({ ConditionExpression: 'attribute_exists(#pk)', ReturnValues: 'ALL_OLD' });
  });
});
