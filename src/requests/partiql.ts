/**
 * PartiQL statements (`ddb sql`), read just enough to be safe: the kind of statement, the table (and "."index) it
 * names, and whether a SELECT is provably keyed — its WHERE fixes the partition key with = or IN in a condition ANDed
 * at the top level, and names that key nowhere else. Anything else DynamoDB may run as a full Scan, which `ddb sql`
 * refuses unless told (--allow-scan): the guard fails closed, so a statement this reader cannot follow is refused,
 * never passed. Measured on DynamoDB Local 3.3.0 (test/sql-guard.test.ts judges the guard by the engine's own reads):
 * `pk = 'a' OR pk = 'b'` and `pk = 'a' AND pk = 'b'` read every partition; `pk IN ['a', 'b']` reads two.
 * Not a parser of PartiQL: a lexer (both comment forms, strings with '' escapes, "quoted identifiers", brackets) and a
 * look at the top level of the WHERE clause. Plus the pager: ExecuteStatement pages with its own NextToken.
 */
import type { ExecuteStatementCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Dynamo } from '../aws/dynamo.js';
import { DdbError } from '../errors.js';
import { addCapacity, type ItemsResult, type Item } from '../reading/query.js';
import type { Step } from '../plan/step.js';

type Token = { t: 'word' | 'ident' | 'string' | 'number' | 'param' | 'punct'; v: string };

export interface Lexed {
  tokens: Token[];
  /** why the text cannot be read to its end (an unclosed string, identifier or comment) */
  broken?: string;
}

