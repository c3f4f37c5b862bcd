/**
 * The least-privilege IAM policy of the access patterns, read from their plans (./plan.ts): every request a pattern
 * can send becomes what IAM checks — an action on a table or index ARN, with the partition key values it addresses
 * (dynamodb:LeadingKeys) and, where it reads only some attributes, dynamodb:Attributes and dynamodb:Select.
 *
 * - TransactWriteItems is authorized per action inside it: a Put needs dynamodb:PutItem, an Update UpdateItem, a
 *   Delete DeleteItem, a ConditionCheck dynamodb:ConditionCheckItem
 *   (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis-iam.html).
 * - dynamodb:LeadingKeys is the partition key value of what the request addresses: for a Query on an index, the
 *   index's partition key. A template's fixed text before its first placeholder becomes the pattern (`MSG#{group}` →
 *   `MSG#*`); a key that is all placeholder (`{group}`) cannot be limited, so that action gets no LeadingKeys.
 * - One statement per resource and condition: the actions that need the same LeadingKeys on the same table or index
 *   share it; its Sid names the patterns.
 */
import type { SchemaFile, TableSchema } from '../schema/format.js';
import type { IamRequest, PolicyDocument, PolicyStatement } from '../iam/evaluate.js';
import { patternKeys } from './declared.js';
import { fixedPrefix, type PatternPlan, queryPartitionValue, type Step } from './plan.js';
import { tableOf as requestTable } from '../plan/step.js';

/** One request of a pattern, as IAM sees it. */
export interface Need {
  pattern: string;
  /** dynamodb:PutItem, … */
  action: string;
  table: string;
  index?: string;
  /** the partition key value as the plan has it (a template: MSG#{group}) */
  leadingKey?: string;
  /** the fixed text of the partition key value; '' when none (not limitable) */
  prefix: string;
  /** a table's stream (arn …:table/T/stream/*) rather than the table or an index */
  stream?: boolean;
  /** attributes read, when the request names them (ProjectionExpression) */
  attributes?: string[];
  select?: string;
  /** only some calls send it */
  when?: string;
}

export interface ArnPlace {
  partition: string;
  /** undefined: a placeholder (REGION) */
  region?: string;
  account?: string;
}

const REGION_PLACEHOLDER = 'REGION';
const ACCOUNT_PLACEHOLDER = 'ACCOUNT_ID';

export const arnOf = (place: ArnPlace, table: string, index?: string, stream = false): string =>
  `arn:${place.partition}:dynamodb:${place.region ?? REGION_PLACEHOLDER}:${place.account ?? ACCOUNT_PLACEHOLDER}:table/${table}${index ? `/index/${index}` : ''}${stream ? '/stream/*' : ''}`;

/** The ARN a need addresses. */
export const needArn = (n: Need, place: ArnPlace): string => arnOf(place, n.table, n.index, n.stream);

type Names = Record<string, string> | undefined;

/** A key value as text: plain (`MSG#{group}`), or DynamoDB JSON as an item request carries it (`{"S": "…"}`). */
const keyValue = (v: unknown): string | undefined => {
  if (v === undefined) return undefined;
  if (typeof v === 'object' && v !== null && !(v instanceof Uint8Array)) {
    const typed = v as { S?: string; N?: string };
    if (typed.S !== undefined || typed.N !== undefined) return typed.S ?? typed.N;
  }
  return String(v);
};
const named = (names: Names, token: string): string => (token.startsWith('#') ? (names?.[token] ?? token) : token);

