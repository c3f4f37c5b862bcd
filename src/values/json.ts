/**
 * JSON text → plain values, with numbers exact. JSON allows a number of any length; JSON.parse keeps ~15 digits of
 * it. `parseJson` reads a literal that a double would not give back as written as the SDK's NumberValue (its text);
 * ./json-writer.ts writes it back as the same bare literal. An attribute named `__proto__` stays an own property
 * (JSON.parse defines it; the reader here does the same), never the object's prototype.
 */
import { plainNumber } from './exact-number.js';

/**
 * Text whose number literals JSON.parse gives back unchanged: integers of at most 15 digits (no fraction, no
 * exponent, no -0). Strings are not skipped, so such a look-alike in a string only costs the exact reader (~2× slower).
 */
const RISKY = /\d[.eE]|\d{16}|-0/;

export class JsonSyntaxError extends SyntaxError {}

/** A JSON value with exact numbers (the text of each kept, see plainNumber). Throws a SyntaxError when the text is not JSON. */
export const parseJson = (text: string): unknown => (RISKY.test(text) ? new Reader(text).document() : JSON.parse(text));

/** Sets a property as an own data property, whatever its name (`obj[k] = v` with k "__proto__" sets the prototype). */
export const setOwn = (obj: Record<string, unknown>, key: string, value: unknown): void => {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
};

const MAX_DEPTH = 1_000;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

/** The slow path: a recursive-descent reader whose only difference from JSON.parse is exact numbers. */
class Reader {
  private i = 0;
  /** where the next backslash is (-1: none left), found once and again only after the reader passes it */
  private backslash = -2;
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
    for (let c = this.text.charCodeAt(this.i); c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09; c = this.text.charCodeAt(++this.i));
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
    const word = c === 't' ? 'true' : c === 'f' ? 'false' : c === 'n' ? 'null' : undefined;
    if (word !== undefined && this.text.startsWith(word, this.i)) {
      this.i += word.length;
      return word === 'true' ? true : word === 'false' ? false : null;
    }
    const n = this.match(NUMBER);
    if (n === undefined) this.fail(c === undefined ? 'unexpected end of JSON input' : `unexpected ${JSON.stringify(c)}`);
    return plainNumber(n);
  }

  private string(): string {
    // Most strings have no escape: the text up to the next quote is the string.
    const end = this.text.indexOf('"', this.i + 1);
    if (this.backslash !== -1 && this.backslash < this.i) this.backslash = this.text.indexOf('\\', this.i);
    if (end !== -1 && (this.backslash === -1 || this.backslash > end)) {
      const s = this.text.slice(this.i + 1, end);
      this.i = end + 1;
      return s;
    }
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
