/**
 * The pure layer of plans: each builder of a step, judged by the exact request it makes (a one-line bug in a builder,
 * a pager's first page or a condition fails here), the key schema a declared table gives a plan, the option words of
 * a next-page command, and the policy read from item steps. No engine, no I/O.
 */
import { describe, expect, it } from 'vitest';
import { deleteStep, getStep, putStep, updateStep } from '../src/requests/item-requests.js';
import { encodeToken } from '../src/reading/next-token.js';
import { scanSteps } from '../src/reading/parallel-scan.js';
import { statementStep } from '../src/requests/partiql.js';
import { queryStep } from '../src/reading/query.js';
import { keyShapeOf } from '../src/requests/key-shape.js';
import { parseAssignment, parseRemove } from '../src/requests/update-grammar.js';
import { stepNeeds } from '../src/patterns/policy.js';
import { declaredDescription } from '../src/schema/plan-keys.js';
import { tableSchema } from '../src/schema/format.js';
import { checkCount, optionWords } from '../src/runtime/options.js';
import { DdbError } from '../src/errors.js';
import { batchWriteSteps, type WriteRequest } from '../src/writing/batch-plan.js';
import { exportScan } from '../src/transfer/export.js';
import { liveSteps } from '../src/schema/live.js';
import { tableOf } from '../src/plan/step.js';

const ORDERS = tableSchema.parse({
  name: 'orders',
  attributes: { pk: 'S', sk: 'N', gsi1pk: 'S', lsk: 'B' },
  keys: { partition: 'pk', sort: 'sk' },
  globalSecondaryIndexes: [{ name: 'gsi1', keys: { partition: 'gsi1pk' }, projection: { type: 'KEYS_ONLY' } }],
  localSecondaryIndexes: [{ name: 'by-l', sort: 'lsk', projection: { type: 'ALL' } }],
});
const T = declaredDescription(ORDERS);

describe('a declared table as a plan sees it', () => {
  it('has the key names and types of the file, and its indexes', () => {
    expect(keyShapeOf(T)).toEqual({ table: 'orders', partition: { name: 'pk', type: 'S' }, sort: { name: 'sk', type: 'N' } });
    expect(keyShapeOf(T, 'gsi1')).toEqual({ table: 'orders', index: 'gsi1', partition: { name: 'gsi1pk', type: 'S' }, sort: undefined });
    expect(keyShapeOf(T, 'by-l')).toEqual({ table: 'orders', index: 'by-l', partition: { name: 'pk', type: 'S' }, sort: { name: 'lsk', type: 'B' } });
    expect(() => keyShapeOf(T, 'nope')).toThrow('orders has no index "nope"');
  });
});

