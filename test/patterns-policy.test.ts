/**
 * `ddb patterns policy` allows exactly what the patterns send: every pattern runs against DynamoDB Local through a
 * proxy that records each request as IAM sees it (action, resource ARN, partition key values — read from the wire, not
 * from ddb's plans), and the policy must allow each of them and grant nothing that none of them used. `ddb audit
 * --policy` on the app's hand-written policy and on dynamodb:* says what it should.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { evaluate, type IamRequest, type PolicyDocument } from '../src/iam/evaluate.js';
import { type FaultProxy, startFaultProxy } from './faults/proxy.js';
import { uniqueName } from './faults/tables.js';
import { ddb } from './helpers/run.js';
import { shippedSchemaAs } from './helpers/schema.js';

const endpoint = inject('endpoint');
const TABLE = uniqueName('policy');
const dir = mkdtempSync(join(tmpdir(), 'ddb-policy-'));
const SCHEMA = shippedSchemaAs(TABLE, dir);
const S = ['--schema', SCHEMA];
const GROUP = '5f12e71c-7f93-4344-8c70-1a94a666713f';
const PLACE = ['--region', 'eu-west-1', '--account', '123456789012'];
const ARN = `arn:aws:dynamodb:eu-west-1:123456789012:table/${TABLE}`;
/** the partition key of the table and of its index, as the shipped schema declares them */
const PARTITION: Record<string, string> = { '': 'pk', 'message-group-sk-index': 'message_group_uuid' };

let proxy: FaultProxy;
/**
 * While set, every TransactWriteItems waits here until `count` of them have arrived (or 20 s): each creator has sent
 * its Query before any transaction is answered, so they race for sure, however the processes were scheduled.
 */
let race: ((operation: string) => Promise<void>) | undefined;
const barrier = (count: number): ((operation: string) => Promise<void>) => {
  let arrived = 0;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const timer = setTimeout(open, 20_000);
  return () => {
    if (++arrived >= count) {
      clearTimeout(timer);
      open();
    }
    return opened;
  };
};
const recorded: IamRequest[] = [];
const others: string[] = [];

const plain = (v: Record<string, string> | undefined): string | undefined => (v ? Object.values(v)[0] : undefined);
const resource = (table: string, index?: string) => `arn:aws:dynamodb:eu-west-1:123456789012:table/${table}${index ? `/index/${index}` : ''}`;

