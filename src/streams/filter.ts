/**
 * Lambda's event filtering (FilterCriteria; https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventfiltering.html),
 * the EventBridge pattern language, applied to each record in the shape the function gets (./lambda-event.ts):
 * `{"dynamodb": {"NewImage": {"pk": {"S": [{"prefix": "MSG#"}]}}}}`. A pattern is an object whose leaves are arrays
 * of rules; a field matches when any of its rules does, a pattern when all its fields do, and a record passes when
 * any pattern (each `--filter`) matches. Records that pass no pattern are dropped, never sent, and counted as read.
 *
 * Rules: a string, number, boolean or null (exact match); `{"prefix": s}`, `{"suffix": s}`, `{"equals-ignore-case": s}`;
 * `{"anything-but": value | [values] | {"prefix": s} | {"suffix": s}}`; `{"numeric": [op, n, (op, n)]}` with = < <=
 * > >=; `{"exists": true | false}`. Numbers in DynamoDB JSON are strings (`{"N": "42"}`), so `numeric` matches JSON
 * numbers only (SizeBytes, ApproximateCreationDateTime), as in Lambda. A field holding an array matches when any
 * element does.
 */
import { DdbError } from '../errors.js';

export type Pattern = { [field: string]: Pattern | Rule[] };
type Rule = string | number | boolean | null | Record<string, unknown>;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const OPERATORS = new Set(['=', '<', '<=', '>', '>=']);

const bad = (text: string, why: string): never => {
  throw new DdbError('usage', `--filter ${text}: ${why}`, { suggestion: `write a pattern as Lambda's FilterCriteria has it, e.g. '{"dynamodb":{"NewImage":{"pk":{"S":[{"prefix":"MSG#"}]}}}}'` });
};

const checkRule = (rule: unknown, where: string, text: string): void => {
  if (rule === null || ['string', 'number', 'boolean'].includes(typeof rule)) return;
  if (!isObject(rule) || Object.keys(rule).length !== 1) return bad(text, `${where}: a rule is a value or an object with one operator`);
  const [op, arg] = Object.entries(rule)[0]!;
  switch (op) {
    case 'prefix':
    case 'suffix':
    case 'equals-ignore-case':
      if (typeof arg !== 'string') bad(text, `${where}: "${op}" takes a string`);
      return;
    case 'exists':
      if (typeof arg !== 'boolean') bad(text, `${where}: "exists" takes true or false`);
      return;
    case 'anything-but': {
      const ok = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);
      if (isObject(arg) ? !(Object.keys(arg).length === 1 && (typeof arg.prefix === 'string' || typeof arg.suffix === 'string')) : Array.isArray(arg) ? !arg.every(ok) : !ok(arg)) {
        bad(text, `${where}: "anything-but" takes a value, a list of values, or {"prefix": …} / {"suffix": …}`);
      }
      return;
    }
    case 'numeric': {
      const parts = Array.isArray(arg) ? arg : [];
      const pairs = parts.length === 2 || parts.length === 4;
      if (!pairs || parts.some((p, i) => (i % 2 ? typeof p !== 'number' : !OPERATORS.has(p as string)))) bad(text, `${where}: "numeric" takes [op, number] or [op, number, op, number] with = < <= > >=`);
      return;
    }
    default:
      bad(text, `${where}: unknown operator "${op}" (prefix, suffix, equals-ignore-case, anything-but, numeric, exists)`);
  }
};

const checkPattern = (pattern: unknown, path: string, text: string): Pattern => {
  if (!isObject(pattern) || !Object.keys(pattern).length) return bad(text, `${path || 'the pattern'} must be a JSON object with fields`);
  for (const [field, value] of Object.entries(pattern)) {
    const where = path ? `${path}.${field}` : field;
    if (Array.isArray(value)) {
      if (!value.length) bad(text, `${where}: a list of rules may not be empty`);
      value.forEach((rule, i) => checkRule(rule, `${where}[${i}]`, text));
    } else checkPattern(value, where, text);
  }
  return pattern as Pattern;
};

/** A `--filter` value → a checked pattern (a usage error names the place that is wrong). */
export const parsePattern = (text: string): Pattern => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return bad(text, `not JSON (${(error as Error).message})`);
  }
  return checkPattern(parsed, '', text);
};

const numericOk = (ops: unknown[], n: number): boolean => {
  for (let i = 0; i < ops.length; i += 2) {
    const bound = ops[i + 1] as number;
    const ok = { '=': n === bound, '<': n < bound, '<=': n <= bound, '>': n > bound, '>=': n >= bound }[ops[i] as string];
    if (!ok) return false;
  }
  return true;
};

const ruleMatches = (rule: Rule, value: unknown): boolean => {
  if (!isObject(rule)) return rule === value;
  const [op, arg] = Object.entries(rule)[0]!;
  switch (op) {
    case 'prefix':
      return typeof value === 'string' && value.startsWith(arg as string);
    case 'suffix':
      return typeof value === 'string' && value.endsWith(arg as string);
    case 'equals-ignore-case':
      return typeof value === 'string' && value.toLowerCase() === (arg as string).toLowerCase();
    case 'numeric':
      return typeof value === 'number' && numericOk(arg as unknown[], value);
    case 'anything-but':
      if (isObject(arg)) return typeof value === 'string' && !(typeof arg.prefix === 'string' ? value.startsWith(arg.prefix) : value.endsWith(arg.suffix as string));
      return !(Array.isArray(arg) ? arg : [arg]).includes(value as never);
    default:
      return false;
  }
};

const fieldMatches = (rules: Rule[], present: boolean, value: unknown): boolean =>
  rules.some((rule) => {
    if (isObject(rule) && 'exists' in rule) return rule.exists === (present && !isObject(value));
    if (!present) return false;
    return Array.isArray(value) ? value.some((v) => ruleMatches(rule, v)) : ruleMatches(rule, value);
  });

export const matches = (pattern: Pattern, record: unknown): boolean =>
  Object.entries(pattern).every(([field, sub]) => {
    const present = isObject(record) && field in record && record[field] !== undefined;
    const value = present ? (record as Record<string, unknown>)[field] : undefined;
    // a missing parent is an empty object: `{"exists": false}` under it still holds
    return Array.isArray(sub) ? fieldMatches(sub, present, value) : matches(sub, isObject(value) ? value : {});
  });

/** No patterns: every record passes; otherwise any one of them must match. */
export const passes = (patterns: readonly Pattern[], record: unknown): boolean => !patterns.length || patterns.some((p) => matches(p, record));
