/** The pure layer under policy, cost and codegen: plans, IAM evaluation, the policy of a plan, the cost arithmetic, codegen's literals. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluate, type PolicyDocument } from '../src/iam/evaluate.js';
import { checkPatterns } from '../src/patterns/check.js';
import { literal } from '../src/patterns/codegen.js';
import { estimateCost, type PriceTable } from '../src/patterns/cost.js';
import { allPlans, fixedPrefix } from '../src/patterns/plan.js';
import { buildPolicy, planNeeds, stepNeeds } from '../src/patterns/policy.js';
import type { SchemaFile } from '../src/schema/format.js';
import { validateSchema } from '../src/schema/validate.js';

const parse = (data: unknown): SchemaFile => validateSchema(data).schema!;
const shipped = parse(JSON.parse(readFileSync(new URL('../schema/tables.json', import.meta.url), 'utf8')));
const table = shipped.tables[0]!;
const ARN = 'arn:aws:dynamodb:eu-west-1:1:table/cruddur-messages';

describe('plans', () => {
  it('the fixed text of a template is what comes before its first placeholder', () => {
    expect(['MSG#{group}', '{group}', 'GRP#<the other participant>', 'PAIR#{a}#{b}', 'PAIR'].map(fixedPrefix)).toEqual(['MSG#', '', 'GRP#', 'PAIR#', 'PAIR']);
  });

  it('every pattern of the shipped schema, declared and code, with the steps only some calls send marked', () => {
    const plans = allPlans(shipped);
    expect(plans.map((p) => [p.pattern, p.steps.map((s) => `${s.api}${s.when ? '?' : ''}`)])).toEqual([
      ['get-conversation', ['Query']],
      ['list-conversations', ['Query']],
      ['create-message', ['Query', 'TransactWriteItems', 'TransactWriteItems?']],
      ['create-conversation', ['Query', 'TransactWriteItems', 'GetItem?', 'Query?', 'TransactWriteItems?', 'TransactWriteItems?']],
    ]);
  });

  it('a rate for a pattern ddb does not run with code is a problem of `patterns check`', () => {
    const schema = parse({ ...shipped, tables: [{ ...JSON.parse(JSON.stringify(table)), codePatterns: { 'create-message': { rate: 1 }, nope: { rate: 1 } } }] });
    expect(checkPatterns(schema).map((p) => p.path)).toEqual(['tables[0].codePatterns.nope']);
  });
});

describe('IAM evaluation', () => {
  const policy: PolicyDocument = {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: 'dynamodb:Query', Resource: ARN, Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['MSG#*'] } } },
      { Effect: 'Allow', Action: ['dynamodb:Get*'], Resource: `${ARN}*` },
      { Effect: 'Deny', Action: 'dynamodb:GetItem', Resource: ARN, Condition: { 'ForAnyValue:StringEquals': { 'dynamodb:LeadingKeys': ['SECRET'] } } },
    ],
  };
  it.each([
    ['a Query on MSG#', { action: 'dynamodb:Query', resource: ARN, leadingKeys: ['MSG#1'] }, true],
    ['a Query on GRP#', { action: 'dynamodb:Query', resource: ARN, leadingKeys: ['GRP#1'] }, false],
    ['a Query on the index', { action: 'dynamodb:Query', resource: `${ARN}/index/i`, leadingKeys: ['MSG#1'] }, false],
    ['a wildcard action, any case', { action: 'DynamoDB:GetItem', resource: ARN, leadingKeys: ['A'] }, true],
    ['an explicit Deny', { action: 'dynamodb:GetItem', resource: ARN, leadingKeys: ['SECRET'] }, false],
    ['an action not granted', { action: 'dynamodb:PutItem', resource: ARN, leadingKeys: ['MSG#1'] }, false],
  ])('%s', (_what, request, allowed) => expect(evaluate(policy, request).allowed).toBe(allowed));

  it('a resource of another region or account matches only when those are not known', () => {
    const other = { action: 'dynamodb:Query', resource: 'arn:aws:dynamodb:REGION:ACCOUNT_ID:table/cruddur-messages', leadingKeys: ['MSG#1'] };
    expect([evaluate(policy, other).allowed, evaluate(policy, other, true).allowed]).toEqual([false, true]);
  });

  it('a statement it cannot evaluate never allows', () => {
    expect(evaluate({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotAction: 'dynamodb:Scan', Resource: '*' }] }, { action: 'dynamodb:Query', resource: ARN }).allowed).toBe(false);
  });
});

describe('the policy of a plan', () => {
  it('a Query that names its attributes gets dynamodb:Attributes and Select', () => {
    const needs = stepNeeds('p', { api: 'Query', read: true, input: { TableName: 'cruddur-messages', KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'MSG#{g}' }, ProjectionExpression: '#m, sk', ExpressionAttributeNames: { '#m': 'message' } } }, () => table);
    expect(buildPolicy(needs, { partition: 'aws', region: 'eu-west-1', account: '1' }).Statement).toEqual([
      {
        Sid: 'PQuery',
        Effect: 'Allow',
        Action: ['dynamodb:Query'],
        Resource: ARN,
        Condition: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['MSG#*'] },
          'ForAllValues:StringEquals': { 'dynamodb:Attributes': ['message', 'sk'] },
          StringEquals: { 'dynamodb:Select': ['SPECIFIC_ATTRIBUTES'] },
        },
      },
    ]);
  });

  it("TransactWriteItems is one need per action inside it, each with its item's partition key", () => {
    const needs = planNeeds(allPlans(shipped).filter((p) => p.pattern === 'create-message'), shipped).filter((n) => !n.when);
    expect(needs.map((n) => `${n.action} ${n.index ?? n.table} ${n.prefix}`)).toEqual([
      'dynamodb:Query message-group-sk-index ',
      'dynamodb:PutItem cruddur-messages MSG#',
      'dynamodb:DeleteItem cruddur-messages GRP#',
      'dynamodb:PutItem cruddur-messages GRP#',
      'dynamodb:DeleteItem cruddur-messages GRP#',
      'dynamodb:PutItem cruddur-messages GRP#',
    ]);
  });
});

describe('the cost arithmetic', () => {
  const prices: PriceTable = { date: 'd', source: 's', currency: 'USD', regions: { r: { onDemand: { readRequestUnitsPerMillion: 0.25, writeRequestUnitsPerMillion: 1.25 }, provisioned: { rcuHour: 0.0001, wcuHour: 0.0005 } } } };
  const item = (pk: string, sk: string, bytes: number, extra: Record<string, unknown> = {}) => ({ pk, sk, message: 'x'.repeat(bytes), ...extra });
  // 3 conversations of 30 messages of ~1 KB; 2 group items each
  const items = [
    ...[0, 1, 2].flatMap((c) => Array.from({ length: 30 }, (_, i) => item(`MSG#${c}`, `t${i}`, 1000))),
    ...[0, 1, 2].flatMap((c) => [item(`GRP#a${c}`, 't', 100, { message_group_uuid: `g${c}` }), item(`GRP#b${c}`, 't', 100, { message_group_uuid: `g${c}` })]),
  ];
  const report = estimateCost(allPlans(shipped), shipped, items, { rates: { 'get-conversation': 10, 'create-message': 1 }, region: 'r', mode: 'on-demand', prices, sizes: 'test' });
  const by = Object.fromEntries(report.patterns.map((p) => [p.pattern, p]));

  it('a Query: the limit × the average item, rounded up to 4 KB, halved', () => {
    // 20 × 1,019 B = 20,380 B → 5 × 4 KB → 2.5 RRU
    expect(by['get-conversation']!.readUnits).toBe(2.5);
  });

  it('a transaction: each item twice, plus a write in the index for each group item removed or added', () => {
    // message ~1 KB → 1 ×2, groups 1 each ×2 ×4, index 4
    expect(by['create-message']!.writeUnits).toBe(2 + 8 + 4);
  });

  it('the month and the money', () => {
    const p = by['get-conversation']!;
    expect(p.month.calls).toBe(10 * 730 * 3600);
    expect(p.money['on-demand']).toBeCloseTo((10 * 730 * 3600 * 2.5 * 0.25) / 1e6, 9);
    expect(p.money.provisioned).toBeCloseTo(10 * 2.5 * 0.0001 * 730, 9);
    expect(by['list-conversations']!.money['on-demand']).toBe(0); // no rate
  });
});

describe('codegen literals', () => {
  it.each([
    ['{group}', 'group'],
    ['MSG#{group}', '`MSG#${group}`'],
    ['a `b` ${c} {d}', '`a \\`b\\` $${c} ${d}`'], // "$" then the value of c: {c} is a placeholder, as ddb fills it
    ['a${ {d}', '`a\\${ ${d}`'],
    ['plain', '"plain"'],
  ])('%s', (value, code) => expect(literal(value)).toBe(code));
});