describe('item steps', () => {
  it('GetItem: the key typed, a consistent read only when asked', () => {
    expect(getStep(T, { pk: 'A', sk: '7' })).toEqual({ api: 'GetItem', read: true, input: { TableName: 'orders', Key: { pk: { S: 'A' }, sk: { N: '7' } }, ReturnConsumedCapacity: 'TOTAL' } });
    expect(getStep(T, { pk: 'A', sk: '1' }, { consistentRead: true }).input.ConsistentRead).toBe(true);
    expect(() => getStep(T, { pk: 'A' })).toThrow('orders has a sort key sk (N, number): pass it after the partition key');
    expect(() => getStep(T, { pk: 'A', sk: 'x' })).toThrow('key sk (N, number) of orders');
  });

  it('PutItem: checked against the keys and index keys; the condition only with ifNotExists', () => {
    expect(putStep(T, { pk: 'A', sk: 1 })).toEqual({ api: 'PutItem', read: false, input: { TableName: 'orders', Item: { pk: { S: 'A' }, sk: { N: '1' } }, ReturnConsumedCapacity: 'TOTAL' } });
    expect(putStep(T, { pk: 'A', sk: 1 }, { ifNotExists: true }).input).toMatchObject({ ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': 'pk' } });
    expect(() => putStep(T, { pk: 'A', sk: '1' })).toThrow('sort key sk (N, number) of orders');
    expect(() => putStep(T, { pk: 'A', sk: 1, gsi1pk: 5 })).toThrow(/gsi1pk/);
  });

  it('UpdateItem: one clause per kind in SET, REMOVE, ADD order; keys refused', () => {
    const actions = [parseAssignment('total=12.5', '--set', false), parseRemove('a.b[2]'), parseAssignment('n=-1', '--add', false), parseAssignment('status=open', '--set', false)];
    expect(updateStep(T, { pk: 'A', sk: '1' }, actions).input).toEqual({
      TableName: 'orders',
      Key: { pk: { S: 'A' }, sk: { N: '1' } },
      UpdateExpression: 'SET #n0 = :v0, #n1 = :v1 REMOVE #n2.#n3[2] ADD #n4 :v2',
      ExpressionAttributeNames: { '#n0': 'total', '#n1': 'status', '#n2': 'a', '#n3': 'b', '#n4': 'n' },
      ExpressionAttributeValues: { ':v0': { N: '12.5' }, ':v1': { S: 'open' }, ':v2': { N: '-1' } },
      ReturnValues: 'ALL_NEW',
      ReturnConsumedCapacity: 'TOTAL',
    });
    expect(updateStep(T, { pk: 'A', sk: '1' }, actions, { ifExists: true }).input.ConditionExpression).toBe('attribute_exists(#n5)');
    expect(() => updateStep(T, { pk: 'A', sk: '1' }, [parseAssignment('sk=2', '--set', false)])).toThrow('sk is a key attribute of orders');
  });

  it('DeleteItem: returns the old item; the condition only with ifExists', () => {
    expect(deleteStep(T, { pk: 'A', sk: '1' })).toEqual({ api: 'DeleteItem', read: false, input: { TableName: 'orders', Key: { pk: { S: 'A' }, sk: { N: '1' } }, ReturnValues: 'ALL_OLD', ReturnConsumedCapacity: 'TOTAL' } });
    expect(deleteStep(T, { pk: 'A', sk: '1' }, { ifExists: true }).input).toMatchObject({ ConditionExpression: 'attribute_exists(#pk)', ExpressionAttributeNames: { '#pk': 'pk' } });
  });
});

describe('the first page of each pager', () => {
  const base = { TableName: 'orders', KeyConditionExpression: '#pk = :pk', ExpressionAttributeNames: { '#pk': 'pk' }, ExpressionAttributeValues: { ':pk': 'A' } };

  it('Query: Limit is the items wanted, the start key the token’s; no Limit without one', () => {
    const token = encodeToken({ pk: 'A', sk: 3 }, { table: 'orders' });
    expect(queryStep(base, { limit: 4, startingToken: token }).input).toEqual({ ...base, ExclusiveStartKey: { pk: 'A', sk: 3 }, Limit: 4 });
    expect(queryStep(base).input).toEqual(base);
    expect(() => queryStep({ ...base, IndexName: 'gsi1' }, { startingToken: token })).toThrow('--starting-token is for orders, not orders (index gsi1)');
  });

  it('Query with a filter and a limit: full pages, the projection widened to the key', () => {
    const filtered = { ...base, FilterExpression: 'x > :x', ProjectionExpression: 'x' };
    expect(queryStep(filtered, { limit: 4, keyNames: ['pk', 'sk'] }).input).toEqual({ ...filtered, ProjectionExpression: 'x, #ddbkey0, #ddbkey1', ExpressionAttributeNames: { '#pk': 'pk', '#ddbkey0': 'pk', '#ddbkey1': 'sk' } });
    // without the key names the pager cannot cut a page: Limit again
    expect(queryStep(filtered, { limit: 4 }).input.Limit).toBe(4);
  });

  it('Scan: one step per segment, the start key only for a single segment, Limit no more than a page', () => {
    const start = { pk: 'A', sk: 1 };
    expect(scanSteps({ table: 'orders', segments: 1, limit: 3, startKey: start }).map((s) => s.input)).toEqual([{ TableName: 'orders', ReturnConsumedCapacity: 'TOTAL', Limit: 3, ExclusiveStartKey: start }]);
    expect(scanSteps({ table: 'orders', segments: 1, limit: 10_000 })[0]!.input.Limit).toBe(500);
    const parallel = scanSteps({ table: 'orders', segments: 2, totalSegments: 4, startKey: start, pageItems: 50 });
    expect(parallel.map((s) => s.input)).toEqual([0, 1, 2, 3].map((Segment) => ({ TableName: 'orders', ReturnConsumedCapacity: 'TOTAL', Segment, TotalSegments: 4, Limit: 50 })));
  });

  it('export: the table cut into ~2,500-item segments by DescribeTable\'s item count, at least one per request in flight, read in DynamoDB JSON', () => {
    const opts = { table: 'orders', format: 'dynamodb', file: null, segments: 3 } as const;
    expect(exportScan(opts, { ItemCount: 12_501 })).toEqual({ table: 'orders', segments: 3, totalSegments: 6, raw: true });
    expect(exportScan(opts, { ItemCount: 10 }).totalSegments).toBe(3);
    expect(scanSteps(exportScan(opts, { ItemCount: 12_501 })).map((s) => s.input.Segment)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('ExecuteStatement: Limit for an unfiltered SELECT (plus what a ddb token skips), none for a write', () => {
    const statement = { Statement: "SELECT * FROM orders WHERE pk = 'A'" };
    expect(statementStep(statement, true, { limit: 5 }).input).toEqual({ ...statement, ReturnConsumedCapacity: 'TOTAL', Limit: 5 });
    expect(statementStep(statement, true, { limit: 5, filtered: true }).input).toEqual({ ...statement, ReturnConsumedCapacity: 'TOTAL' });
    const token = `ddb1.${Buffer.from(JSON.stringify({ t: 'engine-token', s: 2 })).toString('base64url')}`;
    expect(statementStep(statement, true, { limit: 5, startingToken: token }).input).toEqual({ ...statement, ReturnConsumedCapacity: 'TOTAL', NextToken: 'engine-token', Limit: 7 });
    expect(statementStep({ Statement: "DELETE FROM orders WHERE pk = 'A' AND sk = 1" }, false, { limit: 5 })).toEqual({ api: 'ExecuteStatement', read: false, input: { Statement: "DELETE FROM orders WHERE pk = 'A' AND sk = 1", ReturnConsumedCapacity: 'TOTAL' } });
  });
});

describe('what reads a plan', () => {
  it('the policy reads an item step’s partition key from DynamoDB JSON', () => {
    const tableOf = (name: string) => (name === 'orders' ? ORDERS : undefined);
    expect(stepNeeds('p', putStep(T, { pk: 'CUST#1', sk: 1 }), tableOf)).toEqual([{ pattern: 'p', action: 'dynamodb:PutItem', table: 'orders', leadingKey: 'CUST#1', prefix: 'CUST#1' }]);
    expect(stepNeeds('p', deleteStep(T, { pk: 'X', sk: '2' }), tableOf)).toMatchObject([{ action: 'dynamodb:DeleteItem', leadingKey: 'X' }]);
    expect(stepNeeds('p', scanSteps({ table: 'orders', segments: 1, input: { IndexName: 'gsi1' } })[0]!, tableOf)).toEqual([{ pattern: 'p', action: 'dynamodb:Scan', table: 'orders', index: 'gsi1', prefix: '' }]);
  });

  it('the table of a ListTagsOfResource is the one its ARN names; a plan names none before DescribeTable answers', () => {
    const tags = liveSteps('orders')[3];
    expect(tableOf({ ...tags, input: { ResourceArn: 'arn:aws:dynamodb:eu-west-1:123456789012:table/orders' } })).toBe('orders');
    expect(tableOf(tags)).toBeUndefined();
  });
});

describe('option words', () => {
  it('repeats the options given, in the order named, flags as their names', () => {
    expect(optionWords({ desc: true, limit: 5, index: 'gsi1', consistentRead: false, sk: '>= 2' }, ['index', 'sk', 'desc', 'consistentRead', 'limit'])).toEqual(['--index', 'gsi1', '--sk', '>= 2', '--desc', '--limit', 5]);
  });

  it('--count takes no --limit, --starting-token or --projection', () => {
    expect(() => checkCount({ count: true })).not.toThrow();
    expect(() => checkCount({ limit: 3 })).not.toThrow();
    for (const extra of [{ limit: 3 }, { startingToken: 't' }, { projection: 'a' }]) expect(() => checkCount({ count: true, ...extra })).toThrow(DdbError);
  });
});

describe('the bulk writer\'s batches as steps', () => {
  const put = (pk: string, v = 'x'): WriteRequest => ({ PutRequest: { Item: { pk: { S: pk }, v: { S: v } } } });
  const sizes = (steps: ReturnType<typeof batchWriteSteps>) => steps.map((s) => (s.api === 'BatchWriteItem' ? s.input.RequestItems!.t!.length : 0));

  it('25 a request; the last request for a key in a batch wins (BatchWriteItem refuses two for one key)', () => {
    const steps = batchWriteSteps('t', [put('a', 'old'), ...Array.from({ length: 30 }, (_, i) => put(`k${i}`)), put('a', 'new')], { keyNames: ['pk'], returnCapacity: false });
    expect(sizes(steps)).toEqual([25, 7]);
    expect(steps[1]).toEqual({ api: 'BatchWriteItem', read: false, input: { RequestItems: { t: [...Array.from({ length: 6 }, (_, i) => put(`k${i + 24}`)), put('a', 'new')] } } });
    const dup = batchWriteSteps('t', [put('a', 'old'), put('b'), put('a', 'new')], { keyNames: ['pk'], returnCapacity: true });
    expect(dup).toEqual([{ api: 'BatchWriteItem', read: false, input: { RequestItems: { t: [put('b'), put('a', 'new')] }, ReturnConsumedCapacity: 'TOTAL' } }]);
  });

  it('under a --max-wcu budget a request holds no more than its worth; beyond 10 requests, the first and a count', () => {
    const two = batchWriteSteps('t', Array.from({ length: 6 }, (_, i) => put(`k${i}`)), { keyNames: ['pk'], returnCapacity: false, maxWcu: 2, units: () => 1 });
    expect(sizes(two)).toEqual([2, 2, 2]);
    const many = batchWriteSteps('t', Array.from({ length: 251 }, (_, i) => put(`k${i}`)), { keyNames: ['pk'], returnCapacity: false });
    expect(sizes(many)).toEqual([25]);
    expect(many[0]!.more).toBe('then 10 more BatchWriteItem requests like it: 251 items in all, up to 25 a request');
    expect(sizes(batchWriteSteps('t', Array.from({ length: 250 }, (_, i) => put(`k${i}`)), { keyNames: ['pk'], returnCapacity: false }))).toEqual(Array(10).fill(25));
  });
});