const projected = (expression: string | undefined, names: Names): string[] | undefined =>
  expression === undefined ? undefined : expression.split(',').map((p) => named(names, p.trim().split(/[.[]/)[0]!));

const TRANSACT_ACTIONS = { Put: 'dynamodb:PutItem', Update: 'dynamodb:UpdateItem', Delete: 'dynamodb:DeleteItem', ConditionCheck: 'dynamodb:ConditionCheckItem' } as const;

const need = (pattern: string, action: string, table: string, index: string | undefined, leadingKey: string | undefined, when: string | undefined, extra: Pick<Need, 'attributes' | 'select'> = {}): Need => ({
  pattern,
  action,
  table,
  ...(index ? { index } : {}),
  ...(leadingKey !== undefined ? { leadingKey } : {}),
  prefix: leadingKey === undefined ? '' : fixedPrefix(leadingKey),
  ...extra,
  ...(when ? { when } : {}),
});

/** The requests of one step, as IAM sees them. */
export const stepNeeds = (pattern: string, step: Step, tableOf: (name: string) => TableSchema | undefined): Need[] => {
  const partitionOf = (table: string, index?: string) => {
    const schema = tableOf(table);
    return schema ? patternKeys(schema, index)?.partition : undefined;
  };
  switch (step.api) {
    case 'Query': {
      const q = step.input;
      const table = q.TableName!;
      const pk = partitionOf(table, q.IndexName);
      const leading = pk ? queryPartitionValue(q, pk) : undefined;
      const attributes = projected(q.ProjectionExpression, q.ExpressionAttributeNames);
      const select = q.Select ?? (attributes ? 'SPECIFIC_ATTRIBUTES' : undefined);
      return [need(pattern, 'dynamodb:Query', table, q.IndexName, leading, step.when, { ...(attributes ? { attributes } : {}), ...(select ? { select } : {}) })];
    }
    case 'GetItem': {
      const g = step.input;
      const pk = partitionOf(g.TableName!);
      const attributes = projected(g.ProjectionExpression, g.ExpressionAttributeNames);
      return [need(pattern, 'dynamodb:GetItem', g.TableName!, undefined, pk ? keyValue(g.Key?.[pk]) : undefined, step.when, attributes ? { attributes } : {})];
    }
    case 'PutItem':
    case 'UpdateItem':
    case 'DeleteItem': {
      const i = step.input;
      const pk = partitionOf(i.TableName!);
      const values = 'Item' in i ? i.Item : i.Key;
      return [need(pattern, `dynamodb:${step.api}`, i.TableName!, undefined, pk ? keyValue(values?.[pk]) : undefined, step.when)];
    }
    case 'DescribeTable':
      return [need(pattern, 'dynamodb:DescribeTable', step.input.TableName, undefined, undefined, step.when)];
    case 'DescribeStream':
    case 'GetShardIterator':
    case 'GetRecords':
      return [{ ...need(pattern, `dynamodb:${step.api}`, step.input.TableName, undefined, undefined, step.when), stream: true }];
    case 'TransactWriteItems':
      return (step.input.TransactItems ?? []).flatMap((t) =>
        (Object.keys(TRANSACT_ACTIONS) as (keyof typeof TRANSACT_ACTIONS)[]).flatMap((kind) => {
          const action = t[kind] as { TableName?: string; Item?: Record<string, unknown>; Key?: Record<string, unknown> } | undefined;
          if (!action) return [];
          const pk = partitionOf(action.TableName!);
          const value = pk ? (action.Item ?? action.Key)?.[pk] : undefined;
          return [need(pattern, TRANSACT_ACTIONS[kind], action.TableName!, undefined, value === undefined ? undefined : String(value), step.when)];
        }),
      );
    default: {
      // a whole-table read, a PartiQL statement, a table change: the action on the table, no key to limit it by
      const table = requestTable(step);
      return table ? [need(pattern, `dynamodb:${step.api}`, table, step.api === 'Scan' ? step.input.IndexName : undefined, undefined, step.when)] : [];
    }
  }
};

export const planNeeds = (plans: readonly PatternPlan[], schema: SchemaFile): Need[] => {
  const tableOf = (name: string) => schema.tables.find((t) => t.name === name);
  return plans.flatMap((p) => p.steps.flatMap((s) => stepNeeds(p.pattern, s, tableOf)));
};

/** A need as the request IAM evaluates (the template stands for every value it can take). */
export const needRequest = (n: Need, place: ArnPlace): IamRequest => ({
  action: n.action,
  resource: needArn(n, place),
  ...(n.leadingKey !== undefined ? { leadingKeys: [n.leadingKey] } : {}),
  ...(n.attributes ? { attributes: n.attributes } : {}),
  ...(n.select ? { select: n.select } : {}),
});

const pascal = (name: string): string => name.replace(/(^|[^A-Za-z0-9])([A-Za-z0-9])/g, (_, __, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9]/g, '');
const uniq = <T>(xs: readonly T[]): T[] => [...new Set(xs)];

/** What a statement's condition allows for one action on one resource. */
const conditionOf = (needs: readonly Need[]): PolicyStatement['Condition'] | undefined => {
  const condition: Record<string, Record<string, string[]>> = {};
  // Limitable only when every request of the action has a fixed prefix.
  if (needs.every((n) => n.prefix !== '')) condition['ForAllValues:StringLike'] = { 'dynamodb:LeadingKeys': uniq(needs.map((n) => `${n.prefix}*`)).sort() };
  if (needs.every((n) => n.attributes)) {
    (condition['ForAllValues:StringEquals'] ??= {})['dynamodb:Attributes'] = uniq(needs.flatMap((n) => n.attributes!)).sort();
    condition['StringEquals'] = { 'dynamodb:Select': uniq(needs.map((n) => n.select ?? 'SPECIFIC_ATTRIBUTES')) };
  }
  return Object.keys(condition).length ? condition : undefined;
};

/** The policy that allows exactly the needs: one statement per resource and condition, actions sorted. */
export const buildPolicy = (needs: readonly Need[], place: ArnPlace): PolicyDocument => {
  const byResource = new Map<string, Need[]>();
  for (const n of needs) {
    const arn = needArn(n, place);
    byResource.set(arn, [...(byResource.get(arn) ?? []), n]);
  }
  const statements: PolicyStatement[] = [];
  const sids = new Set<string>();
  for (const [arn, resourceNeeds] of byResource) {
    const { index, stream } = resourceNeeds[0]!;
    const groups = new Map<string, { actions: string[]; condition: PolicyStatement['Condition']; patterns: string[] }>();
    for (const action of uniq(resourceNeeds.map((n) => n.action)).sort()) {
      const these = resourceNeeds.filter((n) => n.action === action);
      const condition = conditionOf(these);
      const key = JSON.stringify(condition ?? null);
      const group = groups.get(key) ?? { actions: [], condition, patterns: [] };
      group.actions.push(action);
      group.patterns.push(...these.map((n) => n.pattern));
      groups.set(key, group);
    }
    for (const g of groups.values()) {
      // e.g. CreateMessageCreateConversationDeleteItem, CreateMessageQueryOnMessageGroupSkIndex
      const base = `${uniq(g.patterns).map(pascal).join('')}${g.actions.map((a) => a.replace(/^dynamodb:/, '')).join('')}${index ? `On${pascal(index)}` : ''}${stream ? 'OnStream' : ''}`;
      let sid = base;
      for (let i = 2; sids.has(sid); i++) sid = `${base}${i}`;
      sids.add(sid);
      statements.push({ Sid: sid, Effect: 'Allow', Action: g.actions, Resource: arn, ...(g.condition ? { Condition: g.condition } : {}) });
    }
  }
  return { Version: '2012-10-17', Statement: statements };
};
