/**
 * A pattern's plan (steps of src/plan/step.ts): the requests it sends, `{api, input}` each, in order, reads marked —
 * pure, no I/O. The runs send what these builders build (declared patterns: buildQuery; create-message:
 * groupItemsQuery and messageTransaction; create-conversation: groupBetweenQuery, conversationTransaction, the pair
 * marker's GetItem), `--dry-run` prints
 * them, and the policy (./policy.ts), the cost (./cost.ts) and the generated client (./codegen.ts) are readings of
 * them — no second list of facts about the patterns to keep in step.
 *
 * Built from templates rather than values, a plan says what every call of the pattern sends: a param is `{name}`, a
 * value only a read can tell is `<what it is>` (placeholders never sent). A step that only some calls send says when
 * (`when`); the others are every call's.
 */
import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Plan, Step } from '../plan/step.js';
import { queryStep } from '../reading/query.js';
import type { SchemaFile } from '../schema/format.js';
import { groupItem, messageItem } from '../messaging/items.js';
import { messagingTable } from '../messaging/keys.js';
import type { KnownUser, User } from '../messaging/users.js';
import { conversationTransaction, pairMarkerRead } from './create-conversation.js';
import { groupItemsQuery, messageAloneTransaction, messageTransaction } from './create-message.js';
import { buildQuery, type DeclaredPattern, declaredPatterns, paramSpecs, type ParamValues } from './declared.js';
import { groupBetweenQuery } from './find-group.js';

export type { Step } from '../plan/step.js';

export interface PatternPlan extends Plan {
  pattern: string;
  /** declared in the schema file, or code (create-message, create-conversation) */
  source: 'schema' | 'code';
  /** the table the pattern is declared on (code patterns: the messaging table) */
  table: string;
}

/** A value the plan cannot know before it runs: `{param}` or `<what a read returns>`. */
const PLACEHOLDER = /\{[^}]*\}|<[^>]*>/;

/** The fixed text before a value's first placeholder ('' when it starts with one): `MSG#{group}` → `MSG#`. */
export const fixedPrefix = (value: string): string => {
  const m = PLACEHOLDER.exec(value);
  return m ? value.slice(0, m.index) : value;
};