/** Words, "quoted identifiers", 'strings', numbers, ? and punctuation; whitespace and both comment forms dropped. */
export const lex = (text: string): Lexed => {
  const tokens: Token[] = [];
  let i = 0;
  const closed = (open: string, close: RegExp, what: string): RegExpExecArray | string => {
    close.lastIndex = i + open.length;
    const m = close.exec(text);
    return m ?? `${what} opened at character ${i + 1} is never closed`;
  };
  while (i < text.length) {
    const rest = text.slice(i);
    let m: RegExpExecArray | null;
    if ((m = /^(\s+|--[^\n]*)/.exec(rest))) {
      i += m[0].length;
    } else if (rest.startsWith('/*')) {
      const end = closed('/*', /\*\//g, 'a /* comment');
      if (typeof end === 'string') return { tokens, broken: end };
      i = end.index + 2;
    } else if (rest[0] === "'" || rest[0] === '"' || rest[0] === '`') {
      const q = rest[0];
      // a quote inside is doubled ('' or ""); an Ion literal `…` has no escape
      const body = q === '`' ? /^`[^`]*`/.exec(rest) : new RegExp(`^${q}(?:[^${q}]|${q}${q})*${q}`).exec(rest);
      if (!body) return { tokens, broken: `a ${q === "'" ? 'string' : q === '"' ? 'quoted identifier' : 'backtick literal'} opened at character ${i + 1} is never closed` };
      const v = body[0].slice(1, -1);
      tokens.push(q === '"' ? { t: 'ident', v: v.replace(/""/g, '"') } : { t: 'string', v: q === "'" ? v.replace(/''/g, "'") : v });
      i += body[0].length;
    } else if ((m = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(rest))) {
      tokens.push({ t: 'number', v: m[0] });
      i += m[0].length;
    } else if ((m = /^[A-Za-z_$][\w$]*/.exec(rest))) {
      tokens.push({ t: 'word', v: m[0] });
      i += m[0].length;
    } else if ((m = /^(<<|>>|<>|!=|<=|>=|\|\||\?)/.exec(rest))) {
      tokens.push({ t: m[0] === '?' ? 'param' : 'punct', v: m[0] });
      i += m[0].length;
    } else {
      tokens.push({ t: 'punct', v: rest[0]! });
      i += 1;
    }
  }
  return { tokens };
};

const isWord = (t: Token | undefined, word: string): boolean => t?.t === 'word' && t.v.toUpperCase() === word;
const isPunct = (t: Token | undefined, p: string): boolean => t?.t === 'punct' && t.v === p;
const OPEN = new Set(['(', '[', '{', '<<']);
const CLOSE = new Set([')', ']', '}', '>>']);

/** Indexes of the tokens at bracket depth 0. */
const topLevel = (tokens: readonly Token[]): number[] => {
  const at: number[] = [];
  let depth = 0;
  tokens.forEach((t, i) => {
    if (t.t === 'punct' && CLOSE.has(t.v)) depth--;
    if (depth === 0) at.push(i);
    if (t.t === 'punct' && OPEN.has(t.v)) depth++;
  });
  return at;
};

/** The tokens without round brackets around all of them: "((a AND b))" → "a AND b", but not "(a) AND (b)". */
const unwrap = (tokens: readonly Token[]): Token[] => {
  let out = [...tokens];
  while (out.length >= 2 && isPunct(out[0], '(') && isPunct(out[out.length - 1], ')')) {
    const inner = out.slice(1, -1);
    let depth = 0;
    for (const t of inner) {
      if (t.t === 'punct' && OPEN.has(t.v)) depth++;
      if (t.t === 'punct' && CLOSE.has(t.v) && --depth < 0) return out;
    }
    if (depth !== 0) return out;
    out = inner;
  }
  return out;
};

export interface Statement {
  kind: 'select' | 'insert' | 'update' | 'delete' | 'other';
  table?: string;
  index?: string;
  /** SELECT: the tokens of the WHERE clause (undefined: no WHERE) */
  where?: Token[];
  /** UPDATE/DELETE: it has a RETURNING clause */
  returning?: boolean;
  /** why ddb cannot follow this statement: a guard that fails closed refuses it */
  unreadable?: string;
}

const name = (t: Token | undefined) => (t && (t.t === 'ident' || t.t === 'word') ? t.v : undefined);

/** The kind of statement and the table it names: SELECT … FROM t[.i] [WHERE …] [ORDER BY …], INSERT INTO t, UPDATE t, DELETE FROM t. */
export const readStatement = (text: string): Statement => {
  const lexed = lex(text);
  if (lexed.broken) return { kind: 'other', unreadable: lexed.broken };
  // brackets around the whole statement are DynamoDB's too: "(SELECT …)" is a SELECT
  const tokens = unwrap(lexed.tokens);
  const first = tokens[0]?.t === 'word' ? tokens[0].v.toUpperCase() : '';
  const kind = first === 'SELECT' ? 'select' : first === 'INSERT' ? 'insert' : first === 'UPDATE' ? 'update' : first === 'DELETE' ? 'delete' : 'other';
  const top = topLevel(tokens);
  const nameAt = (i: number): { table?: string; index?: string; end: number } => {
    const table = name(tokens[i]);
    if (table === undefined) return { end: i };
    if (isPunct(tokens[i + 1], '.') && name(tokens[i + 2]) !== undefined) return { table, index: name(tokens[i + 2]), end: i + 3 };
    return { table, end: i + 1 };
  };
  if (kind === 'insert') return { kind, table: isWord(tokens[1], 'INTO') ? nameAt(2).table : undefined };
  const returning = top.some((i) => isWord(tokens[i], 'RETURNING'));
  if (kind === 'update') return { kind, table: nameAt(1).table, returning };
  if (kind === 'delete') return { kind, table: isWord(tokens[1], 'FROM') ? nameAt(2).table : undefined, returning };
  if (kind !== 'select') return { kind, unreadable: 'it is not a SELECT, INSERT, UPDATE or DELETE' };
  const from = top.find((i) => isWord(tokens[i], 'FROM'));
  if (from === undefined) return { kind, unreadable: 'it has no FROM' };
  const { table, index, end } = nameAt(from + 1);
  if (table === undefined) return { kind, unreadable: 'no table name follows FROM' };
  const order = top.find((i) => i >= end && isWord(tokens[i], 'ORDER') && isWord(tokens[i + 1], 'BY')) ?? tokens.length;
  if (end === order) return { kind, table, index };
  if (!isWord(tokens[end], 'WHERE')) return { kind, table, index, unreadable: `"${tokens[end]!.v}" after the table name is not WHERE or ORDER BY` };
  return { kind, table, index, where: tokens.slice(end + 1, order) };
};

/** Splits at the top-level `word` (AND or OR); BETWEEN x AND y keeps its AND. */
const splitAt = (tokens: Token[], word: 'AND' | 'OR'): Token[][] => {
  const parts: Token[][] = [];
  let start = 0;
  let between = false;
  for (const i of topLevel(tokens)) {
    if (isWord(tokens[i], 'BETWEEN')) between = true;
    else if (isWord(tokens[i], word)) {
      if (word === 'AND' && between) {
        between = false;
        continue;
      }
      parts.push(tokens.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(tokens.slice(start));
  return parts;
};

/** The conditions ANDed at the top level, brackets around ANDs opened: "(a AND b) AND c" → a, b, c. An OR stays one. */
const conjuncts = (tokens: readonly Token[]): Token[][] => {
  const all = unwrap(tokens);
  if (splitAt(all, 'OR').length > 1) return [all];
  const parts = splitAt(all, 'AND');
  return parts.length === 1 ? [all] : parts.flatMap((part) => conjuncts(part));
};

const isLiteral = (t: Token | undefined) => t?.t === 'string' || t?.t === 'number' || t?.t === 'param';
const isName = (t: Token | undefined, key: string) => (t?.t === 'ident' || t?.t === 'word') && t.v === key;

/** [lit, lit, …] or (lit, lit, …): a non-empty list of literals and nothing else. */
const isLiteralList = (tokens: readonly Token[]): boolean => {
  const [open, close] = [tokens[0], tokens[tokens.length - 1]];
  if (!((isPunct(open, '[') && isPunct(close, ']')) || (isPunct(open, '(') && isPunct(close, ')')))) return false;
  const inner = tokens.slice(1, -1);
  return inner.length % 2 === 1 && inner.every((t, i) => (i % 2 === 0 ? isLiteral(t) : isPunct(t, ',')));
};

/** key = literal, literal = key, key IN [literals] */
const fixesKey = (c: readonly Token[], key: string): boolean =>
  (c.length === 3 && isPunct(c[1], '=') && ((isName(c[0], key) && isLiteral(c[2])) || (isLiteral(c[0]) && isName(c[2], key)))) ||
  (isName(c[0], key) && isWord(c[1], 'IN') && isLiteralList(c.slice(2)));

/** sort op literal (=, <, <=, >, >=), sort BETWEEN literal AND literal, begins_with(sort, literal) */
const isSortCondition = (c: readonly Token[], sort: string): boolean =>
  (c.length === 3 && isName(c[0], sort) && ['=', '<', '<=', '>', '>='].includes(c[1]!.v) && c[1]!.t === 'punct' && isLiteral(c[2])) ||
  (c.length === 5 && isName(c[0], sort) && isWord(c[1], 'BETWEEN') && isLiteral(c[2]) && isWord(c[3], 'AND') && isLiteral(c[4])) ||
  (c.length === 6 && isWord(c[0], 'BEGINS_WITH') && isPunct(c[1], '(') && isName(c[2], sort) && isPunct(c[3], ',') && isLiteral(c[4]) && isPunct(c[5], ')'));

/**
 * Why a SELECT with this WHERE may read every partition (undefined: it is keyed). Keyed means exactly one condition
 * ANDed at the top level is `key = value` or `key IN [values]`, the key is named nowhere else, and the sort key, if
 * named at all, is named in one plain sort-key condition. DynamoDB Local scans the whole table for `pk = 'a' AND
 * sk <> 'x'`, `… AND sk IN […]`, `… AND NOT sk BETWEEN …`, `… AND contains(sk, …)` and two conditions on sk.
 */
export const whyNotKeyed = (where: readonly Token[] | undefined, key: string, sort?: string): string | undefined => {
  if (!where?.length) return 'it has no WHERE';
  const parts = conjuncts(where);
  const fixing = parts.filter((c) => fixesKey(c, key));
  const naming = parts.filter((c) => c.some((t) => isName(t, key)));
  const onSort = sort === undefined ? [] : parts.filter((c) => c.some((t) => isName(t, sort)));
  if (onSort.length > 1 || (onSort.length === 1 && !isSortCondition(onSort[0]!, sort!))) {
    return `its WHERE uses the sort key ${sort} other than in one =, <, <=, >, >=, BETWEEN or begins_with condition`;
  }
  if (fixing.length === 1 && naming.length === 1) return undefined;
  if (fixing.length > 1 || naming.length > 1) return `its WHERE names the partition key ${key} more than once`;
  if (parts.length === 1 && splitAt(parts[0]!, 'OR').length > 1) return `its WHERE is an OR: the partition key ${key} must be fixed with = or IN, ANDed with the rest`;
  return `its WHERE does not fix the partition key ${key} with = or IN, ANDed at the top level`;
};

export const fixesPartitionKey = (where: readonly Token[] | undefined, key: string, sort?: string): boolean => whyNotKeyed(where, key, sort) === undefined;

/**
 * Does this WHERE hold a condition on something other than the key, which DynamoDB applies after reading (a filter)?
 * Key conditions: the partition key fixed, and one sort-key comparison, BETWEEN or begins_with. In doubt: yes.
 */
export const hasFilter = (where: readonly Token[] | undefined, partition: string, sort: string | undefined): boolean => {
  if (!where?.length) return false;
  return conjuncts(where).some((c) => {
    if (fixesKey(c, partition)) return false;
    return sort === undefined || !isSortCondition(c, sort);
  });
};

export interface ExecuteOptions {
  limit?: number;
  startingToken?: string;
  /** the table, for error messages */
  table?: string;
  /** a filtered SELECT: read full pages instead of shrinking Limit to the items still missing (reading/page-keys.ts fullPages) */
  filtered?: boolean;
}

/**
 * A NextToken that resumes inside an engine page: ExecuteStatement's own token cannot be made from an item, so when a
 * filtered read keeps part of a page, ddb's token names the engine token the page started from and how many of its
 * items were shown (the resumed read asks for that page again and skips them).
 */
const PAGE_TOKEN = 'ddb1.';
const encodePageToken = (engineToken: string | undefined, skip: number): string => PAGE_TOKEN + Buffer.from(JSON.stringify({ t: engineToken ?? null, s: skip })).toString('base64url');
const decodePageToken = (token: string): { token: string | undefined; skip: number } => {
  if (!token.startsWith(PAGE_TOKEN)) return { token, skip: 0 };
  try {
    const body = JSON.parse(Buffer.from(token.slice(PAGE_TOKEN.length), 'base64url').toString('utf8')) as { t: string | null; s: number };
    if (Number.isSafeInteger(body.s) && body.s > 0 && (body.t === null || typeof body.t === 'string')) return { token: body.t ?? undefined, skip: body.s };
  } catch {
    /* below */
  }
  throw new DdbError('input.invalid', '--starting-token is not a token ddb printed', { suggestion: 'pass the NextToken (or the --starting-token of the "more:" line) that ddb printed for this same statement' });
};

/** The request of one page (pure): unfiltered, Limit = what is missing (the engine's token then resumes exactly); filtered, the engine's full pages. */
const pageRequest = (input: ExecuteStatementCommandInput, token: string | undefined, remaining: number | undefined, skip: number, filtered: boolean | undefined): ExecuteStatementCommandInput => {
  const ask = remaining !== undefined && !filtered ? remaining + skip : undefined;
  return { ...input, ReturnConsumedCapacity: 'TOTAL', ...(token ? { NextToken: token } : {}), ...(ask !== undefined ? { Limit: ask } : {}) };
};

/** What executeUpTo sends first, and how it goes on: the ExecuteStatement step of a plan (pure). */
export const statementStep = (input: ExecuteStatementCommandInput, select: boolean, { limit, startingToken, filtered }: ExecuteOptions = {}): Extract<Step, { api: 'ExecuteStatement' }> => {
  const { token, skip } = startingToken ? decodePageToken(startingToken) : { token: undefined, skip: 0 };
  const remaining = select ? limit : undefined;
  return {
    api: 'ExecuteStatement',
    input: pageRequest(input, token, remaining, skip, filtered),
    read: select,
    ...(select ? { pages: `then the next page from each NextToken, ${limit === undefined ? 'until the last' : `until ${limit} item(s)`}` } : {}),
  };
};

/** Runs the statement; a SELECT page by page until `limit` items or the end, with NextToken. */
export const executeUpTo = async (db: Dynamo, input: ExecuteStatementCommandInput, select: boolean, { limit, startingToken, table, filtered }: ExecuteOptions = {}): Promise<ItemsResult> => {
  const result: ItemsResult = { Items: [], Count: 0, ScannedCount: 0 };
  let { token, skip } = startingToken ? decodePageToken(startingToken) : { token: undefined, skip: 0 };
  let next: string | undefined;
  const { perform } = await import('../aws/perform.js'); // the SDK loads with the first read, not with this module
  do {
    const remaining = select && limit !== undefined ? limit - result.Items.length : undefined;
    const page = await perform(db, { api: 'ExecuteStatement', input: pageRequest(input, token, remaining, skip, filtered) }, { table });
    let items = ((page.Items ?? []) as Item[]).slice(skip);
    next = page.NextToken;
    if (remaining !== undefined && items.length > remaining) {
      items = items.slice(0, remaining);
      next = encodePageToken(token, skip + remaining);
    }
    result.Items.push(...items);
    result.ConsumedCapacity = addCapacity(result.ConsumedCapacity, page.ConsumedCapacity);
    token = next;
    skip = 0;
  } while (select && token && (limit === undefined || result.Items.length < limit));
  result.Count = result.ScannedCount = result.Items.length;
  if (token) result.NextToken = token;
  return result;
};
