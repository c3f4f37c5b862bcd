/**
 * `ddb ui`'s routes for tables and items: list-tables' rows, describe's model, one page of items (./table-reads.ts),
 * one item with its `ddb get`/`ddb put` commands, and the conditional save and delete (./item-writes.ts). Items travel
 * as DynamoDB JSON (binary as base64), so the page shows every value's type.
 */
import { keyShapeOf } from '../requests/key-shape.js';
import { mapLimit } from '../reading/map-limit.js';
import { DdbError } from '../errors.js';
import { describeModel } from '../schema/describe-model.js';
import { tableRow } from '../schema/table-row.js';
import { type Handler, type UiContext, describeCached, describeWithIndex, optionalNumber, text, writable } from './context.js';
import { type WireItem, deleteItem, fromWire, saveItem, toWire } from './item-writes.js';
import { MAX_PAGE_SIZE, PAGE_SIZE, type PageQuery, readPage } from './table-reads.js';


export const listTables: Handler = async (ctx) => {
  const names = await ctx.db.listTableNames();
  const described = await mapLimit(names, 8, (name) => describeCached(ctx, name, true).catch(() => undefined));
  return described.flatMap((t) => (t ? [tableRow(t)] : []));
};

export const describe: Handler = async ({ db }, { params: [table] }) => {
  const { readLive } = await import('../schema/read-live.js');
  const live = await readLive(db, table!, { wait: false });
  if (!live) throw db.tableNotFound(table!);
  return describeModel(live);
};

export const items: Handler = async (ctx, { params: [table], query }) => {
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
  return { ...page, items: page.items.map(toWire), tableKeys: [shape.partition.name, ...(shape.sort ? [shape.sort.name] : [])], command: pageCommand(ctx, table!, q, page.api) };
};

/** A --sk value as `ddb query` reads it: as it is, or as a JSON string when it has spaces, quotes or the word "and". */
const skWord = (value: string): string => (/\s|^"|^and$/i.test(value) ? JSON.stringify(value) : value);

/** This page as a command: `ddb query …` or `ddb scan …` from where the page starts, as many items as it shows. */
const pageCommand = (ctx: UiContext, table: string, q: PageQuery, api: 'Query' | 'Scan'): string => {
  const sk = q.op === 'between' ? `between ${skWord(q.value ?? '')} and ${skWord(q.value2 ?? '')}` : q.op ? `${q.op} ${skWord(q.value ?? '')}` : undefined;
  return ctx.commandLine(
    ...(api === 'Query' ? ['query', table, q.pk!] : ['scan', table]),
    ...(q.index ? ['--index', q.index] : []),
    ...(api === 'Query' && sk && q.value ? ['--sk', sk] : []),
    ...(api === 'Query' && q.desc ? ['--desc'] : []),
    ...(q.filter ? ['--filter', q.filter] : []),
    '--limit',
    Math.min(q.limit ?? PAGE_SIZE, MAX_PAGE_SIZE),
    ...(q.token ? ['--starting-token', q.token] : []),
  );
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

export const getItem: Handler = async (ctx, { params: [table], query }) => {
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

export const putItem: Handler = async (ctx, { params: [table], body }) => {
  writable(ctx);
  const written = await saveItem(ctx.db, await describeCached(ctx, table!), body.loaded as WireItem, text(body.item, 'item'));
  return itemAnswer(ctx, table!, toWire(written));
};

export const removeItem: Handler = async (ctx, { params: [table], body }) => {
  writable(ctx);
  const old = await deleteItem(ctx.db, await describeCached(ctx, table!), body.loaded as WireItem);
  return { deleted: old ? toWire(old) : null };
};
