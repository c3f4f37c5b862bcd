/**
 * PartiQL statements (`ddb sql`), read just enough to be safe: the kind of statement, the table (and "."index) it
 * names, and whether a SELECT's WHERE fixes the partition key with = or IN — otherwise DynamoDB runs it as a full
 * Scan, which `ddb sql` refuses unless told (--allow-scan), as ddbsh does. Not a parser of PartiQL: a small lexer
 * (strings, quoted identifiers, brackets) and a look at the top level of the WHERE clause. Plus the pager:
 * ExecuteStatement pages with its own NextToken, passed through opaque.
 */
import type { ExecuteStatementCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Dynamo } from '../aws/dynamo.js';
import { addCapacity, type ItemsResult, type Item } from './query.js';

type Token = { t: 'word' | 'ident' | 'string' | 'number' | 'param' | 'punct'; v: string };

/** Words, "quoted identifiers", 'strings', numbers, ? and punctuation; whitespace and -- comments dropped. */
export const lex = (text: string): Token[] => {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    let m: RegExpExecArray | null;
    if ((m = /^(\s+|--[^\n]*)/.exec(rest))) {
      i += m[0].length;
    } else if ((m = /^'(?:[^']|'')*'?/.exec(rest))) {
      tokens.push({ t: 'string', v: m[0].slice(1, -1).replace(/''/g, "'") });
      i += m[0].length;
    } else if ((m = /^"(?:[^"]|"")*"?/.exec(rest))) {
      tokens.push({ t: 'ident', v: m[0].slice(1, -1).replace(/""/g, '"') });
      i += m[0].length;
    } else if ((m = /^`[^`]*`?/.exec(rest))) {
      tokens.push({ t: 'string', v: m[0].slice(1, -1) }); // an Ion literal
      i += m[0].length;
    } else if ((m = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(rest))) {
      tokens.push({ t: 'number', v: m[0] });
      i += m[0].length;
    } else if ((m = /^[A-Za-z_$][\w$]*/.exec(rest))) {
      tokens.push({ t: 'word', v: m[0] });
      i += m[0].length;
    } else if ((m = /^(<<|>>|<>|!=|<=|>=|\?)/.exec(rest))) {
      tokens.push({ t: m[0] === '?' ? 'param' : 'punct', v: m[0] });
      i += m[0].length;
    } else {
      tokens.push({ t: 'punct', v: rest[0]! });
      i += 1;
    }
  }
  return tokens;
};

const isWord = (t: Token | undefined, word: string): boolean => t?.t === 'word' && t.v.toUpperCase() === word;
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

export interface Statement {
  kind: 'select' | 'insert' | 'update' | 'delete' | 'other';
  table?: string;
  index?: string;
  /** SELECT: the tokens of the WHERE clause (undefined: no WHERE) */
  where?: Token[];
}

/** The kind of statement and the table it names: SELECT … FROM t[.i] [WHERE …], INSERT INTO t, UPDATE t, DELETE FROM t. */
export const readStatement = (text: string): Statement => {
  const tokens = lex(text);
  const first = tokens[0]?.t === 'word' ? tokens[0].v.toUpperCase() : '';
  const kind = first === 'SELECT' ? 'select' : first === 'INSERT' ? 'insert' : first === 'UPDATE' ? 'update' : first === 'DELETE' ? 'delete' : 'other';
  const top = topLevel(tokens);
  const nameAt = (i: number): { table?: string; index?: string; end: number } => {
    const name = (t: Token | undefined) => (t && (t.t === 'ident' || t.t === 'word') ? t.v : undefined);
    const table = name(tokens[i]);
    if (table === undefined) return { end: i };
    if (tokens[i + 1]?.t === 'punct' && tokens[i + 1]!.v === '.' && name(tokens[i + 2]) !== undefined) return { table, index: name(tokens[i + 2]), end: i + 3 };
    return { table, end: i + 1 };
  };
  if (kind === 'insert') return { kind, table: isWord(tokens[1], 'INTO') ? nameAt(2).table : undefined };
  if (kind === 'update') return { kind, table: nameAt(1).table };
  if (kind === 'delete') return { kind, table: isWord(tokens[1], 'FROM') ? nameAt(2).table : undefined };
  if (kind !== 'select') return { kind };
  const from = top.find((i) => isWord(tokens[i], 'FROM'));
  if (from === undefined) return { kind };
  const { table, index, end } = nameAt(from + 1);
  const whereAt = top.find((i) => i >= end && isWord(tokens[i], 'WHERE'));
  if (whereAt === undefined) return { kind, table, index };
  const stop = top.find((i) => i > whereAt && isWord(tokens[i], 'ORDER') && isWord(tokens[i + 1], 'BY')) ?? tokens.length;
  return { kind, table, index, where: tokens.slice(whereAt + 1, stop) };
};

/** The tokens without brackets around all of them: "(a AND b)" → "a AND b", but not "(a) AND (b)". */
const unwrap = (tokens: Token[]): Token[] => {
  while (tokens.length >= 2 && tokens[0]!.v === '(' && tokens[tokens.length - 1]!.v === ')') {
    const inner = tokens.slice(1, -1);
    let depth = 0;
    for (const t of inner) {
      if (t.t === 'punct' && OPEN.has(t.v)) depth++;
      if (t.t === 'punct' && CLOSE.has(t.v) && --depth < 0) return tokens;
    }
    tokens = inner;
  }
  return tokens;
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

const isLiteral = (t: Token | undefined) => t?.t === 'string' || t?.t === 'number' || t?.t === 'param';
const isName = (t: Token | undefined, name: string) => (t?.t === 'ident' || t?.t === 'word') && t.v === name;

/** Does this condition pin the partition key `pk` to values (= literal, or IN […]) whatever else it says? */
export const fixesPartitionKey = (where: readonly Token[] | undefined, pk: string): boolean => {
  if (!where?.length) return false;
  const tokens = unwrap([...where]);
  const disjuncts = splitAt(tokens, 'OR');
  if (disjuncts.length > 1) return disjuncts.every((d) => fixesPartitionKey(d, pk));
  return splitAt(tokens, 'AND').some((c) => {
    const part = unwrap(c);
    if (part.length === 3 && part[1]!.v === '=' && ((isName(part[0], pk) && isLiteral(part[2])) || (isLiteral(part[0]) && isName(part[2], pk)))) return true;
    if (isName(part[0], pk) && isWord(part[1], 'IN')) return true;
    return splitAt(part, 'OR').length > 1 && fixesPartitionKey(part, pk);
  });
};

export interface ExecuteOptions {
  limit?: number;
  startingToken?: string;
  /** the table, for error messages */
  table?: string;
}

/** Runs the statement; a SELECT page by page (Limit = what is missing) until `limit` items or the end, with NextToken. */
export const executeUpTo = async (db: Dynamo, input: ExecuteStatementCommandInput, select: boolean, { limit, startingToken, table }: ExecuteOptions = {}): Promise<ItemsResult> => {
  const result: ItemsResult = { Items: [], Count: 0, ScannedCount: 0 };
  let token = startingToken;
  do {
    const remaining = select && limit !== undefined ? limit - result.Items.length : undefined;
    const page = await db.executeStatement({ ...input, ReturnConsumedCapacity: 'TOTAL', ...(token ? { NextToken: token } : {}), ...(remaining !== undefined ? { Limit: remaining } : {}) }, table);
    result.Items.push(...((page.Items ?? []) as Item[]));
    result.ConsumedCapacity = addCapacity(result.ConsumedCapacity, page.ConsumedCapacity);
    token = page.NextToken;
  } while (select && token && (limit === undefined || result.Items.length < limit));
  result.Count = result.ScannedCount = result.Items.length;
  if (token) result.NextToken = token;
  return result;
};