/** A request off the wire as IAM authorizes it: TransactWriteItems is one request per action inside it. */
const asIam = (operation: string, body: any): IamRequest[] => {
  if (operation === 'Query') {
    const names = body.ExpressionAttributeNames ?? {};
    const pk = PARTITION[body.IndexName ?? '']!;
    const clause = String(body.KeyConditionExpression)
      .split(/\s+AND\s+/i)
      .map((c) => /^\s*([#\w]+)\s*=\s*(:\w+)\s*$/.exec(c))
      .find((m) => m && (names[m[1]!] ?? m[1]) === pk)!;
    return [{ action: 'dynamodb:Query', resource: resource(body.TableName, body.IndexName), leadingKeys: [plain(body.ExpressionAttributeValues[clause[2]!])!] }];
  }
  if (operation === 'GetItem') return [{ action: 'dynamodb:GetItem', resource: resource(body.TableName), leadingKeys: [plain(body.Key.pk)!] }];
  if (operation === 'TransactWriteItems') {
    const actions = { Put: 'dynamodb:PutItem', Delete: 'dynamodb:DeleteItem', Update: 'dynamodb:UpdateItem', ConditionCheck: 'dynamodb:ConditionCheckItem' } as Record<string, string>;
    return body.TransactItems.map((t: Record<string, any>) => {
      const [kind, a] = Object.entries(t)[0]!;
      return { action: actions[kind]!, resource: resource(a.TableName), leadingKeys: [plain((a.Item ?? a.Key).pk)!] };
    });
  }
  others.push(operation);
  return [];
};

beforeAll(async () => {
  expect((await ddb(['--endpoint-url', endpoint, 'schema-load', ...S])).code).toBe(0);
  expect((await ddb(['--endpoint-url', endpoint, 'seed', '--table', TABLE])).code).toBe(0);
  proxy = await startFaultProxy(endpoint, { shares: {}, observe: (operation, body) => recorded.push(...asIam(operation, body)), hold: (operation) => (operation === 'TransactWriteItems' ? race?.(operation) : undefined) });
});

afterAll(async () => {
  await proxy?.close();
  await ddb(['--endpoint-url', endpoint, 'drop', TABLE, '--yes']);
  rmSync(dir, { recursive: true, force: true });
});

const policyFor = async (...names: string[]): Promise<PolicyDocument> => {
  const r = await ddb(['patterns', 'policy', ...names, ...S, ...PLACE]);
  expect(r.code, r.stderr).toBe(0);
  return r.json();
};

describe('ddb patterns policy', () => {
  it('allows every request the patterns send, and nothing none of them used', async () => {
    const P = ['--endpoint-url', proxy.url, '--table', TABLE];
    const runs = [
      ['patterns', 'get-conversation', GROUP, ...S],
      ['patterns', 'get-conversation', 'andrewbrown', 'bayko', ...S],
      ['patterns', 'list-conversations', 'andrewbrown', ...S],
      ['patterns', 'create-message', GROUP, 'policy test', '--from', 'bayko'],
      ['patterns', 'create-conversation', 'londo', 'andrewbrown', 'again'], // the pair already talks: create-message
    ];
    for (const args of runs) {
      const r = await ddb([...P.slice(0, 2), ...args, ...P.slice(2)]);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
    // Three creators of one new conversation at once: one wins, the others read its pair marker (GetItem) and join it.
    race = barrier(3);
    const raced = await Promise.all([0, 1, 2].map((i) => ddb([...P.slice(0, 2), 'patterns', 'create-conversation', 'garak', 'bayko', `race ${i}`, ...P.slice(2)]))).finally(() => (race = undefined));
    for (const r of raced) expect(r.code, r.stderr).toBe(0);
    expect(recorded.some((r) => r.action === 'dynamodb:GetItem')).toBe(true);

    const policy = await policyFor();
    // Allowed: each request recorded — the patterns send nothing but their plans' requests (no DescribeTable).
    for (const r of recorded) expect(evaluate(policy, r).allowed, JSON.stringify(r)).toBe(true);
    expect(others).toEqual([]);
    // Nothing else: every action on every resource of every statement, and each LeadingKeys prefix, was used.
    for (const s of policy.Statement) {
      const resources = [s.Resource].flat() as string[];
      for (const action of [s.Action].flat() as string[]) {
        for (const arn of resources) {
          const used = recorded.filter((r) => r.action === action && r.resource === arn);
          expect(used.length, `${s.Sid}: ${action} on ${arn}`).toBeGreaterThan(0);
          const prefixes = (s.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'] ?? []) as string[];
          for (const p of prefixes) expect(used.some((r) => r.leadingKeys!.every((k) => k.startsWith(p.slice(0, -1)))), `${s.Sid}: ${action} ${p}`).toBe(true);
        }
      }
    }
  });

  it('denies what no pattern sends: a Scan, an UpdateItem, a Put outside the key prefixes, another table', async () => {
    const policy = await policyFor();
    expect(policy.Statement.map((s) => s.Sid)).toEqual(expect.arrayContaining(['CreateMessageCreateConversationDeleteItem', 'CreateConversationGetItem']));
    const denied: IamRequest[] = [
      { action: 'dynamodb:Scan', resource: ARN },
      { action: 'dynamodb:UpdateItem', resource: ARN, leadingKeys: [`MSG#${GROUP}`] },
      { action: 'dynamodb:PutItem', resource: ARN, leadingKeys: ['USER#1'] },
      { action: 'dynamodb:DeleteItem', resource: ARN, leadingKeys: [`MSG#${GROUP}`] }, // messages are never deleted
      { action: 'dynamodb:Query', resource: ARN, leadingKeys: ['PAIR#a#b'] },
      { action: 'dynamodb:Query', resource: resource('other-table'), leadingKeys: [`MSG#${GROUP}`] },
      { action: 'dynamodb:DeleteTable', resource: ARN },
    ];
    for (const r of denied) expect(evaluate(policy, r).allowed, JSON.stringify(r)).toBe(false);
  });

  it('for one pattern: only its Query on its key prefix, Sid named after it; placeholders without --region/--account', async () => {
    const one = await ddb(['patterns', 'policy', 'get-conversation', ...S]);
    expect(one.code, one.stderr).toBe(0);
    expect(one.json()).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'GetConversationQuery',
          Effect: 'Allow',
          Action: ['dynamodb:Query'],
          Resource: `arn:aws:dynamodb:REGION:ACCOUNT_ID:table/${TABLE}`,
          Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['MSG#*'] } },
        },
      ],
    });
    expect(one.stderr).toMatch(/the ARNs hold placeholders: REGION \(pass --region\), ACCOUNT_ID \(pass --account\)/);
    const unknown = await ddb(['patterns', 'policy', 'nope', ...S]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no pattern "nope" in .*the patterns are: get-conversation, list-conversations, create-message, create-conversation/);
  });
});

