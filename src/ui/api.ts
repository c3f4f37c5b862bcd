/**
 * `ddb ui`'s JSON routes: what the page asks for, answered with the domain code the commands use — list-tables' rows,
 * describe's model, query's request builders and tokens, the declared patterns and their Query, create-message and
 * create-conversation. Items travel as DynamoDB JSON (binary as base64), so the page shows every value's type.
 * Nothing here prints; an error is a DdbError, which server.ts turns into a status and its one line.
 */
import type { TableDescription } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Dynamo } from '../aws/dynamo.js';
import { queryPage } from '../aws/raw-reads.js';
import { keyShapeOf } from '../data/item-requests.js';
import { mapLimit } from '../data/map-limit.js';
import { decodeToken, encodeToken } from '../data/next-token.js';
import { DdbError } from '../errors.js';
import { checkPattern } from '../patterns/check.js';
import { type DeclaredPattern, buildQuery, declaredPatterns, inDisplayOrder, keyText, paramSpecs, patternKeys } from '../patterns/declared.js';
import { messageText } from '../patterns/message-text.js';
import { parseParam, resolveParamUsers } from '../patterns/params.js';
import { UUID } from '../patterns/users.js';
import { describeModel } from '../schema/describe-model.js';
import { loadSchemaFile } from '../schema/load.js';
import { tableRow } from '../schema/table-row.js';
import { type WireItem, deleteItem, fromWire, saveItem, toWire } from './item-writes.js';
import { type PageQuery, readPage } from './table-reads.js';

export interface UiContext {
  db: Dynamo;
  /** AWS without --allow-prod: every write refused */
  readOnly: boolean;
  /** where the engine is, for the page's header */
  where: string;
  /** the schema file (declared patterns), resolved, and as people know it */
  schemaFile: string;
  schemaShown: string;
  /** the folder of users.json (handles) */
  usersDir: string;
  /** `ddb …` with the user's own --endpoint-url/--prod/… */
  commandLine(...words: readonly (string | number)[]): string;
}

export interface Call {
  params: string[];
  query: URLSearchParams;
  body: Record<string, unknown>;
}

type Handler = (ctx: UiContext, call: Call) => Promise<unknown>;

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: RegExp;
  handler: Handler;
}

const text = (value: unknown, what: string): string => {
  if (typeof value !== 'string') throw new DdbError('input.invalid', `${what} is missing`);
  return value;
};

const writable = (ctx: UiContext): void => {
  if (ctx.readOnly) throw new DdbError('safety.refused', 'read-only: this page points at AWS and `ddb ui` was started without --allow-prod', { suggestion: 'restart it with --allow-prod to write' });
};

/**
 * Tables' descriptions, kept while the server runs: what a page read or write needs of one — its key attributes and
 * types, its indexes — does not change under it (an index added later is looked up again). DynamoDB Local counts a
 * table's items for every DescribeTable (~2 s at 1M items), so a table's first page would otherwise wait for a count
 * it does not show; the Tables page fills this as it lists them, and the table page's facts (fresh counts included)
 * are the describe route's, read alongside.
 */
const descriptions = new WeakMap<UiContext, Map<string, Promise<TableDescription>>>();

const describeCached = (ctx: UiContext, table: string, fresh = false): Promise<TableDescription> => {
  let cache = descriptions.get(ctx);
  if (!cache) descriptions.set(ctx, (cache = new Map()));
  const known = cache.get(table);
  if (known && !fresh) return known;
  const reading = ctx.db.requireTable(table);
  cache.set(table, reading);
  reading.catch(() => cache.delete(table));
  return reading;
};

/** The description, read again when it lacks an index the request names (added since it was read). */
const describeWithIndex = async (ctx: UiContext, table: string, index: string | undefined): Promise<TableDescription> => {
  const d = await describeCached(ctx, table);
  const has = [...(d.GlobalSecondaryIndexes ?? []), ...(d.LocalSecondaryIndexes ?? [])].some((i) => i.IndexName === index);
  return index === undefined || has ? d : describeCached(ctx, table, true);
};

