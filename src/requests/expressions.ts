/**
 * Expressions for any table, with generated placeholders: every attribute name becomes #nK and every value :vK, so
 * reserved words (status, name, date, …) and names with odd characters just work. Pure; no SDK.
 *
 * - Paths: `a.b[0].c` is the attribute a, its member b, element 0, member c (a name cannot hold `.`, `[` or `]`).
 * - Filters (--filter), a small grammar (README "Filters"):
 *
 *     filter    := condition ( AND condition )*
 *     condition := PATH OP VALUE | begins_with(PATH, VALUE) | contains(PATH, VALUE)
 *                | attribute_exists(PATH) | attribute_not_exists(PATH)
 *     OP        := = | <> | < | <= | > | >=
 *     VALUE     := "a JSON string" | a bare word: a JSON number, true, false or null is that; anything else a string
 *
 *   `and` and the function names in any case. No `or`, `not` or parentheses: more than that is a job for `ddb sql`.
 */
import { DdbError } from '../errors.js';
import { numberProblem } from '../values/number.js';
import { plainNumber } from '../values/exact-number.js';

/** One step of a document path: a name, or a list index. */
export type PathStep = { name: string } | { index: number };
export type Path = PathStep[];

const invalid = (message: string, suggestion?: string) => new DdbError('input.invalid', message, { suggestion });

/** `a.b[0]` → [{name: a}, {name: b}, {index: 0}]; throws on an empty name or a bad index. */
export const parsePath = (text: string, what = 'attribute'): Path => {
  const path: Path = [];
  for (const segment of text.split('.')) {
    const m = /^([^.[\]]+)((?:\[\d+\])*)$/.exec(segment);
    if (!m) throw invalid(`${what} "${text}" is not an attribute path`, 'write a name, or a.b for a member of a map, a[0] for an element of a list');
    path.push({ name: m[1]! });
    for (const i of m[2]!.matchAll(/\[(\d+)\]/g)) path.push({ index: Number(i[1]) });
  }
  return path;
};

export const pathText = (path: Path): string => path.map((s, i) => ('name' in s ? `${i ? '.' : ''}${s.name}` : `[${s.index}]`)).join('');

/** Placeholders for one request: the same name gets the same #nK; every value its own :vK. */
export class Placeholders {
  readonly names: Record<string, string> = {};
  readonly values: Record<string, unknown> = {};
  private readonly ids = new Map<string, string>();
  private valueCount = 0;

  name(name: string): string {
    let id = this.ids.get(name);
    if (!id) {
      id = `#n${this.ids.size}`;
      this.ids.set(name, id);
      this.names[id] = name;
    }
    return id;
  }

  path(path: Path): string {
    return path.map((s, i) => ('name' in s ? `${i ? '.' : ''}${this.name(s.name)}` : `[${s.index}]`)).join('');
  }

  value(value: unknown): string {
    const id = `:v${this.valueCount++}`;
    this.values[id] = value;
    return id;
  }

  /** ExpressionAttributeNames / ExpressionAttributeValues, each left out when empty. */
  attributes(): { ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Record<string, unknown> } {
    return {
      ...(this.ids.size ? { ExpressionAttributeNames: this.names } : {}),
      ...(this.valueCount ? { ExpressionAttributeValues: this.values } : {}),
    };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Filters

export const COMPARATORS = ['=', '<>', '<', '<=', '>', '>='] as const;
export type Comparator = (typeof COMPARATORS)[number];

export type Condition =
  | { kind: 'compare'; path: Path; op: Comparator; value: unknown }
  | { kind: 'begins_with' | 'contains'; path: Path; value: unknown }
  | { kind: 'attribute_exists' | 'attribute_not_exists'; path: Path };

type Token = { t: 'str'; v: string; at: number } | { t: 'word'; v: string; at: number } | { t: 'op'; v: Comparator; at: number } | { t: 'punct'; v: '(' | ')' | ','; at: number };

const FILTER_HELP = 'e.g. --filter \'status = shipped and total >= 100 and begins_with(sku, "BK-")\' (see README "Filters")';

const tokenize = (text: string, flag: string): Token[] => {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const space = /^\s+/.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    const str = /^"(?:[^"\\]|\\.)*"/.exec(rest);
    const op = /^(<>|<=|>=|=|<|>)/.exec(rest);
    const word = /^[^\s(),<>="]+/.exec(rest);
    if (str) {
      tokens.push({ t: 'str', v: JSON.parse(str[0]) as string, at: i });
      i += str[0].length;
    } else if (rest[0] === '"') {
      throw invalid(`${flag}: a string that does not end: ${rest}`, 'close it with "');
    } else if (op) {
      tokens.push({ t: 'op', v: op[1] as Comparator, at: i });
      i += op[1]!.length;
    } else if ('(),'.includes(rest[0]!)) {
      tokens.push({ t: 'punct', v: rest[0] as '(' | ')' | ',', at: i });
      i += 1;
    } else {
      tokens.push({ t: 'word', v: word![0], at: i });
      i += word![0].length;
    }
  }
  return tokens;
};

