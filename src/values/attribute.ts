/**
 * The one value model: DynamoDB attribute values (`{"S": …}`, `{"N": "…"}`, …, what the low-level client sends and
 * receives) are the exact form; plain values (string, number or NumberValue, Uint8Array, boolean, null, arrays,
 * objects, Sets) are what people and `jq` see. Both ways here, and every check DynamoDB makes of a value, so that a
 * value DynamoDB would refuse is refused before anything is sent, naming its attribute path and the value:
 * numbers (grammar, 38 digits, range), base64, sets (not empty, members unique, one type), NULL true, attribute
 * names not empty at every depth, nesting at most 32 levels. (Key types and the 400 KB limit: requests/check-item.ts.)
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { decompose, numberProblem } from './number.js';
import { NumberValue, plainNumber } from './exact-number.js';
import { setOwn } from './json.js';

export type AttributeMap = Record<string, AttributeValue>;
export type PlainItem = Record<string, unknown>;

/** DynamoDB's deepest nesting: a value inside 31 maps or lists (measured on DynamoDB Local: 32 refused). */
export const MAX_LEVEL = 32;

/** A value DynamoDB cannot hold: where it is (`a.b[2]`) and why. */
export class ValueProblem extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`attribute ${path || '(the item)'} ${reason}`);
  }
}

const SIMPLE_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** `a.b[0]`; a name that is not a plain word is quoted: `m."x.y"`, `""`. */
export const childPath = (path: string, name: string): string => {
  const part = SIMPLE_NAME.test(name) ? name : JSON.stringify(name);
  return path ? `${path}.${part}` : part;
};

