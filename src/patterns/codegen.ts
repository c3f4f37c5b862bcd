/**
 * `ddb patterns codegen`: a TypeScript module with one typed async function per access pattern, using only
 * @aws-sdk/lib-dynamodb, so the application calls what the schema file declares instead of writing the queries again.
 * Pure: the schema file and the plans in, the module's text out (the same input gives the same text, which is how
 * `--check` sees a stale file).
 *
 * A declared pattern's function is its plan (./plan.ts) evaluated once for each combination of its optional params
 * (a between with one side given becomes >= or <=, as ddb runs it), with each `{param}` turned into the function's
 * parameter; it pages with NextToken and returns the items in the declared display order. The write patterns
 * (create-message, create-conversation) are their transactions, written here as code, with the table, index, key
 * prefixes and conditions taken from their plans; createMessage retries a transaction a concurrent write cancelled
 * (without ddb's shortcut for a writer a newer message overtook), createConversation makes one attempt.
 */
import { GROUP_MESSAGE_CHARS } from '../messaging/items.js';
import { type DeclaredPattern, declaredPatterns, keyConditionText, type ParamSpec, paramSpecs } from './declared.js';
import { allPlans, declaredPlan, fixedPrefix } from './plan.js';
import type { SchemaFile, TableSchema } from '../schema/format.js';
import type { QueryCommandInput, TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';

const camel = (name: string): string => name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const pascal = (name: string): string => camel(name).replace(/^./, (c) => c.toUpperCase());
const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const key = (k: string): string => (IDENT.test(k) ? k : JSON.stringify(k));

const PARAM = /\{([A-Za-z][A-Za-z0-9_]*)\}/g;

/** A value of the plan as TypeScript: `{group}` → group, `MSG#{group}` → `MSG#${group}`, anything else as JSON. */
export const literal = (value: unknown, indent = ''): string => {
  if (typeof value === 'string') {
    const whole = /^\{([A-Za-z][A-Za-z0-9_]*)\}$/.exec(value);
    if (whole) return whole[1]!;
    const parts = value.split(PARAM); // text, param, text, param, …, text
    if (parts.length === 1) return JSON.stringify(value);
    const text = (t: string) => t.replace(/[\\`]/g, (ch) => `\\${ch}`).replace(/\$\{/g, '\\${');
    return '`' + parts.map((part, i) => (i % 2 ? `\${${part}}` : text(part))).join('') + '`';
  }
  if (Array.isArray(value)) return `[${value.map((v) => literal(v, indent)).join(', ')}]`;
  if (value && typeof value === 'object') {
    const inner = `${indent}  `;
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{\n${entries.map(([k, v]) => `${inner}${key(k)}: ${literal(v, inner)},`).join('\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
};

const TS_TYPES: Record<ParamSpec['type'], string> = { uuid: 'string', timestamp: 'string', string: 'string', user: 'string', number: 'number' };
const PARAM_DOCS: Record<ParamSpec['type'], string> = {
  uuid: 'a uuid (lower case, as stored)',
  timestamp: 'an ISO 8601 timestamp as stored (UTC with milliseconds: 2026-11-15T16:08:18.360Z)',
  string: 'text',
  number: 'a number',
  user: "a user's uuid",
};
const ATTRIBUTE_TYPES: Record<string, string> = { S: 'string', N: 'number', B: 'Uint8Array' };

/** The item type: the key attributes of the table (and index) with their declared types, then the declared columns. */
const itemType = (d: DeclaredPattern): string => {
  const t = d.table;
  const gsi = t.globalSecondaryIndexes.find((i) => i.name === d.pattern.query.index);
  const keys = [...new Set([t.keys.partition, t.keys.sort, gsi?.keys.partition, gsi?.keys.sort].filter((k): k is string => Boolean(k)))];
  const columns = (d.pattern.columns ?? []).map((c) => (typeof c === 'string' ? c : c.attribute)).filter((c) => !keys.includes(c));
  return [
    `export interface ${pascal(d.name)}Item {`,
    ...keys.map((k) => `  ${key(k)}: ${ATTRIBUTE_TYPES[t.attributes[k] ?? ''] ?? 'unknown'};`),
    // a column the table types (an index key) gets its type; the others are whatever the items hold
    ...columns.map((c) => `  ${key(c)}?: ${ATTRIBUTE_TYPES[t.attributes[c] ?? ''] ?? 'unknown'};`),
    '  [attribute: string]: unknown;',
    '}',
  ].join('\n');
};

/** Every combination of the optional params, those given first: the Query each sends. */
const variants = (d: DeclaredPattern): { given: string[]; input: QueryCommandInput }[] => {
  const specs = paramSpecs(d.pattern);
  const optional = specs.filter((p) => p.optional).map((p) => p.name);
  const out: { given: string[]; input: QueryCommandInput }[] = [];
  for (let mask = (1 << optional.length) - 1; mask >= 0; mask--) {
    const given = optional.filter((_, i) => mask & (1 << i));
    const values = Object.fromEntries(specs.filter((p) => !p.optional || given.includes(p.name)).map((p) => [p.name, `{${p.name}}`]));
    const { Limit: _limit, ReturnConsumedCapacity: _rcc, ...input } = declaredPlan(d, values).steps[0]!.input as QueryCommandInput;
    out.push({ given, input });
  }
  return out;
};

const declaredFunction = (d: DeclaredPattern): string => {
  const specs = paramSpecs(d.pattern);
  const name = camel(d.name);
  const type = pascal(d.name);
  const limit = (declaredPlan(d).steps[0]!.input as QueryCommandInput).Limit;
  const reversed = (d.pattern.query.display ?? (d.pattern.query.newestFirst ? 'newestFirst' : 'oldestFirst')) !== (d.pattern.query.newestFirst ? 'newestFirst' : 'oldestFirst');
  const branches = variants(d);
  const body = branches.length === 1
    ? `  const input: QueryCommandInput = ${literal(branches[0]!.input, '  ')};`
    : [
        '  let input: QueryCommandInput;',
        ...branches.map((b, i) => {
          const test = b.given.map((g) => `${g} !== undefined`).join(' && ');
          const head = i === 0 ? `  if (${test}) ` : i === branches.length - 1 ? '  else ' : `  else if (${test}) `;
          return `${head}input = ${literal(b.input, '  ')};`;
        }),
      ].join('\n');
  return [
    `export interface ${type}Params {`,
    ...specs.map((p) => `  /** ${PARAM_DOCS[p.type]} */\n  ${key(p.name)}${p.optional ? '?' : ''}: ${TS_TYPES[p.type]};`),
    '}',
    '',
    itemType(d),
    '',
    `/** ${d.pattern.description}. Query on ${d.table.name}${d.pattern.query.index ? ` index ${d.pattern.query.index}` : ''}: ${keyConditionText(d.table, d.pattern)}. */`,
    `export async function ${name}(client: DynamoDBDocumentClient, params: ${type}Params, options: PageOptions = {}): Promise<Page<${type}Item>> {`,
    `  const { ${specs.map((p) => p.name).join(', ')} } = params;`,
    body,
    `  const page = await queryPages<${type}Item>(client, { ...input, TableName: options.tableName ?? input.TableName }, options.limit ?? ${limit}, options.nextToken);`,
    ...(reversed ? ['  page.Items.reverse(); // the declared display order'] : []),
    '  return page;',
    '}',
  ].join('\n');
};

const HEADER = (file: string) => `/**
 * Generated by \`ddb patterns codegen\` from ${file}: one function per access pattern. Do not edit — change the schema
 * file and generate it again (\`ddb patterns codegen --out FILE --check\` fails when this file is out of date).
 * Needs only @aws-sdk/lib-dynamodb (and Node's Buffer for page tokens).
 */
import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';

export interface Page<T> {
  Items: T[];
  /** pass as options.nextToken for the next page; absent on the last */
  NextToken?: string;
}

export interface PageOptions {
  /** items wanted (every page up to this many) */
  limit?: number;
  nextToken?: string;
  /** another table with the same keys */
  tableName?: string;
}

const encodeToken = (key: Record<string, unknown>): string => Buffer.from(JSON.stringify(key)).toString('base64url');
const decodeToken = (token: string): Record<string, unknown> => JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Record<string, unknown>;

/** Every page up to \`limit\` items (DynamoDB stops a page at 1 MB whatever Limit says). */
async function queryPages<T>(client: DynamoDBDocumentClient, input: QueryCommandInput, limit: number, nextToken?: string): Promise<Page<T>> {
  const items: T[] = [];
  let start: Record<string, unknown> | undefined = nextToken ? decodeToken(nextToken) : undefined;
  do {
    const page = await client.send(new QueryCommand({ ...input, Limit: limit - items.length, ExclusiveStartKey: start }));
    items.push(...((page.Items ?? []) as T[]));
    start = page.LastEvaluatedKey;
  } while (start && items.length < limit);
  return start ? { Items: items, NextToken: encodeToken(start) } : { Items: items };
}
`;

type Put = { TableName?: string; Item?: Record<string, unknown>; ConditionExpression?: string };
type Delete = { TableName?: string; Key?: Record<string, unknown>; ConditionExpression?: string };

/** The write patterns, with the index, key prefixes and conditions of their plans. */
const writeFunctions = (schema: SchemaFile, table: TableSchema): string => {
  const plans = allPlans(schema).filter((p) => p.source === 'code');
  const message = plans.find((p) => p.pattern === 'create-message')!;
  const conversation = plans.find((p) => p.pattern === 'create-conversation')!;
  const query = message.steps[0]!.input as QueryCommandInput;
  const tx = (message.steps[1]!.input as TransactWriteCommandInput).TransactItems!;
  const [messagePut, groupDelete, groupPut] = [tx[0]!.Put as Put, tx[1]!.Delete as Delete, tx[2]!.Put as Put];
  const marker = ((conversation.steps[1]!.input as TransactWriteCommandInput).TransactItems![0]!.Put as Put).ConditionExpression!;
  const between = conversation.steps[0]!.input as QueryCommandInput;
  const c = JSON.stringify;
  // the key prefixes, as the plans write them
  const [msg, grp, pair] = [String(messagePut.Item!.pk), String(groupDelete.Key!.pk), String((conversation.steps[1]!.input as TransactWriteCommandInput).TransactItems![0]!.Put!.Item!.pk)].map(fixedPrefix);
  return `
export interface User {
  uuid: string;
  handle: string;
  display_name: string;
}

export interface MessageItem {
  pk: string;
  sk: string;
  message_uuid: string;
  message: string;
  user_uuid: string;
  user_display_name: string;
  user_handle: string;
}

export interface GroupItem {
  pk: string;
  sk: string;
  message_group_uuid: string;
  message: string;
  user_uuid: string;
  user_display_name: string;
  user_handle: string;
}

const TABLE = ${c(table.name)};
/** group items hold the last message shortened to this many characters */
const GROUP_MESSAGE_CHARS = ${GROUP_MESSAGE_CHARS};
const shorten = (text: string): string => {
  const chars = [...text.replace(/\\s+/g, ' ')];
  return chars.length <= GROUP_MESSAGE_CHARS ? chars.join('') : \`\${chars.slice(0, GROUP_MESSAGE_CHARS - 1).join('')}…\`;
};
/** now, or 1 ms after the latest group's sk when now is not later: a group's sk only moves forward */
const messageTime = (now: Date, groups: readonly { sk: string }[]): string =>
  new Date(Math.max(now.getTime(), ...groups.map((g) => Date.parse(g.sk) + 1).filter((t) => !Number.isNaN(t)))).toISOString();

/** Attempts of a write (each reads again): a transaction a concurrent write cancelled wrote nothing, so it is retried. */
const MAX_ATTEMPTS = 10;
const retryable = (error: unknown): boolean =>
  (error as { name?: string }).name === 'TransactionCanceledException' &&
  ((error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).every((r) => ['None', 'ConditionalCheckFailed', 'TransactionConflict'].includes(r.Code ?? 'None'));
/** full jitter: a random wait up to 20 ms × 2^attempt, at most 1 s */
const pause = (attempt: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(1000, 20 * 2 ** attempt)));

/**
 * create-message: the message, and both participants' group items moved to it, in one TransactWriteItems. Reads the
 * two group items from ${query.IndexName}; throws when the group does not exist or the sender is not in it. A
 * transaction cancelled by a concurrent write (nothing written) is read again and retried, up to MAX_ATTEMPTS times,
 * at a time later than the one tried.
 */
export async function createMessage(client: DynamoDBDocumentClient, params: { group: string; from: User; text: string; now?: Date }, options: { tableName?: string } = {}): Promise<MessageItem> {
  const table = options.tableName ?? TABLE;
  const { group, from, text } = params;
  const messageUuid = crypto.randomUUID();
  let tried: string | undefined;
  for (let attempt = 1; ; attempt++) {
    const read = await client.send(new QueryCommand({ TableName: table, IndexName: ${c(query.IndexName)}, KeyConditionExpression: ${c(query.KeyConditionExpression)}, ExpressionAttributeValues: { ':g': group } }));
    const groups = (read.Items ?? []) as GroupItem[];
    if (groups.length === 0) throw new Error(\`no message group \${group} in \${table}\`);
    if (!groups.some((g) => g.pk === \`${grp}\${from.uuid}\`)) throw new Error(\`\${from.handle} is not one of the participants of \${group}\`);
    if (groups.length === 2) {
      const item: MessageItem = {
        pk: \`${msg}\${group}\`,
        sk: messageTime(params.now ?? new Date(), tried ? [...groups, { sk: tried }] : groups),
        message_uuid: messageUuid,
        message: text,
        user_uuid: from.uuid,
        user_display_name: from.display_name,
        user_handle: from.handle,
      };
      tried = item.sk;
      const moved = groups.flatMap((old): NonNullable<TransactWriteCommandInput['TransactItems']> => {
        const next = { ...old, sk: item.sk, message: shorten(text) };
        if (old.sk === item.sk) return [{ Put: { TableName: table, Item: next, ConditionExpression: 'attribute_exists(pk)' } }];
        return [
          { Delete: { TableName: table, Key: { pk: old.pk, sk: old.sk }, ConditionExpression: ${c(groupDelete.ConditionExpression)} } },
          { Put: { TableName: table, Item: next, ConditionExpression: ${c(groupPut.ConditionExpression)} } },
        ];
      });
      try {
        await client.send(new TransactWriteCommand({ TransactItems: [{ Put: { TableName: table, Item: item, ConditionExpression: ${c(messagePut.ConditionExpression)} } }, ...moved] }));
        return item;
      } catch (error) {
        if (!retryable(error) || attempt >= MAX_ATTEMPTS) throw error;
      }
    } else if (attempt >= MAX_ATTEMPTS) {
      throw new Error(\`message group \${group} does not have one group item per participant (\${groups.length})\`);
    }
    await pause(attempt); // (or a concurrent write half seen by the index: read again)
  }
}

/**
 * create-conversation: two users' first message — the pair marker, the message and both group items in one
 * TransactWriteItems, each only if absent. When the two already have a conversation, the message is added to it.
 */
export async function createConversation(client: DynamoDBDocumentClient, params: { from: User; to: User; text: string; now?: Date }, options: { tableName?: string } = {}): Promise<{ group: string; existing: boolean; item: MessageItem }> {
  const table = options.tableName ?? TABLE;
  const { from, to, text } = params;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new QueryCommand({ TableName: table, KeyConditionExpression: ${c(between.KeyConditionExpression)}, FilterExpression: ${c(between.FilterExpression)}, ExpressionAttributeValues: { ':pk': \`${grp}\${from.uuid}\`, ':other': to.uuid }, ExclusiveStartKey: start }));
    const found = page.Items?.[0] as GroupItem | undefined;
    if (found) return { group: found.message_group_uuid, existing: true, item: await createMessage(client, { group: found.message_group_uuid, from, text, ...(params.now ? { now: params.now } : {}) }, options) };
    start = page.LastEvaluatedKey;
  } while (start);
  const group = crypto.randomUUID();
  const at = (params.now ?? new Date()).toISOString();
  const item: MessageItem = { pk: \`${msg}\${group}\`, sk: at, message_uuid: crypto.randomUUID(), message: text, user_uuid: from.uuid, user_display_name: from.display_name, user_handle: from.handle };
  const groupOf = (me: User, other: User): GroupItem => ({ pk: \`${grp}\${me.uuid}\`, sk: at, message_group_uuid: group, message: shorten(text), user_uuid: other.uuid, user_display_name: other.display_name, user_handle: other.handle });
  const [x, y] = [from.uuid, to.uuid].sort();
  const absent = ${c(marker)};
  await client.send(new TransactWriteCommand({
    TransactItems: [
      { Put: { TableName: table, Item: { pk: \`${pair}\${x}#\${y}\`, sk: 'PAIR', group_uuid: group, created_at: at }, ConditionExpression: absent } },
      { Put: { TableName: table, Item: item, ConditionExpression: absent } },
      { Put: { TableName: table, Item: groupOf(from, to), ConditionExpression: absent } },
      { Put: { TableName: table, Item: groupOf(to, from), ConditionExpression: absent } },
    ],
  }));
  return { group, existing: false, item };
}
`;
};

/** The module for every pattern of the file (`file`: the schema file as people know it, named in the header). */
export const generateClient = (schema: SchemaFile, file: string): string => {
  const messaging = allPlans(schema).find((p) => p.source === 'code')?.table;
  const table = schema.tables.find((t) => t.name === messaging);
  return [HEADER(file), ...declaredPatterns(schema).map(declaredFunction), ...(table ? [writeFunctions(schema, table)] : [])].join('\n\n').replace(/\n{3,}/g, '\n\n');
};
