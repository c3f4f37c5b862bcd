/**
 * JSON text ⇄ plain values, with numbers exact both ways. JSON allows a number of any length; JSON.parse keeps ~15
 * digits of it. `parseJson` reads a literal that a double cannot hold exactly as the SDK's NumberValue (its text), and
 * `toJson` writes a NumberValue back as the same bare literal. An attribute named `__proto__` stays an own property
 * (JSON.parse defines it; the slow reader here does the same), never the object's prototype.
 */
import { NumberValue, plainNumber } from './number.js';

/**
 * Text in which every number literal fits a double: no run of 16 digits and dots (16+ significant digits need one),
 * no three-digit exponent. Strings are not skipped, so a long digit run in a string only costs the slower reader.
 */
const RISKY = /\d[\d.]{15}|[eE][+-]?\d{3}/;

export class JsonSyntaxError extends SyntaxError {}

/** A JSON value with exact numbers. Throws a JsonSyntaxError (or SyntaxError) when the text is not JSON. */
export const parseJson = (text: string): unknown => (RISKY.test(text) ? new Reader(text).document() : JSON.parse(text));

/** Sets a property as an own data property, whatever its name (`obj[k] = v` with k "__proto__" sets the prototype). */
export const setOwn = (obj: Record<string, unknown>, key: string, value: unknown): void => {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
};

const MAX_DEPTH = 1_000;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const SPACE = /[ \t\n\r]*/y;

/** The slow path: a recursive-descent reader whose only difference from JSON.parse is exact numbers. */
class Reader {
  private i = 0;
  constructor(private readonly text: string) {}

  document(): unknown {
    const value = this.value(0);
    this.space();
    if (this.i < this.text.length) this.fail('unexpected text after the JSON value');
    return value;
  }

  private fail(what: string): never {
    throw new JsonSyntaxError(`${what} at position ${this.i}`);
  }

  private space(): void {
    SPACE.lastIndex = this.i;
    SPACE.exec(this.text);
    this.i = SPACE.lastIndex;
  }

  private match(re: RegExp): string | undefined {
    re.lastIndex = this.i;
    const m = re.exec(this.text);
    if (!m) return undefined;
    this.i = re.lastIndex;
    return m[0];
  }

  private value(depth: number): unknown {
    if (depth > MAX_DEPTH) this.fail(`nested deeper than ${MAX_DEPTH} levels`);
    this.space();
    const c = this.text[this.i];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') return this.string();
    for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.text.startsWith(word, this.i)) {
        this.i += word.length;
        return value;
      }
    }
    const n = this.match(NUMBER);
    if (n === undefined) this.fail(c === undefined ? 'unexpected end of JSON input' : `unexpected ${JSON.stringify(c)}`);
    return plainNumber(n);
  }

  private string(): string {
    const s = this.match(STRING);
    if (s === undefined) this.fail('unterminated or invalid string');
    return JSON.parse(s) as string;
  }

  private object(depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.i++;
    this.space();
    if (this.text[this.i] === '}') {
      this.i++;
      return out;
    }
    for (;;) {
      this.space();
      if (this.text[this.i] !== '"') this.fail('expected a property name');
      const key = this.string();
      this.space();
      if (this.text[this.i++] !== ':') this.fail('expected :');
      setOwn(out, key, this.value(depth + 1));
      this.space();
      const c = this.text[this.i++];
      if (c === '}') return out;
      if (c !== ',') this.fail('expected , or }');
    }
  }

  private array(depth: number): unknown[] {
    const out: unknown[] = [];
    this.i++;
    this.space();
    if (this.text[this.i] === ']') {
      this.i++;
      return out;
    }
    for (;;) {
      out.push(this.value(depth + 1));
      this.space();
      const c = this.text[this.i++];
      if (c === ']') return out;
      if (c !== ',') this.fail('expected , or ]');
    }
  }
}

/** A marker only this process knows: a NumberValue is written as this string, then the quotes and marker go. */
const MARK = `\u0000n${Math.random().toString(36).slice(2, 10)}:`;
const MARKED = new RegExp(`"\\\\u0000${MARK.slice(1)}([^"]*)"`, 'g');

/**
 * JSON text of plain values: Sets (SS/NS/BS) become arrays, binary (Uint8Array) base64, a NumberValue its digits as
 * a bare number. `indent` 0 for one line. No second copy of the value is made (export writes millions of items).
 */
export const toJson = (value: unknown, indent = 0): string => {
  let marked = false;
  const text = JSON.stringify(
    value,
    function (this: Record<string, unknown>, key: string, v: unknown) {
      const raw = this[key]; // before toJSON (a Buffer's would hide that it is binary)
      if (raw instanceof NumberValue) {
        marked = true;
        return MARK + raw.value;
      }
      if (raw instanceof Set) return [...raw];
      if (raw instanceof Uint8Array) return Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('base64');
      return v;
    },
    indent || undefined,
  );
  return marked ? text.replace(MARKED, '$1') : text;
};
