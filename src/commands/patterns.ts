/** ddb patterns … — the messaging app's access patterns, each a Query built by src/patterns/. [API: Query] */
import { defineCommand, defineGroup, type Deps } from '../runtime/define.js';
import { positiveInt } from '../runtime/options.js';
import { DdbError } from '../errors.js';
import { DEFAULT_SEED_DIR, DEFAULT_TABLE, projectPath } from '../paths.js';
import { getConversation } from '../patterns/get-conversation.js';
import { listConversations } from '../patterns/list-conversations.js';
import { UUID, resolveUser } from '../patterns/users.js';
import { canonicalTimestamp, parseTimestamp } from '../time.js';
import { groupColumns, itemsView, messageColumns, type PagedItems } from '../render/items.js';
import { requestView } from '../render/requests.js';
import { type Tagged, taggedView } from '../render/view.js';
import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { command as createMessageCommand } from './create-message.js';
import { command as createConversationCommand } from './create-conversation.js';

const timestampOption = (name: string, value: string | undefined): string | undefined => {
  if (value === undefined) return undefined;
  const d = parseTimestamp(value);
  if (!d) throw new DdbError('input.invalid', `${name} "${value}" is not an ISO 8601 timestamp`, { suggestion: 'use e.g. 2026-11-01 or 2026-11-01T10:00:00Z' });
  return canonicalTimestamp(d);
};

type Result = Tagged<{ items: PagedItems; 'dry-run': QueryCommandInput }>;

/** Sends the query (every page up to the limit) or, with --dry-run, returns it unsent. */
const send = async (deps: Deps, input: QueryCommandInput, opts: { dryRun?: boolean; startingToken?: string; limit: number }, next: (token: string) => (string | number)[]): Promise<Result> => {
  if (opts.dryRun) return { kind: 'dry-run', value: input };
  const db = await deps.dynamo();
  await db.requireTable(input.TableName ?? '');
  const { queryUpTo } = await import('../data/query.js');
  const result = await queryUpTo(db, { ...input, Limit: undefined }, { limit: opts.limit, startingToken: opts.startingToken });
  return { kind: 'items', value: { ...result, ...(result.NextToken ? { next: deps.commandLine(...next(result.NextToken)) } : {}) } };
};

interface ConversationInput {
  group?: string;
  users?: [string, string];
  usersDir: string;
  limit: number;
  since?: string;
  until?: string;
  table: string;
  dryRun: boolean;
  startingToken?: string;
}

export const runGetConversation = async (input: ConversationInput, deps: Deps): Promise<Result> => {
  let group = input.group;
  if (!group) {
    const [a, b] = input.users!;
    const [from, to] = [await resolveUser(a, input.usersDir, '--users'), await resolveUser(b, input.usersDir, '--users')];
    const db = await deps.dynamo();
    await db.requireTable(input.table);
    const { findGroupBetween } = await import('../patterns/find-group.js');
    const found = await findGroupBetween(db, input.table, from.uuid, to.uuid);
    if (!found) throw new DdbError('item.notFound', `${a} and ${b} have no conversation in ${input.table}`, { suggestion: `start one with \`ddb patterns create-conversation ${a} ${b} "hello"\`` });
    group = found.message_group_uuid;
  }
  const query = getConversation.toQuery({ table: input.table, messageGroupUuid: group, limit: input.limit, since: input.since, until: input.until });
  const words: (string | number)[] = ['patterns', 'get-conversation', group, '--limit', input.limit, ...(input.since ? ['--since', input.since] : []), ...(input.until ? ['--until', input.until] : []), ...(input.table !== DEFAULT_TABLE ? ['--table', input.table] : [])];
  const result = await send(deps, query, input, (token) => [...words, '--starting-token', token]);
  // Newest first from DynamoDB; people read a conversation oldest-first (sorted by time, whatever the format).
  if (result.kind === 'items') result.value.Items.sort((x, y) => (parseTimestamp(String(x.sk))?.getTime() ?? 0) - (parseTimestamp(String(y.sk))?.getTime() ?? 0));
  return result;
};

