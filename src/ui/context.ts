/**
 * What every route of `ddb ui` runs with (the UiContext: the engine, read-only or not, the schema file, users.json),
 * the shape of a route, and what several routes share: reading a body's text, the read-only refusal, and the tables'
 * descriptions kept while the server runs.
 */
import type { TableDescription } from '@aws-sdk/client-dynamodb';
import type { Dynamo } from '../aws/dynamo.js';
import { DdbError } from '../errors.js';

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

export type Handler = (ctx: UiContext, call: Call) => Promise<unknown>;

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: RegExp;
  handler: Handler;
}

export const text = (value: unknown, what: string): string => {
  if (typeof value !== 'string') throw new DdbError('input.invalid', `${what} is missing`);
  return value;
};

export const writable = (ctx: UiContext): void => {
  if (ctx.readOnly) throw new DdbError('safety.refused', 'read-only: this page points at AWS and `ddb ui` was started without --allow-prod', { suggestion: 'restart it with --allow-prod to write' });
};

/**
 * Tables' descriptions, kept while the server runs: what a page read or write needs of one — its key attributes and
 * types, its indexes — does not change under it (an index added later is looked up again). DynamoDB Local counts a
 * table's items for every DescribeTable (~2 s at 1M items), so a table's first page would otherwise wait for a count
 * it does not show; the Tables page fills this as it lists them, and the table page's facts (fresh counts included)
 * are the describe route's, read after the first page.
 */
const descriptions = new WeakMap<UiContext, Map<string, Promise<TableDescription>>>();

export const describeCached = (ctx: UiContext, table: string, fresh = false): Promise<TableDescription> => {
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
export const describeWithIndex = async (ctx: UiContext, table: string, index: string | undefined): Promise<TableDescription> => {
  const d = await describeCached(ctx, table);
  const has = [...(d.GlobalSecondaryIndexes ?? []), ...(d.LocalSecondaryIndexes ?? [])].some((i) => i.IndexName === index);
  return index === undefined || has ? d : describeCached(ctx, table, true);
};

export const optionalNumber = (value: string | null): number | undefined => {
  if (value === null || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new DdbError('input.invalid', `"${value}" is not a whole number of 1 or more`);
  return n;
};