/** A value as a short quote for a message. */
export const quote = (value: unknown): string => {
  const text =
    typeof value === 'string'
      ? JSON.stringify(value)
      : value instanceof NumberValue
        ? value.value
        : value instanceof Uint8Array
          ? `(base64) ${Buffer.from(value).toString('base64')}`
          : String(JSON.stringify(value) ?? value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
};

const checkNumber = (text: string, path: string): string => {
  const problem = numberProblem(text);
  if (problem) throw new ValueProblem(path, `= ${text}: ${problem}`);
  return text;
};

/** A number's identity as DynamoDB compares them ("1" and "1.0" are the same set member). */
const numberKey = (text: string): string => {
  const { digits, exponent } = decompose(text);
  return digits ? `${text.trim().startsWith('-') ? '-' : ''}${digits}e${exponent}` : '0';
};

const checkSet = <T>(members: readonly T[], path: string, key: (m: T) => string, type: string): void => {
  if (!members.length) throw new ValueProblem(path, `is an empty ${type} set (DynamoDB sets hold at least one member)`);
  const seen = new Set<string>();
  for (const m of members) {
    const k = key(m);
    if (seen.has(k)) throw new ValueProblem(path, `has the member ${quote(m)} twice (${type} set members are unique)`);
    seen.add(k);
  }
};

const checkLevel = (level: number, path: string): void => {
  if (level > MAX_LEVEL) throw new ValueProblem(path, `is nested ${level} levels deep (DynamoDB allows ${MAX_LEVEL})`);
};

const checkName = (name: string, path: string): void => {
  if (name === '') throw new ValueProblem(path || '""', 'has an empty name (attribute names need at least one character)');
};

const bytesKey = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');

// ---------------------------------------------------------------------------------------------------------------
// plain → attribute value

const numberText = (v: number | bigint | NumberValue, path: string): string => {
  // A JS number here is exact: ddb's readers keep every digit past 15 as a NumberValue (src/values/json.ts).
  if (typeof v === 'number' && !Number.isFinite(v)) throw new ValueProblem(path, `= ${v}: is not a number DynamoDB can hold`);
  return checkNumber(v instanceof NumberValue ? v.value : String(v), path);
};

const isNumberLike = (v: unknown): v is number | bigint | NumberValue => typeof v === 'number' || typeof v === 'bigint' || v instanceof NumberValue;

/** A plain value as DynamoDB holds it; throws a ValueProblem naming `path` when DynamoDB could not hold it. */
export const toAttributeValue = (v: unknown, path: string, level = 1): AttributeValue => {
  checkLevel(level, path);
  if (typeof v === 'string') return { S: v };
  if (isNumberLike(v)) return { N: numberText(v, path) };
  if (typeof v === 'boolean') return { BOOL: v };
  if (v === null) return { NULL: true };
  if (v instanceof Uint8Array) return { B: v };
  if (Array.isArray(v)) return { L: v.map((x, i) => toAttributeValue(x, `${path}[${i}]`, level + 1)) };
  if (v instanceof Set) return setValue([...v], path);
  if (typeof v === 'object') return { M: toAttributeMap(v as PlainItem, path, level + 1) };
  throw new ValueProblem(path, `= ${String(v)}: not a value DynamoDB can hold`);
};

const setValue = (members: unknown[], path: string): AttributeValue => {
  // (an empty Set is taken for a string set, and refused as empty)
  if (members.every((m) => typeof m === 'string')) {
    checkSet(members as string[], path, (m) => m, 'string');
    return { SS: members as string[] };
  }
  if (members.every(isNumberLike)) {
    const texts = members.map((m) => numberText(m, path));
    checkSet(texts, path, numberKey, 'number');
    return { NS: texts };
  }
  if (members.every((m) => m instanceof Uint8Array)) {
    checkSet(members as Uint8Array[], path, bytesKey, 'binary');
    return { BS: members as Uint8Array[] };
  }
  throw new ValueProblem(path, 'is a set whose members are not all strings, all numbers or all binary');
};

/** Plain attributes as DynamoDB attribute values (an item, or a map's members at `path`). */
export const toAttributeMap = (item: PlainItem, path = '', level = 1): AttributeMap => {
  const out: AttributeMap = {};
  for (const name of Object.keys(item)) {
    const v = item[name];
    if (v === undefined) continue;
    const at = childPath(path, name);
    checkName(name, at);
    setOwn(out, name, toAttributeValue(v, at, level));
  }
  return out;
};

// ---------------------------------------------------------------------------------------------------------------
// DynamoDB JSON (parsed: N as text, B as base64) → attribute value

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const bytes = (v: unknown, path: string): Uint8Array => {
  if (typeof v !== 'string' || !BASE64.test(v)) throw new ValueProblem(path, `= ${quote(v)}: is not base64 (binary is written as base64 text)`);
  return new Uint8Array(Buffer.from(v, 'base64'));
};

const typedNumber = (v: unknown, path: string): string => {
  // A number literal as well as text: {"N": 1} is what people write by hand; the reader kept its digits.
  if (typeof v === 'number' || v instanceof NumberValue) return numberText(v, path);
  if (typeof v !== 'string') throw new ValueProblem(path, `= ${quote(v)}: an N value is a number written as text, {"N": "1.5"}`);
  return checkNumber(v, path);
};

const list = (v: unknown, path: string, type: string): unknown[] => {
  if (!Array.isArray(v)) throw new ValueProblem(path, `: ${type} takes an array, got ${quote(v)}`);
  return v;
};

/** One value in DynamoDB JSON (`{"S": "x"}`) as an attribute value; throws a ValueProblem naming `path`. */
export const fromTypedValue = (av: unknown, path: string, level = 1): AttributeValue => {
  checkLevel(level, path);
  const keys = isObject(av) ? Object.keys(av) : [];
  if (keys.length !== 1) throw new ValueProblem(path, `= ${quote(av)}: not a DynamoDB JSON value ({"S": …}, {"N": …}, {"M": …}, …)`);
  const type = keys[0] as string;
  const v = (av as Record<string, unknown>)[type];
  switch (type) {
    case 'S':
      if (typeof v !== 'string') throw new ValueProblem(path, `= ${quote(av)}: S takes a string`);
      return { S: v };
    case 'N':
      return { N: typedNumber(v, path) };
    case 'B':
      return { B: bytes(v, path) };
    case 'BOOL':
      if (typeof v !== 'boolean') throw new ValueProblem(path, `= ${quote(av)}: BOOL takes true or false`);
      return { BOOL: v };
    case 'NULL':
      if (v !== true) throw new ValueProblem(path, `= ${quote(av)}: NULL takes true only ({"NULL": true})`);
      return { NULL: true };
    case 'L':
      return { L: list(v, path, 'L').map((x, i) => fromTypedValue(x, `${path}[${i}]`, level + 1)) };
    case 'M':
      if (!isObject(v)) throw new ValueProblem(path, `= ${quote(av)}: M takes an object of attributes`);
      return { M: fromTypedMap(v, path, level + 1) };
    case 'SS': {
      const members = list(v, path, 'SS');
      if (!members.every((m) => typeof m === 'string')) throw new ValueProblem(path, `= ${quote(av)}: SS takes strings`);
      checkSet(members as string[], path, (m) => m, 'string');
      return { SS: members as string[] };
    }
    case 'NS': {
      const members = list(v, path, 'NS').map((m) => typedNumber(m, path));
      checkSet(members, path, numberKey, 'number');
      return { NS: members };
    }
    case 'BS': {
      const members = list(v, path, 'BS').map((m) => bytes(m, path));
      checkSet(members, path, bytesKey, 'binary');
      return { BS: members };
    }
    default:
      throw new ValueProblem(path, `= ${quote(av)}: unknown type ${JSON.stringify(type)} (S, N, B, BOOL, NULL, L, M, SS, NS, BS)`);
  }
};

/** Attributes in DynamoDB JSON (an item, or a map's members at `path`) as attribute values. */
export const fromTypedMap = (item: Record<string, unknown>, path = '', level = 1): AttributeMap => {
  const out: AttributeMap = {};
  for (const name of Object.keys(item)) {
    const at = childPath(path, name);
    checkName(name, at);
    setOwn(out, name, fromTypedValue(item[name], at, level));
  }
  return out;
};

// ---------------------------------------------------------------------------------------------------------------
// attribute value → plain

/** A value as people read it: N a JS number when exact (else a NumberValue), B bytes, sets Sets, `__proto__` kept. */
export const toPlain = (av: AttributeValue): unknown => {
  if (av.S !== undefined) return av.S;
  if (av.N !== undefined) return plainNumber(av.N);
  if (av.BOOL !== undefined) return av.BOOL;
  if (av.NULL !== undefined) return null;
  if (av.B !== undefined) return av.B;
  if (av.M !== undefined) return plainItem(av.M);
  if (av.L !== undefined) return av.L.map(toPlain);
  if (av.SS !== undefined) return new Set(av.SS);
  if (av.NS !== undefined) return new Set(av.NS.map(plainNumber));
  if (av.BS !== undefined) return new Set(av.BS);
  return undefined;
};

export const plainItem = (item: AttributeMap): PlainItem => {
  const out: PlainItem = {};
  for (const name of Object.keys(item)) setOwn(out, name, toPlain(item[name] as AttributeValue));
  return out;
};

// ---------------------------------------------------------------------------------------------------------------
// what plain JSON cannot say

/** Values whose type plain JSON cannot say (sets become arrays, binary base64 text): how many, and the first. */
export class PlainLosses {
  sets = 0;
  binary = 0;
  first: string | undefined;

  /** `item` as plain values, counting what changes type on the way. */
  plain(item: AttributeMap): PlainItem {
    this.walk(item, '');
    return plainItem(item);
  }

  private walk(map: AttributeMap, path: string): void {
    for (const name of Object.keys(map)) this.value(map[name] as AttributeValue, childPath(path, name));
  }

  private value(av: AttributeValue, path: string): void {
    if (av.SS !== undefined || av.NS !== undefined || av.BS !== undefined) this.note(path, 'sets');
    else if (av.B !== undefined) this.note(path, 'binary');
    else if (av.M !== undefined) this.walk(av.M, path);
    else if (av.L !== undefined) av.L.forEach((v, i) => this.value(v, `${path}[${i}]`));
  }

  private note(path: string, kind: 'sets' | 'binary'): void {
    this[kind]++;
    this.first ??= path;
  }

  /** One line for stderr, or undefined when nothing changed type. */
  text(format: string): string | undefined {
    if (!this.sets && !this.binary) return undefined;
    const parts = [this.sets ? `${this.sets} set(s) written as JSON arrays` : '', this.binary ? `${this.binary} binary value(s) written as base64 strings` : ''].filter(Boolean);
    return `${format} has no types for these: ${parts.join(' and ')} (the first: ${this.first}); \`ddb import\` reads them back as lists and strings — the default format (--format dynamodb) keeps every type`;
  }
}