interface ListInput {
  user: string;
  usersDir: string;
  limit: number;
  table: string;
  dryRun: boolean;
  startingToken?: string;
}

export const runListConversations = async (input: ListInput, deps: Deps): Promise<Result> => {
  const { uuid } = await resolveUser(input.user, input.usersDir, '--users');
  const words: (string | number)[] = ['patterns', 'list-conversations', input.user, '--limit', input.limit, ...(input.table !== DEFAULT_TABLE ? ['--table', input.table] : [])];
  return send(deps, listConversations.toQuery({ table: input.table, userUuid: uuid, limit: input.limit }), input, (token) => [...words, '--starting-token', token]);
};

interface CommonOptions {
  limit: number;
  table: string;
  users?: string;
  dryRun?: boolean;
  startingToken?: string;
}

const common = (opts: CommonOptions, cwd: string) => ({
  limit: opts.limit,
  table: opts.table,
  usersDir: opts.users ? projectPath(cwd, opts.users) : projectPath(cwd, DEFAULT_SEED_DIR),
  dryRun: Boolean(opts.dryRun),
  startingToken: opts.startingToken,
});

const getConversationCommand = defineCommand({
  name: 'get-conversation',
  description: 'the newest messages of a message group (by its uuid, or the two users of a conversation), printed oldest-first [API: Query]',
  configure: (cmd) =>
    cmd
      .argument('<group_or_user>', 'message group uuid, or a user (uuid or handle) followed by the other user')
      .argument('[other_user]', 'the other user of the conversation')
      .option('--limit <n>', 'messages', positiveInt, 20)
      .option('--since <iso>', 'only messages at or after this time')
      .option('--until <iso>', 'only messages at or before this time')
      .option('--starting-token <token>', 'continue from the NextToken (or "more:" line) of an earlier call')
      .option('--users <dir>', 'folder whose users.json resolves handles (default: seed/)')
      .option('--table <name>', 'table', DEFAULT_TABLE)
      .option('--dry-run', 'print the Query input as JSON and send nothing'),
  input: ([first, second]: [string, string | undefined], opts: CommonOptions & { since?: string; until?: string }, io): ConversationInput => {
    const base = { ...common(opts, io.cwd), since: timestampOption('--since', opts.since), until: timestampOption('--until', opts.until) };
    if (second !== undefined) return { ...base, users: [first, second] };
    if (!UUID.test(first)) {
      throw new DdbError('input.invalid', `"${first}" is not a message group uuid`, { suggestion: 'pass a group uuid (see `ddb patterns list-conversations andrewbrown`), or two users: `ddb patterns get-conversation andrewbrown bayko`' });
    }
    return { ...base, group: first.toLowerCase() };
  },
  run: runGetConversation,
  view: taggedView({ items: itemsView(messageColumns, 'message'), 'dry-run': requestView }),
});

const listConversationsCommand = defineCommand({
  name: 'list-conversations',
  description: "a user's message groups, newest first [API: Query]",
  configure: (cmd) =>
    cmd
      .argument('<user>', 'user uuid or handle (with or without @)')
      .option('--limit <n>', 'message groups', positiveInt, 20)
      .option('--starting-token <token>', 'continue from the NextToken (or "more:" line) of an earlier call')
      .option('--users <dir>', 'folder whose users.json resolves handles (default: seed/)')
      .option('--table <name>', 'table', DEFAULT_TABLE)
      .option('--dry-run', 'print the Query input as JSON and send nothing'),
  input: ([user]: [string], opts: CommonOptions, io): ListInput => ({ ...common(opts, io.cwd), user }),
  run: runListConversations,
  view: taggedView({ items: itemsView(groupColumns, 'conversation'), 'dry-run': requestView }),
});

export const command = defineGroup('patterns', "the messaging app's access patterns (Query and TransactWriteItems, never Scan)", [getConversationCommand, listConversationsCommand, createMessageCommand, createConversationCommand]);
