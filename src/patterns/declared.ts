/**
 * Access patterns declared in the schema file (a table's `accessPatterns`), turned into Queries. Pure: a table's
 * schema, a pattern and its param values in, a QueryCommandInput out — with generated placeholders (#pk, :pk, #sk, …)
 * so any attribute name works, DynamoDB's reserved words included. `ddb patterns NAME` runs what this builds;
 * src/patterns/check.ts checks a pattern against the keys before it is run.
 */
import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { DdbError } from '../errors.js';
import type { AccessPatternSpec, KeySpec, ParamType, SchemaFile, SortConditionSpec, SortOperator, TableSchema } from '../schema/format.js';
import type { NumberValue } from '../values/exact-number.js';

/** Items a pattern reads when neither the file nor --limit says. */
export const DEFAULT_LIMIT = 20;

/** A pattern where the file declares it. */
export interface DeclaredPattern {
  name: string;
  table: TableSchema;
  pattern: AccessPatternSpec;
  /** its place in the file, e.g. tables[0].accessPatterns.get-conversation */
  path: string;
}

export const declaredPatterns = (schema: SchemaFile): DeclaredPattern[] =>
  schema.tables.flatMap((table, t) => Object.entries(table.accessPatterns ?? {}).map(([name, pattern]) => ({ name, table, pattern, path: `tables[${t}].accessPatterns.${name}` })));

export interface ParamSpec {
  name: string;
  type: ParamType;
  optional: boolean;
}

/** The params in declared order ("timestamp?" is an optional timestamp). */
export const paramSpecs = (pattern: AccessPatternSpec): ParamSpec[] =>
  Object.entries(pattern.params).map(([name, type]) => ({ name, type: type.replace(/\?$/, '') as ParamType, optional: type.endsWith('?') }));

export type ParamValue = string | number | NumberValue;
export type ParamValues = Readonly<Record<string, ParamValue | undefined>>;

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9_]*)\}/g;
const WHOLE = /^\{([A-Za-z][A-Za-z0-9_]*)\}$/;

/** The params a template uses, in order. */
export const templateParams = (template: string): string[] => [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!);

/** The param a template is made of alone ("{n}"), if it is. */
export const soleParam = (template: string): string | undefined => WHOLE.exec(template)?.[1];

/** A "{" or "}" that is not part of a placeholder: the template is not well-formed. */
export const hasStrayBrace = (template: string): boolean => /[{}]/.test(template.replace(PLACEHOLDER, ''));

/**
 * The value of a template: the text with every placeholder filled; a template that is one placeholder alone keeps the
 * param's own value (a number stays a number, for an N key). undefined when a param it uses has no value.
 */
export const fillTemplate = (template: string, values: ParamValues): ParamValue | undefined => {
  if (templateParams(template).some((p) => values[p] === undefined)) return undefined;
  const sole = soleParam(template);
  if (sole !== undefined) return values[sole];
  return template.replace(PLACEHOLDER, (_, p: string) => String(values[p]));
};

/** The key of what a pattern queries: the table, a global index, or a local one (the table's partition key); undefined when the table has no such index. */
export const patternKeys = (table: TableSchema, index: string | undefined): KeySpec | undefined => {
  if (!index) return table.keys;
  const gsi = table.globalSecondaryIndexes.find((i) => i.name === index);
  if (gsi) return gsi.keys;
  const lsi = table.localSecondaryIndexes.find((i) => i.name === index);
  return lsi ? { partition: table.keys.partition, sort: lsi.sort } : undefined;
};

export const indexNames = (table: TableSchema): string[] => [...table.globalSecondaryIndexes, ...table.localSecondaryIndexes].map((i) => i.name);

/** The operator of a sort condition and its templates (two for between). */
export const sortOperator = (sort: SortConditionSpec): [SortOperator, string[]] => {
  const [op, operand] = Object.entries(sort).find(([key, value]) => key !== 'attribute' && value !== undefined) as [SortOperator, string | [string, string]];
  return [op, typeof operand === 'string' ? [operand] : [...operand]];
};

