/**
 * --dry-run on every command that sends: it prints the plan (the exact requests, in order; JSON with -o json), exits
 * 0 and sends nothing — needing no engine and no credentials when the schema file declares the table. Each command
 * runs twice: against http://localhost:1 (nothing listens) and against a recording endpoint that must see no request
 * at all. A table the file does not declare needs one DescribeTable: sent (and counted) when something answers, one
 * line naming the read and the way round it when nothing does. No engine in this file.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ddb } from './helpers/run.js';
import { FIVE_YEARS_SECONDS } from '../src/ttl/expiry.js';

const dir = mkdtempSync(join(tmpdir(), 'ddb-dry-run-'));
const SCHEMA = join(dir, 'orders.json');
writeFileSync(
  SCHEMA,
  JSON.stringify({
    tables: [
      {
        name: 'orders',
        attributes: { pk: 'S', sk: 'N', gsi1pk: 'S' },
        keys: { partition: 'pk', sort: 'sk' },
        globalSecondaryIndexes: [{ name: 'gsi1', keys: { partition: 'gsi1pk', sort: 'sk' }, projection: { type: 'ALL' } }],
      },
    ],
  }),
);
const S = ['--schema', SCHEMA];
const GROUP = '5f12e71c-7f93-4344-8c70-1a94a666713f';
const ANDREW = '97c1ecbf-f5b6-4359-b87a-8eaefaa0a683';
const BAYKO = '2bf6761e-befc-4f0d-9fa2-122f88434f7e';

/** An endpoint that records every request: DescribeTable of `undeclared` answers (a table of string keys, 12,000 items), anything else fails. */
let server: Server;
let recording = '';
const seen: string[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(String(req.headers['x-amz-target'] ?? req.url));
    req.resume().on('end', () => {
      res.setHeader('content-type', 'application/x-amz-json-1.0');
      if (String(req.headers['x-amz-target']).endsWith('.DescribeTable')) {
        const Table = { TableName: 'undeclared', TableStatus: 'ACTIVE', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], ItemCount: 12_000 };
        res.end(JSON.stringify({ Table }));
      } else {
        res.statusCode = 400;
        res.end(JSON.stringify({ __type: 'com.amazon.coral.validate#ValidationException', message: 'a dry run sent this' }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  recording = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

type Plan = { steps: { api: string; read: boolean; when?: string; pages?: string; more?: string; input: any }[]; sent: number };

/** The command's dry run against both endpoints: exit 0, nothing sent; its plan as JSON. */
const planOf = async (args: string[], opts: { cwd?: string } = {}): Promise<Plan> => {
  const dead = await ddb(['--endpoint-url', 'http://localhost:1', ...args, '--dry-run', '-o', 'json'], opts);
  expect(dead.code, dead.stderr).toBe(0);
  const before = seen.length;
  const live = await ddb(['--endpoint-url', recording, ...args, '--dry-run', '-o', 'json'], opts);
  expect(live.code, live.stderr).toBe(0);
  expect(seen.slice(before)).toEqual([]);
  expect(live.json()).toEqual(dead.json());
  expect(dead.json().sent).toBe(0);
  return dead.json();
};

/**
 * The plan of a command that needs the table's key types: a run reads them first (DescribeTable, not sent by the dry
 * run: the schema file declares the table); the steps after it.
 */
const afterDescribe = async (args: string[], opts: { cwd?: string } = {}): Promise<Plan> => {
  const plan = await planOf(args, opts);
  expect(plan.steps[0]).toEqual({ api: 'DescribeTable', read: true, input: { TableName: args[1] } });
  return { ...plan, steps: plan.steps.slice(1) };
};

describe('--dry-run prints the exact requests and sends nothing', () => {
  it('get: the GetItem, key values typed as the schema file declares them', async () => {
    const plan = await afterDescribe(['get', 'orders', 'CUST#1', '5', '--consistent-read', ...S]);
    expect(plan.steps).toEqual([{ api: 'GetItem', read: true, input: { TableName: 'orders', Key: { pk: { S: 'CUST#1' }, sk: { N: '5' } }, ConsistentRead: true, ReturnConsumedCapacity: 'TOTAL' } }]);
  });

  it('put: the PutItem with its condition; the item checked first (a missing sort key is exit 2, still nothing sent)', async () => {
    const plan = await afterDescribe(['put', 'orders', '{"pk": "A", "sk": 1, "total": 12.5}', '--if-not-exists', ...S]);
    expect(plan.steps).toEqual([
      {
        api: 'PutItem',
        read: false,
        input: { TableName: 'orders', Item: { pk: { S: 'A' }, sk: { N: '1' }, total: { N: '12.5' } }, ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': 'pk' }, ReturnConsumedCapacity: 'TOTAL' },
      },
    ]);
    const bad = await ddb(['--endpoint-url', 'http://localhost:1', 'put', 'orders', '{"pk": "A"}', '--dry-run', ...S]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('the item has no sort key: orders needs sk (N, number)');
  });

  it('put reads the item from stdin too', async () => {
    const r = await ddb(['--endpoint-url', 'http://localhost:1', 'put', 'orders', '-', '--dry-run', '-o', 'json', ...S], { input: '{"pk": "B", "sk": 2}' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.json().steps[1].input.Item).toEqual({ pk: { S: 'B' }, sk: { N: '2' } });
  });

  it('update: SET, REMOVE and ADD with placeholders, and the --if-exists condition', async () => {
    const plan = await afterDescribe(['update', 'orders', 'A', '1', '--set', 'status=shipped', '--remove', 'old', '--add', 'n=1', '--if-exists', ...S]);
    expect(plan.steps).toEqual([
      {
        api: 'UpdateItem',
        read: false,
        input: {
          TableName: 'orders',
          Key: { pk: { S: 'A' }, sk: { N: '1' } },
          UpdateExpression: 'SET #n0 = :v0 REMOVE #n1 ADD #n2 :v1',
          ConditionExpression: 'attribute_exists(#n3)',
          ExpressionAttributeNames: { '#n0': 'status', '#n1': 'old', '#n2': 'n', '#n3': 'pk' },
          ExpressionAttributeValues: { ':v0': { S: 'shipped' }, ':v1': { N: '1' } },
          ReturnValues: 'ALL_NEW',
          ReturnConsumedCapacity: 'TOTAL',
        },
      },
    ]);
  });

  it('delete: the DeleteItem returning the old item; against AWS it asks nothing and needs no credentials', async () => {
    const plan = await afterDescribe(['delete', 'orders', 'A', '1', '--if-exists', ...S]);
    expect(plan.steps).toEqual([
      { api: 'DeleteItem', read: false, input: { TableName: 'orders', Key: { pk: { S: 'A' }, sk: { N: '1' } }, ReturnValues: 'ALL_OLD', ConditionExpression: 'attribute_exists(#pk)', ExpressionAttributeNames: { '#pk': 'pk' }, ReturnConsumedCapacity: 'TOTAL' } },
    ]);
    const prod = await ddb(['--prod', 'delete', 'orders', 'A', '1', '--dry-run', ...S], { env: { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_REGION: '', AWS_PROFILE: 'ddb-no-such-profile', AWS_CONFIG_FILE: join(dir, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none') } });
    expect(prod.code, prod.stderr).toBe(0);
    expect(prod.stdout).toMatch(/\n2\. DeleteItem \(write\)\n {3}\{/);
  });

  it('query: the first page as sent (Limit: the items wanted), and how it goes on', async () => {
    const plan = await afterDescribe(['query', 'orders', 'A', '--sk', '>= 2', '--desc', '--limit', '5', ...S]);
    expect(plan.steps).toEqual([
      {
        api: 'Query',
        read: true,
        pages: 'then the next page from each LastEvaluatedKey, until 5 item(s); Limit: the items still missing',
        input: {
          TableName: 'orders',
          KeyConditionExpression: '#n0 = :v0 AND #n1 >= :v1',
          ExpressionAttributeNames: { '#n0': 'pk', '#n1': 'sk' },
          ExpressionAttributeValues: { ':v0': 'A', ':v1': 2 },
          ScanIndexForward: false,
          Limit: 5,
          ReturnConsumedCapacity: 'TOTAL',
        },
      },
    ]);
  });

  it('query with a filter and --limit asks for full pages (the key added to the projection); --count has no Limit', async () => {
    const [filtered] = (await afterDescribe(['query', 'orders', 'X', '--index', 'gsi1', '--filter', 'total >= 100', '--projection', 'total', '--limit', '3', ...S])).steps;
    expect(filtered!.input).toEqual({
      TableName: 'orders',
      IndexName: 'gsi1',
      KeyConditionExpression: '#n0 = :v0',
      FilterExpression: '#n1 >= :v1',
      ProjectionExpression: '#n1, #ddbkey0, #ddbkey1, #ddbkey2',
      ExpressionAttributeNames: { '#n0': 'gsi1pk', '#n1': 'total', '#ddbkey0': 'gsi1pk', '#ddbkey1': 'sk', '#ddbkey2': 'pk' },
      ExpressionAttributeValues: { ':v0': 'X', ':v1': 100 },
      ReturnConsumedCapacity: 'TOTAL',
    });
    expect(filtered!.pages).toContain('full pages');
    const [count] = (await afterDescribe(['query', 'orders', 'X', '--count', ...S])).steps;
    expect(count!.input).toMatchObject({ Select: 'COUNT' });
    expect(count!.input).not.toHaveProperty('Limit');
    expect(count!.pages).toContain('until the key range ends');
  });

  it('scan: one Scan per segment; --limit is the first page’s Limit', async () => {
    const one = await afterDescribe(['scan', 'orders', '--limit', '7', '--filter', 'status = shipped', ...S]);
    expect(one.steps).toHaveLength(1);
    expect(one.steps[0]!.input).toMatchObject({ TableName: 'orders', FilterExpression: '#n0 = :v0', ExpressionAttributeValues: { ':v0': 'shipped' }, Limit: 500 });
    const plain = await afterDescribe(['scan', 'orders', '--limit', '7', ...S]);
    expect(plain.steps[0]!.input).toEqual({ TableName: 'orders', ReturnConsumedCapacity: 'TOTAL', Limit: 7 });
    const parallel = await afterDescribe(['scan', 'orders', '--segments', '3', ...S]);
    expect(parallel.steps.map((s) => [s.input.Segment, s.input.TotalSegments])).toEqual([[0, 3], [1, 3], [2, 3]]);
  });

  it('sql: the ExecuteStatement; a SELECT that would scan is refused in a dry run too (exit 5)', async () => {
    const select = await planOf(['sql', "SELECT * FROM orders WHERE pk = 'A'", '--limit', '10', ...S]);
    expect(select.steps).toEqual([{ api: 'DescribeTable', read: true, input: { TableName: 'orders' } }, { api: 'ExecuteStatement', read: true, pages: 'then the next page from each NextToken, until 10 item(s)', input: { Statement: "SELECT * FROM orders WHERE pk = 'A'", ReturnConsumedCapacity: 'TOTAL', Limit: 10 } }]);
    const filtered = await planOf(['sql', "SELECT * FROM orders WHERE pk = 'A' AND total > 1", ...S]);
    expect(filtered.steps[1]!.input).not.toHaveProperty('Limit'); // a filtered SELECT reads the engine's full pages
    const scan = await ddb(['--endpoint-url', 'http://localhost:1', 'sql', 'SELECT * FROM orders WHERE total > 1', '--dry-run', ...S]);
    expect(scan.code).toBe(5);
    expect(scan.stderr).toContain('refusing to run a statement that may read all of orders');
    // a write needs no key schema: its dry run reads nothing, even of a table the file does not declare
    const insert = await planOf(['sql', "INSERT INTO nowhere VALUE {'pk': 'a'}"]);
    expect(insert.steps).toEqual([{ api: 'DescribeTable', read: true, input: { TableName: 'nowhere' } }, { api: 'ExecuteStatement', read: false, input: { Statement: "INSERT INTO nowhere VALUE {'pk': 'a'}", ReturnConsumedCapacity: 'TOTAL' } }]);
    const del = await planOf(['sql', "DELETE FROM nowhere WHERE pk = 'a'"]);
    expect(del.steps[1]!.input.Statement).toBe("DELETE FROM nowhere WHERE pk = 'a'\nRETURNING ALL OLD *");
  });

  it('the shipped schema declares the messaging table: no --schema needed', async () => {
    const plan = await afterDescribe(['get', 'cruddur-messages', `GRP#${ANDREW}`, '2026-11-25T10:00:00.000Z'], { cwd: dir });
    expect(plan.steps[0]!.input.Key).toEqual({ pk: { S: `GRP#${ANDREW}` }, sk: { S: '2026-11-25T10:00:00.000Z' } });
  });

  it('patterns: a declared pattern, get-conversation by group and by two users, list-conversations', async () => {
    const group = await planOf(['patterns', 'get-conversation', GROUP, '--limit', '5']);
    expect(group.steps).toEqual([
      { api: 'Query', read: true, input: { TableName: 'cruddur-messages', KeyConditionExpression: '#pk = :pk', ExpressionAttributeNames: { '#pk': 'pk' }, ExpressionAttributeValues: { ':pk': `MSG#${GROUP}` }, ScanIndexForward: false, Limit: 5, ReturnConsumedCapacity: 'TOTAL' } },
    ]);
    const two = await planOf(['patterns', 'get-conversation', 'andrewbrown', 'bayko']);
    expect(two.steps.map((s) => [s.api, s.read])).toEqual([['Query', true], ['Query', true]]);
    expect(two.steps[0]!.input).toEqual({ TableName: 'cruddur-messages', KeyConditionExpression: 'pk = :pk', FilterExpression: 'user_uuid = :other', ExpressionAttributeValues: { ':pk': `GRP#${ANDREW}`, ':other': BAYKO }, ScanIndexForward: false, ReturnConsumedCapacity: 'TOTAL' });
    expect(two.steps[1]!.input.ExpressionAttributeValues[':pk']).toMatch(/^MSG#<message_group_uuid of andrewbrown and bayko/);
    const list = await planOf(['patterns', 'list-conversations', '@andrewbrown']);
    expect(list.steps[0]!.input).toMatchObject({ KeyConditionExpression: '#pk = :pk', ExpressionAttributeValues: { ':pk': `GRP#${ANDREW}` }, ScanIndexForward: false, Limit: 20 });
  });

  it('patterns: the writes — create-message and create-conversation — with the steps only some runs send', async () => {
    const message = await planOf(['patterns', 'create-message', GROUP, 'hello', '--from', 'bayko']);
    expect(message.steps.map((s) => [s.api, s.read, Boolean(s.when)])).toEqual([['Query', true, false], ['TransactWriteItems', false, false], ['TransactWriteItems', false, true]]);
    expect(message.steps[1]!.input.TransactItems[0].Put).toMatchObject({ ConditionExpression: 'attribute_not_exists(pk)', Item: { pk: `MSG#${GROUP}`, message: 'hello', user_uuid: BAYKO } });
    const conversation = await planOf(['patterns', 'create-conversation', 'andrewbrown', 'bayko', 'hi']);
    expect(conversation.steps[0]!.input.ExpressionAttributeValues).toEqual({ ':pk': `GRP#${ANDREW}`, ':other': BAYKO });
    expect(conversation.steps[1]!.input.TransactItems).toHaveLength(4);
  });

  it('for people: each request numbered with its API and whether it reads, the JSON of its input, and "nothing sent"', async () => {
    const r = await ddb(['--endpoint-url', 'http://localhost:1', 'get', 'orders', 'A', '1', '--dry-run', ...S]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(['1. DescribeTable (read)', '   {', '     "TableName": "orders"', '   }', '2. GetItem (read)', '   {', '     "TableName": "orders",', '     "Key": {', '       "pk": {', '         "S": "A"', '       },', '       "sk": {', '         "N": "1"', '       }', '     },', '     "ReturnConsumedCapacity": "TOTAL"', '   }', ''].join('\n'));
    expect(r.stderr).toBe('dry run: nothing sent\n');
    const nd = await ddb(['--endpoint-url', 'http://localhost:1', 'patterns', 'create-message', GROUP, 'x', '--from', 'bayko', '--dry-run', '-o', 'ndjson']);
    expect(nd.stdout.trim().split('\n').map((l) => JSON.parse(l).api)).toEqual(['Query', 'TransactWriteItems', 'TransactWriteItems']);
  });
});

describe('a table the schema file does not declare: DescribeTable is the one read a dry run needs', () => {
  it('sent when something answers — the plan says so — and nothing else', async () => {
    const before = seen.length;
    const r = await ddb(['--endpoint-url', recording, 'get', 'undeclared', 'x1', '--dry-run', '-o', 'json', ...S]);
    expect(r.code, r.stderr).toBe(0);
    expect(seen.slice(before)).toEqual(['DynamoDB_20120810.DescribeTable']);
    expect(r.json()).toEqual({ sent: 1, steps: [{ api: 'DescribeTable', read: true, input: { TableName: 'undeclared' } }, { api: 'GetItem', read: true, input: { TableName: 'undeclared', Key: { id: { S: 'x1' } }, ReturnConsumedCapacity: 'TOTAL' } }] });
    const people = await ddb(['--endpoint-url', recording, 'get', 'undeclared', 'x1', '--dry-run', ...S]);
    expect(people.stdout).toMatch(/^1\. DescribeTable \(read; sent to build the plan\)/);
    expect(people.stderr).toContain('dry run: DescribeTable sent to build the plan; nothing else sent');
  });

  it('when nothing answers: one line naming the read and how to do without it, non-zero exit', async () => {
    for (const args of [['get', 'undeclared', 'x'], ['query', 'undeclared', 'x'], ['sql', "SELECT * FROM undeclared WHERE id = 'x'"]]) {
      const r = await ddb(['--endpoint-url', 'http://localhost:1', ...args, '--dry-run', ...S]);
      expect(r.code).toBe(4);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(`--dry-run needs the key schema of undeclared, which only a DescribeTable can tell, and it failed: nothing answers at http://localhost:1`);
      expect(r.stderr).toContain(`declare undeclared in ${SCHEMA}`);
    }
  });
});

describe('drop --dry-run', () => {
  it('the DescribeTable that checks deletion protection, then the DeleteTable; nothing sent, nothing asked', async () => {
    const plan = await planOf(['drop', 'orders']);
    expect(plan.steps).toEqual([
      { api: 'DescribeTable', read: true, input: { TableName: 'orders' } },
      { api: 'DeleteTable', read: false, input: { TableName: 'orders' } },
    ]);
  });
});

describe('seed --dry-run', () => {
  type Batch = { PutRequest?: { Item: Record<string, { S: string }> }; DeleteRequest?: { Key: Record<string, { S: string }> } }[];
  const batchOf = (s: Plan['steps'][number]): Batch => s.input.RequestItems['cruddur-messages'];

  it('the seed files: the DescribeTable, a Query per group item, the deletes only some runs send, then every batch in full', async () => {
    const plan = await planOf(['seed'], { cwd: dir });
    expect(plan.steps.map((s) => s.api)).toEqual(['DescribeTable', 'Query', 'Query', 'Query', 'Query', 'BatchWriteItem', ...Array(6).fill('BatchWriteItem')]);
    expect(plan.steps[1]).toEqual({
      api: 'Query',
      read: true,
      pages: 'then the next page from each LastEvaluatedKey, until the key range ends',
      input: { TableName: 'cruddur-messages', KeyConditionExpression: 'pk = :pk', FilterExpression: 'message_group_uuid = :g', ExpressionAttributeValues: { ':pk': `GRP#${ANDREW}`, ':g': GROUP } },
    });
    const [deletes, ...writes] = plan.steps.slice(5);
    expect(deletes!.when).toContain('finds an older group item');
    expect(batchOf(deletes!)).toEqual([{ DeleteRequest: { Key: { pk: { S: '<pk of the group item found>' }, sk: { S: '<its older sk>' } } } }]);
    // every item of the seed, once: 128 messages and a group item per participant of the 2 conversations, 25 a request
    const items = writes.flatMap((w) => batchOf(w).map((r) => r.PutRequest!.Item));
    expect(writes.map((w) => batchOf(w).length)).toEqual([25, 25, 25, 25, 25, 7]);
    expect(new Set(items.map((i) => `${i.pk!.S} ${i.sk!.S}`)).size).toBe(132);
    expect(items.filter((i) => i.pk!.S.startsWith('MSG#'))).toHaveLength(128);
    expect(items.slice(0, 4).map((i) => i.pk!.S.slice(0, 4))).toEqual(['GRP#', 'GRP#', 'GRP#', 'GRP#']);
    expect(items[0]!.message_group_uuid).toEqual({ S: GROUP });
    expect(writes.map((w) => Boolean(w.when))).toEqual([true, false, false, false, false, false]); // the batch with the group items
    expect(writes.every((w) => w.input.ReturnConsumedCapacity === undefined)).toBe(true); // the writer asks for it against AWS only
  });

  it('a generated load: its first request in full and a count of the rest; --max-wcu makes smaller requests', async () => {
    const plan = await planOf(['seed', '--generate', '5000'], { cwd: dir });
    expect(plan.steps.map((s) => s.api)).toEqual(['DescribeTable', 'BatchWriteItem']);
    expect(batchOf(plan.steps[1]!)).toHaveLength(25);
    expect(plan.steps[1]!.more).toBe('then 203 more BatchWriteItem requests like it: 5,100 items in all, up to 25 a request');
    const paced = await planOf(['seed', '--generate', '30', '--max-wcu', '1'], { cwd: dir });
    expect(batchOf(paced.steps[1]!)).toHaveLength(1);
    expect(paced.steps[1]!.more).toBe('then 31 more BatchWriteItem requests like it: 32 items in all, up to 25 a request');
    const people = await ddb(['--endpoint-url', 'http://localhost:1', 'seed', '--generate', '5000', '--dry-run'], { cwd: dir });
    expect(people.code, people.stderr).toBe(0);
    expect(people.stdout).toMatch(/\n2\. BatchWriteItem \(write; then 203 more BatchWriteItem requests like it: 5,100 items in all, up to 25 a request\)\n {3}\{/);
    // the target is named: the requests depend on it (against AWS each asks for the consumed capacity)
    expect(people.stderr).toBe('→ local DynamoDB at http://localhost:1\ndry run: nothing sent\n');
  });

  it('against AWS: asks nothing, needs no credentials, and each request asks for the consumed capacity as a run would', async () => {
    const prod = await ddb(['--prod', 'seed', '--dry-run', '-o', 'json'], { cwd: dir, env: { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_REGION: '', AWS_PROFILE: 'ddb-no-such-profile', AWS_CONFIG_FILE: join(dir, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none') } });
    expect(prod.code, prod.stderr).toBe(0);
    const writes = prod.json().steps.filter((s: { api: string }) => s.api === 'BatchWriteItem');
    expect(writes).toHaveLength(7);
    expect(writes.every((w: { input: { ReturnConsumedCapacity?: string } }) => w.input.ReturnConsumedCapacity === 'TOTAL')).toBe(true);
  });

  it('a table the schema file does not declare, with nothing answering: the one read it needs, named', async () => {
    const r = await ddb(['--endpoint-url', 'http://localhost:1', 'seed', '--table', 'undeclared', '--dry-run'], { cwd: dir });
    expect(r.code, r.stderr).toBe(4);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('--dry-run needs the key schema of undeclared, which only a DescribeTable can tell');
  });
});

describe('up --dry-run', () => {
  it('the engine it would start (no request), the tables as new, the seed, the read of a conversation; nothing started or sent', async () => {
    const before = seen.length;
    const live = await ddb(['--endpoint-url', recording, 'up', '--dry-run', '-o', 'json'], { cwd: dir });
    expect(live.code, live.stderr).toBe(0);
    expect(seen.slice(before)).toEqual([]);
    expect(live.json().engine.endpoint).toBe(recording);
    const dead = await ddb(['--endpoint-url', 'http://localhost:1', 'up', '--dry-run', '-o', 'json'], { cwd: dir });
    expect(dead.code, dead.stderr).toBe(0);
    const plan = dead.json() as Plan & { engine: { endpoint: string; dataDir: string; when: string } };
    expect(plan.engine).toEqual({ endpoint: 'http://localhost:1', dataDir: join(dir, '.ddb', 'data'), when: 'nothing answers there' });
    expect(plan.steps).toEqual(live.json().steps);
    expect(plan.sent).toBe(0);
    const apis = plan.steps.map((s) => s.api);
    expect(apis.slice(0, 3)).toEqual(['DescribeTable', 'CreateTable', 'DescribeTable']); // the shipped schema: one table, no TTL
    expect(plan.steps[1]!.when).toContain('cruddur-messages does not exist yet');
    expect(plan.steps[1]!.input).toMatchObject({ TableName: 'cruddur-messages', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }] });
    // the seed's plan as `seed --dry-run` prints it, then the conversation `up` shows
    const seed = await planOf(['seed'], { cwd: dir });
    expect(plan.steps.slice(apis.lastIndexOf('DescribeTable'), -1)).toEqual(seed.steps);
    expect(plan.steps.at(-1)).toMatchObject({ api: 'Query', read: true, input: { TableName: 'cruddur-messages', ExpressionAttributeValues: { ':pk': `MSG#${GROUP}` }, Limit: 10 } });
    const people = await ddb(['--endpoint-url', 'http://localhost:1', 'up', '--dry-run'], { cwd: dir });
    expect(people.code, people.stderr).toBe(0);
    expect(people.stdout).toMatch(/^engine: start DynamoDB Local \(dynalite without Java\) at http:\/\/localhost:1 when nothing answers there, data in .*\n1\. DescribeTable \(read\)\n/);
    expect(people.stderr).toBe('→ local DynamoDB at http://localhost:1\ndry run: nothing sent; nothing started\n');
  });
});

describe('ttl sweep --dry-run', () => {
  const TTL = join(dir, 'ttl.json');
  writeFileSync(TTL, JSON.stringify({ tables: [{ name: 'sessions', attributes: { id: 'S' }, keys: { partition: 'id' }, ttl: { attribute: 'expires_at' } }] }));
  const NOW = '2030-01-01T00:00:00Z';
  const now = Date.parse(NOW) / 1000;

  it('a table the schema file declares with TTL: the reads, the exact Scan, and a DeleteItem per expired item as a placeholder', async () => {
    const plan = await planOf(['ttl', 'sweep', 'sessions', '--now', NOW, '--schema', TTL]);
    expect(plan.steps.map((s) => [s.api, s.read])).toEqual([['DescribeTimeToLive', true], ['DescribeTable', true], ['Scan', true], ['DeleteItem', false]]);
    expect(plan.steps[2]!.input).toEqual({
      TableName: 'sessions',
      FilterExpression: '#t BETWEEN :oldest AND :now',
      ProjectionExpression: '#t, #k0',
      ExpressionAttributeNames: { '#t': 'expires_at', '#k0': 'id' },
      ExpressionAttributeValues: { ':oldest': { N: String(now - FIVE_YEARS_SECONDS) }, ':now': { N: String(now) } },
    });
    expect(plan.steps[3]).toEqual({
      api: 'DeleteItem',
      read: false,
      when: 'for each item the Scan finds expired (one DeleteItem each)',
      input: { TableName: 'sessions', Key: { id: { S: '<its id, as read>' } }, ConditionExpression: '#t = :v', ExpressionAttributeNames: { '#t': 'expires_at' }, ExpressionAttributeValues: { ':v': { S: '<its expires_at, as read>' } } },
    });
  });

  it('every table: ListTables, the declared tables with TTL in full, a placeholder for the others; an undeclared table: placeholders', async () => {
    const all = await planOf(['ttl', 'sweep', '--now', NOW, '--schema', TTL]);
    expect(all.steps.map((s) => s.api)).toEqual(['ListTables', 'DescribeTimeToLive', 'DescribeTable', 'Scan', 'DeleteItem', 'DescribeTimeToLive']);
    expect(all.steps[1]!.when).toBe('ListTables names sessions');
    expect(all.steps[5]!.input).toEqual({ TableName: '<each other table ListTables names>' });
    const other = await planOf(['ttl', 'sweep', 'other', '--now', NOW, '--schema', TTL]);
    expect(other.steps[2]!.input.ExpressionAttributeNames).toEqual({ '#t': '<the TTL attribute DescribeTimeToLive names>', '#k0': '<each key attribute DescribeTable names>' });
  });
});

describe('list-tables --dry-run', () => {
  it('ListTables, then a DescribeTable for each table it names (a placeholder)', async () => {
    const plan = await planOf(['list-tables']);
    expect(plan.steps).toEqual([
      { api: 'ListTables', read: true, pages: 'then the next page from each LastEvaluatedTableName, until the last table', input: {} },
      { api: 'DescribeTable', read: true, when: 'for each table ListTables names (8 at a time)', input: { TableName: '<each table ListTables names>' } },
    ]);
  });
});

describe('describe --dry-run', () => {
  it('DescribeTable, then TTL, backups and tags of the ARN it answers', async () => {
    const plan = await planOf(['describe', 'orders']);
    const when = 'DescribeTable finds the table';
    expect(plan).toEqual({
      sent: 0,
      steps: [
        { api: 'DescribeTable', read: true, input: { TableName: 'orders' } },
        { api: 'DescribeTimeToLive', read: true, when, input: { TableName: 'orders' } },
        { api: 'DescribeContinuousBackups', read: true, when, input: { TableName: 'orders' } },
        { api: 'ListTagsOfResource', read: true, when, pages: 'then the next page from each NextToken, until the last tag', input: { ResourceArn: '<the TableArn DescribeTable answers>' } },
      ],
    });
  });
});

describe('export --dry-run', () => {
  it('DescribeTable (its item count cuts the table), then one Scan per segment, paged; no file written', async () => {
    const out = join(dir, 'never.jsonl');
    const plan = await afterDescribe(['export', 'orders', '--segments', '2', '--out', out, ...S]);
    const scan = (Segment: number) => ({ TableName: 'orders', ReturnConsumedCapacity: 'TOTAL', Segment, TotalSegments: 2, Limit: 500 });
    const pages = 'then the next page from each LastEvaluatedKey, until the segment ends; 2 segment(s) in flight';
    expect(plan.steps).toEqual([
      { api: 'Scan', read: true, pages, input: scan(0) },
      { api: 'Scan', read: true, pages, more: "and one more segment like these for every 2,500 items past 5,000 (TotalSegments from DescribeTable's ItemCount)", input: scan(1) },
    ]);
    expect(existsSync(out)).toBe(false);
  });

  it('a table the schema file does not declare: its DescribeTable sent, the table cut by the item count it answers', async () => {
    const before = seen.length;
    const r = await ddb(['--endpoint-url', recording, 'export', 'undeclared', '--segments', '2', '--dry-run', '-o', 'json', ...S]);
    expect(r.code, r.stderr).toBe(0);
    expect(seen.slice(before)).toEqual(['DynamoDB_20120810.DescribeTable']);
    const { sent, steps } = r.json() as Plan;
    expect(sent).toBe(1);
    expect(steps.map((s) => [s.api, s.input.Segment, s.input.TotalSegments, s.more])).toEqual([['DescribeTable', undefined, undefined, undefined], ...[0, 1, 2, 3, 4].map((n) => ['Scan', n, 5, undefined])]);
  });
});
