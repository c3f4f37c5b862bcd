/**
 * `ddb ui`'s routes for the declared access patterns (their Query, built by src/patterns/declared.ts, one page at a
 * time with its estimate) and for the messaging app's writes (create-message, create-conversation) and users.
 */
import { plainItem } from '../values/attribute.js';
import { queryPage } from '../aws/raw-reads.js';
import { decodeToken, encodeToken } from '../reading/next-token.js';
import { DdbError } from '../errors.js';
import { checkPattern } from '../patterns/check.js';
import { type DeclaredPattern, type ParamValue, buildQuery, declaredPatterns, inDisplayOrder, keyConditionText, paramSpecs, patternKeys } from '../patterns/declared.js';
import { messageText } from '../messaging/message-text.js';
import { parseParam, resolveParamUsers } from '../patterns/params.js';
import { UUID } from '../messaging/users.js';
import { DEFAULT_SCHEMA } from '../paths.js';
import { loadSchemaFile } from '../schema/load.js';
import { type Handler, type UiContext, describeWithIndex, optionalNumber, text, writable } from './context.js';
import { toWire } from './item-writes.js';


const schema = async (ctx: UiContext) => loadSchemaFile(ctx.schemaFile);

const findPattern = async (ctx: UiContext, name: string): Promise<DeclaredPattern> => {
  const found = declaredPatterns(await schema(ctx)).find((d) => d.name === name);
  if (!found) throw new DdbError('input.invalid', `no access pattern "${name}" in ${ctx.schemaShown}`, { suggestion: 'see them all with `ddb patterns`' });
  return found;
};

export const listPatterns: Handler = async (ctx) => ({
  file: ctx.schemaShown,
  patterns: declaredPatterns(await schema(ctx)).map((d) => ({
    name: d.name,
    table: d.table.name,
    index: d.pattern.query.index ?? null,
    description: d.pattern.description,
    key: keyConditionText(d.table, d.pattern),
    limit: d.pattern.query.limit ?? null,
    params: paramSpecs(d.pattern),
    problems: checkPattern(d).map((p) => `${p.path}: ${p.message}`),
  })),
});

/** One page of a declared pattern: its Query (as `--explain` shows it), the estimate, the items in display order. */
const runPattern = async (ctx: UiContext, name: string, given: Record<string, unknown>, opts: { limit?: number; token?: string }) => {
  const d = await findPattern(ctx, name);
  const [problem] = checkPattern(d);
  if (problem) throw new DdbError('schema.invalid', `${ctx.schemaShown}: ${problem.path}: ${problem.message}`, { suggestion: '`ddb patterns check` lists every problem' });
  const specs = paramSpecs(d.pattern);
  const values: Record<string, ParamValue | undefined> = {};
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
    nextToken: out.LastEvaluatedKey ? encodeToken(plainItem(out.LastEvaluatedKey), where) : null,
    command: ctx.commandLine('patterns', name, ...words, '--limit', request.Limit!, ...(ctx.schemaShown !== DEFAULT_SCHEMA ? ['--schema', ctx.schemaShown] : []), '--explain'),
  };
};

export const patternRun: Handler = async (ctx, { params: [name], body }) =>
  runPattern(ctx, name!, (body.values ?? {}) as Record<string, unknown>, {
    limit: optionalNumber(body.limit === undefined || body.limit === null ? null : String(body.limit)),
    ...(typeof body.token === 'string' && body.token ? { token: body.token } : {}),
  });

// ---- the messaging app: users, conversations, messages

export const users: Handler = async (ctx) => {
  const { loadUsers } = await import('../messaging/users-file.js');
  return loadUsers(ctx.usersDir, '--users');
};

/** The table the conversation patterns read (the table get-conversation is declared on). */
const messagesTable = async (ctx: UiContext): Promise<string> => (await findPattern(ctx, 'get-conversation')).table.name;

export const createMessage: Handler = async (ctx, { params: [group], body }) => {
  writable(ctx);
  if (!UUID.test(group!)) throw new DdbError('input.invalid', `"${group}" is not a message group uuid`);
  const from = text(body.from, 'from');
  const { resolveUser } = await import('../messaging/users.js');
  const { createMessage: create } = await import('../patterns/create-message.js');
  const sender = await resolveUser(from, ctx.usersDir, '--users');
  const result = await create(ctx.db, { table: await messagesTable(ctx), group: group!.toLowerCase(), sender, senderLabel: from, text: messageText(text(body.text, 'text')) });
  return { item: result.item, attempts: result.attempts };
};

export const createConversation: Handler = async (ctx, { body }) => {
  writable(ctx);
  const { resolveKnownUser } = await import('../messaging/users.js');
  const { createConversation: create } = await import('../patterns/create-conversation.js');
  const from = await resolveKnownUser(text(body.from, 'from'), ctx.usersDir, '--users');
  const to = await resolveKnownUser(text(body.to, 'to'), ctx.usersDir, '--users');
  if (from.uuid === to.uuid) throw new DdbError('input.invalid', 'a conversation needs two different users');
  const result = await create(ctx.db, { table: await messagesTable(ctx), from, to, text: messageText(text(body.text, 'text')) });
  return { group: result.group, existing: result.existing, item: result.item };
};

const info: Handler = async (ctx) => ({ where: ctx.where, readOnly: ctx.readOnly, schema: ctx.schemaShown });