/**
 * The sort condition with the values given, or undefined when it is dropped: a condition whose optional params are
 * absent is dropped, and `between` with one side given becomes >= or <=.
 */
const sortCondition = (sort: SortConditionSpec, values: ParamValues): { expression: string; values: Record<string, ParamValue> } | undefined => {
  const [op, templates] = sortOperator(sort);
  const [a, b] = templates.map((t) => fillTemplate(t, values));
  if (op === 'between') {
    if (a !== undefined && b !== undefined) return { expression: '#sk BETWEEN :sk1 AND :sk2', values: { ':sk1': a, ':sk2': b } };
    if (a !== undefined) return { expression: '#sk >= :sk', values: { ':sk': a } };
    if (b !== undefined) return { expression: '#sk <= :sk', values: { ':sk': b } };
    return undefined;
  }
  if (a === undefined) return undefined;
  return { expression: op === 'beginsWith' ? 'begins_with(#sk, :sk)' : `#sk ${op} :sk`, values: { ':sk': a } };
};

export interface BuildOptions {
  /** items wanted (default: the pattern's limit, else DEFAULT_LIMIT) */
  limit?: number;
  /** another table with the same keys (--table); default: the table the pattern is declared on */
  tableName?: string;
}

/** The Query a pattern makes with these param values (parsed already: uuids checked, timestamps canonical, users resolved). */
export const buildQuery = (table: TableSchema, pattern: AccessPatternSpec, values: ParamValues, opts: BuildOptions = {}): QueryCommandInput => {
  const { query } = pattern;
  const keys = patternKeys(table, query.index);
  if (!keys) throw new DdbError('schema.invalid', `no index "${query.index}" on ${table.name}`, { suggestion: 'run `ddb patterns check`' });
  const pk = fillTemplate(query.partition, values);
  if (pk === undefined) throw new DdbError('usage', `the partition key "${query.partition}" needs ${templateParams(query.partition).filter((p) => values[p] === undefined).join(', ')}`);
  const names: Record<string, string> = { '#pk': keys.partition };
  const exprValues: Record<string, ParamValue> = { ':pk': pk };
  let expression = '#pk = :pk';
  const sort = query.sort && keys.sort ? sortCondition(query.sort, values) : undefined;
  if (sort) {
    names['#sk'] = keys.sort!;
    Object.assign(exprValues, sort.values);
    expression += ` AND ${sort.expression}`;
  }
  return {
    TableName: opts.tableName ?? table.name,
    ...(query.index ? { IndexName: query.index } : {}),
    KeyConditionExpression: expression,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: exprValues,
    ScanIndexForward: !query.newestFirst,
    Limit: opts.limit ?? query.limit ?? DEFAULT_LIMIT,
    ReturnConsumedCapacity: 'TOTAL',
  };
};

/** The items in the order people read them: as the query reads them, unless `display` says the other order. */
export const inDisplayOrder = <T>(pattern: AccessPatternSpec, items: T[]): T[] => {
  const reads = pattern.query.newestFirst ? 'newestFirst' : 'oldestFirst';
  return (pattern.query.display ?? reads) === reads ? items : [...items].reverse();
};

const SORT_TEXT: Record<SortOperator, string> = { beginsWith: 'begins with', between: 'between', '=': '=', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

/** The key condition as people read it: `pk = MSG#{group}, sk between {since} and {until}`. */
export const keyConditionText = (table: TableSchema, pattern: AccessPatternSpec): string => {
  const keys = patternKeys(table, pattern.query.index) ?? { partition: '?', sort: '?' };
  const pk = `${keys.partition} = ${pattern.query.partition}`;
  if (!pattern.query.sort) return pk;
  const [op, templates] = sortOperator(pattern.query.sort);
  return `${pk}, ${keys.sort ?? '?'} ${SORT_TEXT[op]} ${templates.join(' and ')}`;
};