const optionalNumber = (value: string | null): number | undefined => {
  if (value === null || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new DdbError('input.invalid', `"${value}" is not a whole number of 1 or more`);
  return n;
};

// ---- tables and items

const listTables: Handler = async (ctx) => {
  const names = await ctx.db.listTableNames();
  const described = await mapLimit(names, 8, (name) => describeCached(ctx, name, true).catch(() => undefined));
  return described.flatMap((t) => (t ? [tableRow(t)] : []));
};

const describe: Handler = async ({ db }, { params: [table] }) => {
  const { readLive } = await import('../schema/read-live.js');
  const live = await readLive(db, table!, { wait: false });
  if (!live) throw db.tableNotFound(table!);
  return describeModel(live);
};

const items: Handler = async (ctx, { params: [table], query }) => {
  const q: PageQuery = {
    ...(query.get('index') ? { index: query.get('index')! } : {}),
    ...(query.get('pk') !== null ? { pk: query.get('pk')! } : {}),
    ...(query.get('op') ? { op: query.get('op')! } : {}),
    ...(query.get('value') !== null ? { value: query.get('value')! } : {}),
    ...(query.get('value2') !== null ? { value2: query.get('value2')! } : {}),
    desc: query.get('desc') === '1',
    ...(query.get('filter') ? { filter: query.get('filter')! } : {}),
    limit: optionalNumber(query.get('limit')),
    ...(query.get('start') ? { token: query.get('start')! } : {}),
  };
  const description = await describeWithIndex(ctx, table!, q.index);
  const page = await readPage(ctx.db, description, q);
  const shape = keyShapeOf(description);
  return { ...page, items: page.items.map(toWire), tableKeys: [shape.partition.name, ...(shape.sort ? [shape.sort.name] : [])] };
};

/** `ddb get` and `ddb put` lines for the item as it is. */
const itemCommands = (ctx: UiContext, table: string, keyNames: string[], item: WireItem) => {
  const keyWord = (name: string): string => Object.values(item[name] as Record<string, string>)[0] ?? '';
  return {
    get: ctx.commandLine('get', table, ...keyNames.map(keyWord), '--dynamodb-json'),
    put: ctx.commandLine('put', table, JSON.stringify(item), '--dynamodb-json'),
  };
};

const itemAnswer = async (ctx: UiContext, table: string, item: WireItem) => {
  const shape = keyShapeOf(await describeCached(ctx, table));
  const keyNames = [shape.partition.name, ...(shape.sort ? [shape.sort.name] : [])];
  return { item, keyNames, commands: itemCommands(ctx, table, keyNames, item), readOnly: ctx.readOnly };
};

const getItem: Handler = async (ctx, { params: [table], query }) => {
  let key: unknown;
  try {
    key = JSON.parse(text(query.get('key') ?? undefined, 'key'));
  } catch (error) {
    if (error instanceof DdbError) throw error;
    throw new DdbError('input.invalid', 'key is not JSON');
  }
  const out = await ctx.db.getItem({ TableName: table!, Key: fromWire(key, 'key'), ConsistentRead: true, ReturnConsumedCapacity: 'TOTAL' });
  if (!out.Item) throw new DdbError('item.notFound', `no such item in ${table} (deleted since the page listed it?)`);
  return itemAnswer(ctx, table!, toWire(out.Item));
};

const putItem: Handler = async (ctx, { params: [table], body }) => {
  writable(ctx);
  const written = await saveItem(ctx.db, await describeCached(ctx, table!), body.loaded as WireItem, text(body.item, 'item'));
  return itemAnswer(ctx, table!, toWire(written));
};

const removeItem: Handler = async (ctx, { params: [table], body }) => {
  writable(ctx);
  const old = await deleteItem(ctx.db, await describeCached(ctx, table!), body.loaded as WireItem);
  return { deleted: old ? toWire(old) : null };
};

// ---- declared patterns

const schema = async (ctx: UiContext) => loadSchemaFile(ctx.schemaFile);

const findPattern = async (ctx: UiContext, name: string): Promise<DeclaredPattern> => {
  const found = declaredPatterns(await schema(ctx)).find((d) => d.name === name);
  if (!found) throw new DdbError('input.invalid', `no access pattern "${name}" in ${ctx.schemaShown}`, { suggestion: 'see them all with `ddb patterns`' });
  return found;
};

const listPatterns: Handler = async (ctx) => ({
  file: ctx.schemaShown,
  patterns: declaredPatterns(await schema(ctx)).map((d) => ({
    name: d.name,
    table: d.table.name,
    index: d.pattern.query.index ?? null,
    description: d.pattern.description,
    key: keyText(d.table, d.pattern),
    limit: d.pattern.query.limit ?? null,
    params: paramSpecs(d.pattern),
    problems: checkPattern(d).map((p) => `${p.path}: ${p.message}`),
  })),
});

/** One page of a declared pattern: its Query (as `--explain` shows it), the estimate, the items in display order. */
export const runPattern = async (ctx: UiContext, name: string, given: Record<string, unknown>, opts: { limit?: number; token?: string }) => {
  const d = await findPattern(ctx, name);
  const [problem] = checkPattern(d);
  if (problem) throw new DdbError('schema.invalid', `${ctx.schemaShown}: ${problem.path}: ${problem.message}`, { suggestion: '`ddb patterns check` lists every problem' });
  const specs = paramSpecs(d.pattern);
  const values: Record<string, string | number | undefined> = {};
  const words: (string | number)[] = [];
  for (const p of specs) {
    const raw = given[p.name];
    const value = typeof raw === 'string' ? raw.trim() : raw === undefined || raw === null ? '' : String(raw);
    if (value === '') {
      if (!p.optional) throw new DdbError('input.invalid', `${name} needs ${p.name} (${p.type})`);
      continue;
    }
    values[p.name] = parseParam(p.type, value, p.name);
    words.push(...(p.optional ? [`--${p.name}`, value] : [value]));
  }
  const resolved = await resolveParamUsers(specs, values, ctx.usersDir);
  const request = buildQuery(d.table, d.pattern, resolved, { ...(opts.limit ? { limit: opts.limit } : {}) });
  const where = { table: request.TableName ?? '', index: request.IndexName };
  const start = opts.token ? decodeToken(opts.token, where) : undefined;
  // the estimate takes DescribeTable's item count and size: as fresh as the table's last read
  const description = await describeWithIndex(ctx, request.TableName!, request.IndexName);
  const { estimateQueryRcu } = await import('../patterns/explain.js');
  const estimate = estimateQueryRcu(description, request.IndexName, request.Limit!);
  const out = await queryPage(ctx.db, { ...request, ...(start ? { ExclusiveStartKey: start } : {}) });
  const keys = patternKeys(d.table, d.pattern.query.index) ?? d.table.keys;
  return {
    name,
    request,
    estimate,
    keyNames: [...new Set([d.table.keys.partition, d.table.keys.sort, keys.partition, keys.sort].filter((k): k is string => Boolean(k)))],
    items: inDisplayOrder(d.pattern, out.Items ?? []).map(toWire),
    count: out.Count ?? 0,
    scannedCount: out.ScannedCount ?? 0,
    consumed: out.ConsumedCapacity ?? null,
    nextToken: out.LastEvaluatedKey ? encodeToken(unmarshall(out.LastEvaluatedKey, { wrapNumbers: true }), where) : null,
    command: ctx.commandLine('patterns', name, ...words, '--limit', request.Limit!, '--explain'),
  };
};

const patternRun: Handler = async (ctx, { params: [name], body }) =>
  runPattern(ctx, name!, (body.values ?? {}) as Record<string, unknown>, {
    limit: optionalNumber(body.limit === undefined || body.limit === null ? null : String(body.limit)),
    ...(typeof body.token === 'string' && body.token ? { token: body.token } : {}),
  });

// ---- the messaging app: users, conversations, messages

const users: Handler = async (ctx) => {
  const { loadUsers } = await import('../patterns/users-file.js');
  return loadUsers(ctx.usersDir, '--users');
};

/** The table the conversation patterns read (the table get-conversation is declared on). */
const messagesTable = async (ctx: UiContext): Promise<string> => (await findPattern(ctx, 'get-conversation')).table.name;

const createMessage: Handler = async (ctx, { params: [group], body }) => {
  writable(ctx);
  if (!UUID.test(group!)) throw new DdbError('input.invalid', `"${group}" is not a message group uuid`);
  const from = text(body.from, 'from');
  const { resolveUser } = await import('../patterns/users.js');
  const { createMessage: create } = await import('../patterns/create-message.js');
  const sender = await resolveUser(from, ctx.usersDir, '--users');
  const result = await create(ctx.db, { table: await messagesTable(ctx), group: group!.toLowerCase(), sender, senderLabel: from, text: messageText(text(body.text, 'text')) });
  return { item: result.item, attempts: result.attempts };
};

const createConversation: Handler = async (ctx, { body }) => {
  writable(ctx);
  const { resolveKnownUser } = await import('../patterns/users.js');
  const { createConversation: create } = await import('../patterns/create-conversation.js');
  const from = await resolveKnownUser(text(body.from, 'from'), ctx.usersDir, '--users');
  const to = await resolveKnownUser(text(body.to, 'to'), ctx.usersDir, '--users');
  if (from.uuid === to.uuid) throw new DdbError('input.invalid', 'a conversation needs two different users');
  const result = await create(ctx.db, { table: await messagesTable(ctx), from, to, text: messageText(text(body.text, 'text')) });
  return { group: result.group, existing: result.existing, item: result.item };
};

const info: Handler = async (ctx) => ({ where: ctx.where, readOnly: ctx.readOnly, schema: ctx.schemaShown });

const T = '([^/]+)';
export const ROUTES: readonly Route[] = [
  { method: 'GET', path: /^\/api\/info$/, handler: info },
  { method: 'GET', path: /^\/api\/tables$/, handler: listTables },
  { method: 'GET', path: new RegExp(`^/api/tables/${T}$`), handler: describe },
  { method: 'GET', path: new RegExp(`^/api/tables/${T}/items$`), handler: items },
  { method: 'GET', path: new RegExp(`^/api/tables/${T}/item$`), handler: getItem },
  { method: 'PUT', path: new RegExp(`^/api/tables/${T}/item$`), handler: putItem },
  { method: 'DELETE', path: new RegExp(`^/api/tables/${T}/item$`), handler: removeItem },
  { method: 'GET', path: /^\/api\/patterns$/, handler: listPatterns },
  { method: 'POST', path: new RegExp(`^/api/patterns/${T}$`), handler: patternRun },
  { method: 'GET', path: /^\/api\/users$/, handler: users },
  { method: 'POST', path: new RegExp(`^/api/conversations/${T}/messages$`), handler: createMessage },
  { method: 'POST', path: /^\/api\/conversations$/, handler: createConversation },
];