/** A value as written: a JSON string; or a bare word, which is a JSON number/true/false/null if it parses as one, else a string. */
export const wordValue = (word: string): unknown => {
  if (/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(word)) return plainNumber(word); // every digit kept
  if (word === 'true' || word === 'false' || word === 'null') return JSON.parse(word);
  return word;
};

const FUNCTIONS = { begins_with: 2, contains: 2, attribute_exists: 1, attribute_not_exists: 1 } as const;

/** Parses --filter; throws one line naming what is wrong. */
export const parseFilter = (text: string, flag = '--filter'): Condition[] => {
  const tokens = tokenize(text, flag);
  let pos = 0;
  const near = () => (tokens[pos] ? ` at "${text.slice(tokens[pos]!.at)}"` : ' at the end');
  const fail = (what: string): never => {
    throw invalid(`${flag}: ${what}${near()}`, FILTER_HELP);
  };
  const next = (): Token | undefined => tokens[pos++];
  const expectPunct = (p: '(' | ')' | ',') => {
    const t = tokens[pos];
    if (t?.t !== 'punct' || t.v !== p) fail(`expected "${p}"`);
    pos++;
  };
  const path = (): Path => {
    const t = tokens[pos];
    if (t?.t !== 'word') return fail('expected an attribute name');
    pos++;
    return parsePath(t.v);
  };
  const value = (p: Path): unknown => {
    const t = next();
    if (t?.t === 'str') return t.v;
    if (t?.t === 'word') {
      const problem = /^[-\d]/.test(t.v) ? numberProblem(t.v) : undefined;
      if (problem) throw invalid(`${flag}: ${pathText(p)}: the number ${t.v} ${problem}`, 'DynamoDB numbers have at most 38 significant digits, magnitude 1E-130 to under 1E+126');
      return wordValue(t.v);
    }
    pos--;
    return fail('expected a value');
  };
  const condition = (): Condition => {
    const t = tokens[pos];
    if (t?.t === 'word' && tokens[pos + 1]?.t === 'punct' && tokens[pos + 1]!.v === '(') {
      const fn = t.v.toLowerCase();
      if (!(fn in FUNCTIONS)) fail(`unknown function "${t.v}" (begins_with, contains, attribute_exists, attribute_not_exists)`);
      pos += 2;
      const p = path();
      if (FUNCTIONS[fn as keyof typeof FUNCTIONS] === 2) {
        expectPunct(',');
        const v = value(p);
        expectPunct(')');
        return { kind: fn as 'begins_with' | 'contains', path: p, value: v };
      }
      expectPunct(')');
      return { kind: fn as 'attribute_exists' | 'attribute_not_exists', path: p };
    }
    if (t?.t === 'word' && /^(or|not)$/i.test(t.v)) fail(`"${t.v}" is not supported: conditions are joined by "and" only`);
    const p = path();
    const op = next();
    if (op?.t !== 'op') {
      pos--;
      return fail(`expected one of ${COMPARATORS.join(' ')} after "${pathText(p)}"`);
    }
    return { kind: 'compare', path: p, op: op.v, value: value(p) };
  };
  if (!tokens.length) fail('empty filter');
  const conditions = [condition()];
  while (pos < tokens.length) {
    const t = next()!;
    if (t.t !== 'word' || t.v.toLowerCase() !== 'and') {
      pos--;
      fail(/^(or)$/i.test(t.v) ? '"or" is not supported: conditions are joined by "and" only' : 'expected "and" between conditions');
    }
    conditions.push(condition());
  }
  return conditions;
};

/** The conditions as an expression over `ph`'s placeholders. */
export const filterExpression = (conditions: readonly Condition[], ph: Placeholders): string =>
  conditions
    .map((c) => {
      if (c.kind === 'compare') return `${ph.path(c.path)} ${c.op} ${ph.value(c.value)}`;
      if (c.kind === 'begins_with' || c.kind === 'contains') return `${c.kind}(${ph.path(c.path)}, ${ph.value(c.value)})`;
      return `${c.kind}(${ph.path(c.path)})`;
    })
    .join(' AND ');

/** --projection a,b.c → paths. */
export const parseProjection = (text: string): Path[] => {
  const parts = text.split(',').map((s) => s.trim());
  if (parts.some((p) => !p)) throw invalid(`--projection "${text}" has an empty name`, 'list attribute names separated by commas: --projection pk,sk,total');
  return parts.map((p) => parsePath(p, '--projection'));
};

export const projectionExpression = (paths: readonly Path[], ph: Placeholders): string => paths.map((p) => ph.path(p)).join(', ');