describe('ddb patterns policy --streams', () => {
  it('allows what a stream consumer sends (`ddb streams tail` through the proxy), on the table and its stream', async () => {
    const streamed = uniqueName('policy-streamed');
    const schema = JSON.parse(readFileSync(SCHEMA, 'utf8'));
    Object.assign(schema.tables[0], { name: streamed, stream: 'NEW_AND_OLD_IMAGES' });
    const file = join(dir, 'streamed.json');
    writeFileSync(file, JSON.stringify(schema));
    expect((await ddb(['--endpoint-url', endpoint, 'schema-load', '--schema', file])).code).toBe(0);
    try {
      expect((await ddb(['--endpoint-url', endpoint, 'patterns', 'create-conversation', 'garak', 'londo', 'streamed', '--table', streamed])).code).toBe(0);
      const seen: IamRequest[] = [];
      const stream = (body: any) => `${resource(streamed)}/stream/${String(body.StreamArn ?? 'from-its-iterator').split('/').pop()}`;
      const tap = await startFaultProxy(endpoint, {
        shares: {},
        observe: (operation, body) => {
          if (operation === 'DescribeTable') seen.push({ action: 'dynamodb:DescribeTable', resource: resource(body.TableName) });
          else seen.push({ action: `dynamodb:${operation}`, resource: stream(body) });
        },
      });
      try {
        const tail = await ddb(['--endpoint-url', tap.url, 'streams', 'tail', streamed, '--from-start', '--max-records', '1']);
        expect(tail.code, tail.stderr).toBe(0);
      } finally {
        await tap.close();
      }
      const r = await ddb(['patterns', 'policy', 'list-conversations', '--streams', '--schema', file, ...PLACE]);
      expect(r.code, r.stderr).toBe(0);
      const policy: PolicyDocument = r.json();
      expect([...new Set(seen.map((x) => x.action))].sort()).toEqual(['dynamodb:DescribeStream', 'dynamodb:DescribeTable', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator']);
      for (const x of seen) expect(evaluate(policy, x).allowed, JSON.stringify(x)).toBe(true);
      expect(evaluate(policy, { action: 'dynamodb:GetRecords', resource: `${resource('other')}/stream/x` }).allowed).toBe(false);
    } finally {
      await ddb(['--endpoint-url', endpoint, 'drop', streamed, '--yes']);
    }
  });

  it('without a table whose stream is on: one line, exit 2', async () => {
    const schema = JSON.parse(readFileSync(SCHEMA, 'utf8'));
    schema.tables[0].stream = false;
    const file = join(dir, 'no-stream.json');
    writeFileSync(file, JSON.stringify(schema));
    const r = await ddb(['patterns', 'policy', '--streams', '--schema', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no table in .* turns its stream on, so --streams has nothing to allow/);
  });
});

describe('ddb audit --policy', () => {
  const audit = async (file: string) => {
    const r = await ddb(['audit', '--policy', file, ...S, '-o', 'json']);
    return { code: r.code, checks: r.json().checks as { check: string; status: string; detail: string; fix: string }[] };
  };

  it("the app's hand-written policy: create-conversation's GetItem is missing (fail, exit 7); writes on the index and no LeadingKeys (warn)", async () => {
    const file = join(dir, 'app.json');
    writeFileSync(file, JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:Query'], Resource: [`${ARN}/index/message-group-sk-index`, ARN] }],
    }));
    const { code, checks } = await audit(file);
    expect(code).toBe(7);
    const fails = checks.filter((c) => c.status === 'fail');
    expect(fails).toHaveLength(1);
    expect(fails[0]!.detail).toMatch(/^create-conversation sends GetItem on table .* \(partition key PAIR#\{from\}#\{to\}\) when another creator won the race/);
    expect(fails[0]!.fix).toMatch(/allow dynamodb:GetItem on arn:aws:dynamodb:REGION:ACCOUNT_ID:table\/.* for dynamodb:LeadingKeys PAIR#\*/);
    const warns = checks.filter((c) => c.status === 'warn').map((c) => c.detail);
    expect(warns).toEqual([
      expect.stringMatching(/allows DeleteItem, PutItem on .*\/index\/message-group-sk-index, where no pattern sends them/),
      expect.stringMatching(/sets no dynamodb:LeadingKeys: Query, PutItem, DeleteItem reach every item, though the patterns address only GRP#\*, MSG#\*, PAIR#\*/),
    ]);
  });

  it('dynamodb:* on *: everything the patterns need (no fail, exit 0), and warns of every action and every table', async () => {
    const file = join(dir, 'full.json');
    writeFileSync(file, JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' }] }));
    const { code, checks } = await audit(file);
    expect(code).toBe(0);
    expect(checks.filter((c) => c.status === 'fail')).toEqual([]);
    const warns = checks.filter((c) => c.status === 'warn').map((c) => c.detail).join('\n');
    expect(warns).toMatch(/allows every DynamoDB action \(dynamodb:\*\), DeleteTable and Scan included/);
    expect(warns).toMatch(/allows \*: every table/);
  });

  it('the policy ddb generates: one pass, nothing beyond', async () => {
    const generated = await ddb(['patterns', 'policy', ...S]);
    const file = join(dir, 'generated.json');
    writeFileSync(file, generated.stdout);
    const { code, checks } = await audit(file);
    expect(code).toBe(0);
    expect(checks.map((c) => c.status)).toEqual(['pass']);
  });
});