/** The partition key's value in a Query's KeyConditionExpression (`#pk = :pk AND …`). */
export const queryPartitionValue = (q: QueryCommandInput, partition: string): string | undefined => {
  for (const clause of (q.KeyConditionExpression ?? '').split(/\s+AND\s+/i)) {
    const m = /^\s*\(?\s*([#\w.]+)\s*=\s*(:\w+)\s*\)?\s*$/.exec(clause);
    const name = m && (m[1]!.startsWith('#') ? q.ExpressionAttributeNames?.[m[1]!] : m[1]);
    if (m && name === partition) return String(q.ExpressionAttributeValues?.[m[2]!]);
  }
  return undefined;
};

/** Every param as its own template: `{group}`. */
const templateValues = (d: DeclaredPattern): ParamValues => Object.fromEntries(paramSpecs(d.pattern).map((p) => [p.name, `{${p.name}}`]));

/** A declared pattern: one Query. */
export const declaredPlan = (d: DeclaredPattern, values: ParamValues = templateValues(d), opts: { limit?: number; tableName?: string } = {}): PatternPlan => ({
  pattern: d.name,
  source: 'schema',
  table: d.table.name,
  steps: [{ api: 'Query', input: buildQuery(d.table, d.pattern, values, opts), read: true }],
});

const FROM_QUERY = '<from the Query>';
const OTHER = '<the other participant, from the Query>';
const THEIR_SK = '<its sk, from the Query>';

/** create-message: the group items from the index, then the message and both groups moved to it, in one transaction. */
export const createMessagePlan = (input: { table: string; group: string; sender: User; text: string; at?: string; messageUuid?: string }): PatternPlan => {
  const { table, group, sender } = input;
  const mine = groupItem(group, sender.uuid, { uuid: OTHER, display_name: FROM_QUERY, handle: FROM_QUERY }, { sk: THEIR_SK });
  const theirs = groupItem(group, OTHER, { uuid: sender.uuid, display_name: sender.display_name ?? FROM_QUERY, handle: sender.handle ?? FROM_QUERY }, { sk: THEIR_SK });
  // the sender as the other participant's group item names them (users.json may not know their handle or name)
  const named = { ...sender, display_name: theirs.user_display_name, handle: theirs.user_handle };
  const item = messageItem(group, input.at ?? '<now: ISO 8601 UTC with ms, later than both group sk>', input.messageUuid ?? '<random uuid>', input.text, named);
  return {
    pattern: 'create-message',
    source: 'code',
    table,
    steps: [
      queryStep(groupItemsQuery(table, group)),
      { api: 'TransactWriteItems', input: messageTransaction(table, [mine, theirs], item), read: false },
      {
        api: 'TransactWriteItems',
        input: messageAloneTransaction(table, item),
        read: false,
        when: 'a retry after a newer message moved both groups past this one: the message alone',
      },
    ],
  };
};

/**
 * create-conversation: the read that finds a conversation the two already have, then the new one in one transaction;
 * a creator who loses the race reads the winner's pair marker, and the message joins an existing conversation the
 * way create-message adds it.
 */
export const createConversationPlan = (input: { table: string; from: KnownUser; to: KnownUser; text: string }): PatternPlan => {
  const { table, from, to } = input;
  const group = '<new random uuid>';
  const message = messageItem(group, '<now: ISO 8601 UTC with ms>', '<random uuid>', input.text, from);
  const joins = createMessagePlan({ table, group: '<the group found>', sender: from, text: input.text }).steps;
  return {
    pattern: 'create-conversation',
    source: 'code',
    table,
    steps: [
      queryStep(groupBetweenQuery(table, from.uuid, to.uuid)),
      { api: 'TransactWriteItems', input: conversationTransaction(table, group, from, to, message), read: false },
      { api: 'GetItem', input: pairMarkerRead(table, from.uuid, to.uuid), read: true, when: 'another creator won the race: its pair marker names the group' },
      ...joins.map((s): Step => ({ ...s, when: `the two already have a conversation (or lost the race): create-message${s.when ? `, ${s.when}` : ''}` })),
    ],
  };
};

/**
 * A stream consumer (`ddb streams tail TABLE`, or the app's stream function reading the same stream): the table's
 * stream ARN from DescribeTable, then DescribeStream, GetShardIterator and GetRecords on that stream. Not an access
 * pattern: the policy includes it only when asked (`ddb patterns policy --streams`).
 */
export const streamsTailPlan = (table: string): PatternPlan => {
  const stream = '<the table\'s LatestStreamArn>';
  return {
    pattern: 'streams-tail',
    source: 'code',
    table,
    steps: [
      { api: 'DescribeTable', input: { TableName: table }, read: true },
      { api: 'DescribeStream', input: { TableName: table, StreamArn: stream }, read: true },
      { api: 'GetShardIterator', input: { TableName: table, StreamArn: stream }, read: true },
      { api: 'GetRecords', input: { TableName: table, ShardIterator: '<from GetShardIterator>' }, read: true },
    ],
  };
};

/** The patterns ddb runs with code (their plans below); the schema file may give them a rate (`codePatterns`). */
export const CODE_PATTERNS = ['create-message', 'create-conversation'] as const;

/** The code patterns' plans from templates: who sends, to whom, what — as `{param}`. */
const codePlans = (table: string): PatternPlan[] => {
  const user = (name: string): KnownUser => ({ uuid: `{${name}}`, handle: `{${name}_handle}`, display_name: `{${name}_display_name}` });
  return [
    createMessagePlan({ table, group: '{message_group_uuid}', sender: user('from'), text: '{message}' }),
    createConversationPlan({ table, from: user('from'), to: user('to'), text: '{message}' }),
  ];
};

/**
 * Every pattern of the file as a plan from templates: the declared ones, then the code ones on the table that holds
 * the messaging app's group index (none when the file has no such table).
 */
export const allPlans = (schema: SchemaFile): PatternPlan[] => {
  const messaging = messagingTable(schema);
  return [...declaredPatterns(schema).map((d) => declaredPlan(d)), ...(messaging ? codePlans(messaging.name) : [])];
};
