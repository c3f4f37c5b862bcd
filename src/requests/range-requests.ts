/**
 * Requests for a key range (Query) and the extras of a Scan, for any table: the --sk grammar, key values converted to
 * the declared types, filter and projection with placeholders (pure). Item requests are in item-requests.ts.
 */
import type { QueryCommandInput, ScanCommandInput } from '@aws-sdk/lib-dynamodb';
import { type Condition, type Path, Placeholders, filterExpression, projectionExpression } from './expressions.js';
import { capacity } from './item-requests.js';
import { keyValueFromText } from './item-input.js';
import { type KeyShape, describeKey, invalid, where } from './key-shape.js';

export type SortCondition = { op: '=' | '<' | '<=' | '>' | '>=' | 'begins_with'; value: string } | { op: 'between'; low: string; high: string };

const SK_HELP = 'e.g. --sk "begins_with ORDER#", --sk "between 2024-01 and 2024-02", --sk ">= 10" (quote a value with spaces as a JSON string)';

/** One value of --sk: a JSON string "…" or the text as it is. */
const skValue = (text: string): string => {
  const t = text.trim();
  if (t.startsWith('"')) {
    try {
      const v = JSON.parse(t);
      if (typeof v === 'string') return v;
    } catch {
      /* fall through */
    }
    throw invalid(`--sk: ${t} is not a JSON string`, SK_HELP);
  }
  return t;
};

/** --sk "begins_with X" | "between A and B" | "= X" | "< X" | "<= X" | "> X" | ">= X". */
export const parseSortCondition = (text: string): SortCondition => {
  const t = text.trim();
  const op = /^(<=|>=|=|<|>)\s*([\s\S]*)$/.exec(t);
  if (op) {
    if (!op[2]) throw invalid(`--sk "${text}": a value must follow ${op[1]}`, SK_HELP);
    return { op: op[1] as '=', value: skValue(op[2]) };
  }
  const begins = /^begins_with\s+([\s\S]+)$/i.exec(t);
  if (begins) return { op: 'begins_with', value: skValue(begins[1]!) };
  const between = /^between\s+([\s\S]+)$/i.exec(t);
  if (between) {
    const rest = between[1]!;
    const quoted = /^"(?:[^"\\]|\\.)*"/.exec(rest);
    const m = quoted ? /^\s+and\s+([\s\S]+)$/i.exec(rest.slice(quoted[0].length)) : /^([\s\S]+?)\s+and\s+([\s\S]+)$/i.exec(rest);
    if (!m) throw invalid(`--sk "${text}": write "between LOW and HIGH"`, SK_HELP);
    return quoted ? { op: 'between', low: skValue(quoted[0]), high: skValue(m[1]!) } : { op: 'between', low: skValue(m[1]!), high: skValue(m[2]!) };
  }
  throw invalid(`--sk "${text}" is not a sort key condition`, SK_HELP);
};

export interface QuerySpec {
  /** the table's key, or the index's */
  shape: KeyShape;
  partition: string;
  sort?: SortCondition;
  desc?: boolean;
  filter?: Condition[];
  projection?: Path[];
  count?: boolean;
  consistentRead?: boolean;
}

/** The Query: key values converted to the declared types; filter and projection with placeholders. Limit is the pager's. */
export const queryRequest = (spec: QuerySpec): QueryCommandInput => {
  const { shape } = spec;
  const ph = new Placeholders();
  const pk = `${ph.name(shape.partition.name)} = ${ph.value(keyValueFromText(spec.partition, shape.partition, shape))}`;
  let sk = '';
  if (spec.sort) {
    if (!shape.sort) throw invalid(`${where(shape)} has no sort key: --sk cannot be used`, 'leave --sk out (the partition key finds the items), or add --index');
    const attr = shape.sort;
    const value = (text: string) => ph.value(keyValueFromText(text, attr, shape));
    const name = ph.name(attr.name);
    const c = spec.sort;
    if (c.op === 'begins_with' && attr.type === 'N') throw invalid(`--sk begins_with: the sort key ${describeKey(attr)} is a number`, 'use between, <, <=, >, >= on numbers');
    sk = c.op === 'between' ? `${name} BETWEEN ${value(c.low)} AND ${value(c.high)}` : c.op === 'begins_with' ? `begins_with(${name}, ${value(c.value)})` : `${name} ${c.op} ${value(c.value)}`;
  }
  const filter = spec.filter?.length ? filterExpression(spec.filter, ph) : undefined;
  const projection = spec.projection?.length ? projectionExpression(spec.projection, ph) : undefined;
  return {
    TableName: shape.table,
    ...(shape.index ? { IndexName: shape.index } : {}),
    KeyConditionExpression: sk ? `${pk} AND ${sk}` : pk,
    ...(filter ? { FilterExpression: filter } : {}),
    ...(projection ? { ProjectionExpression: projection } : {}),
    ...ph.attributes(),
    ...(spec.desc ? { ScanIndexForward: false } : {}),
    ...(spec.count ? { Select: 'COUNT' as const } : {}),
    ...(spec.consistentRead ? { ConsistentRead: true } : {}),
    ...capacity,
  };
};

/** What --filter, --projection, --index and --count add to a Scan. */
export const scanExtras = (spec: { index?: string; filter?: Condition[]; projection?: Path[]; count?: boolean }): Partial<ScanCommandInput> => {
  const ph = new Placeholders();
  const filter = spec.filter?.length ? filterExpression(spec.filter, ph) : undefined;
  const projection = spec.projection?.length ? projectionExpression(spec.projection, ph) : undefined;
  return {
    ...(spec.index ? { IndexName: spec.index } : {}),
    ...(filter ? { FilterExpression: filter } : {}),
    ...(projection ? { ProjectionExpression: projection } : {}),
    ...ph.attributes(),
    ...(spec.count ? { Select: 'COUNT' as const } : {}),
  };
};
