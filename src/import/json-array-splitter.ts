/**
 * A JSON array into the text of its records, byte by byte in one pass (see splitters.ts for what the splitters share):
 * it tracks strings, escapes and nesting only to find where each top-level element ends, and hands each element's
 * text to the reader (src/values/json.ts).
 */
import { BomSkipper, Gather, NL } from './splitters.js';

/** What the JSON-array splitter finds: a record's text, a record too long to hold, or the end of the input. */
export type JsonPiece = ({ n: number; text: string; tooLong?: undefined } | { n: number; tooLong: true; text?: undefined }) & {
  /** the top-level object's key whose array holds the record ("Items", or a table's name in a BatchWriteItem file) */
  group?: string;
};

/** The input is not (or no longer) an array of records: `cut` when it ends too early, else a syntax error. */
export class JsonShapeError extends Error {
  constructor(
    message: string,
    readonly cut: boolean,
    readonly line: number,
    readonly noArray = false,
  ) {
    super(message);
  }
}

const enum S {
  /** before the top-level value */
  Start,
  /** in the top-level object: before a key or '}' */
  Key,
  KeyString,
  Colon,
  /** in the top-level object: before a value */
  Value,
  /** in the top-level object: skipping a value that is not an array */
  Skip,
  /** after a value of the top-level object: ',' or '}' */
  AfterValue,
  /** in the array: before a record, or ']' */
  Element,
  Record,
  /** after the record: ',' or ']' */
  AfterRecord,
  End,
}

/** A top-level key's text (its JSON escapes read). */
const keyText = (bytes: number[]): string => {
  try {
    return JSON.parse(`"${Buffer.from(bytes).toString('utf8')}"`) as string;
  } catch {
    return Buffer.from(bytes).toString('utf8');
  }
};

const isSpace = (b: number): boolean => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
const OPEN = new Set([0x7b, 0x5b]); // { [
const CLOSE = new Set([0x7d, 0x5d]); // } ]
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;

/**
 * The records of a JSON array (the top-level value, or every array of a top-level object — `Items`, or a table's
 * requests in a BatchWriteItem file — each record with its key as `group`) as text, one at a time:
 * it follows strings and nesting to find where each record ends and leaves the parsing of the record to the reader.
 * A record that is not valid JSON is the reader's business (and can be skipped); when the input is not an array, is
 * cut off, or breaks the array's own syntax, `failure` says so (after the records before the fault are returned) and
 * nothing more is read.
 */
export class JsonArraySplitter {
  private readonly bom = new BomSkipper();
  private readonly record = new Gather();
  private state = S.Start;
  private topLevel: 'array' | 'object' | undefined;
  private found = false;
  private key: number[] = [];
  /** the key of the array being read, when the top level is an object */
  private group: string | undefined;
  /** in the record (or skipped value): nesting, and whether in a string or just after a backslash in one */
  private depth = 0;
  private inString = false;
  private escaped = false;
  private afterComma = false;
  private n = 0;
  /** the line being read (1-based) */
  line = 1;
  /** why the input cannot be read on, once it cannot */
  failure: JsonShapeError | undefined;

  get records(): number {
    return this.n;
  }

  get held(): number {
    return this.record.held;
  }

  /** the records that end in this chunk (none once `failure` is set) */
  push(input: Buffer): JsonPiece[] {
    const out: JsonPiece[] = [];
    if (this.failure) return out;
    try {
      this.scanChunk(this.bom.skip(input), out);
    } catch (error) {
      if (!(error instanceof JsonShapeError)) throw error;
      this.failure = error;
    }
    return out;
  }

  /** the input has ended: sets `failure` unless it ended where it may (a record always ends at , or ], so none is left) */
  end(): JsonPiece[] {
    if (this.failure) return [];
    try {
      this.checkEnd();
    } catch (error) {
      if (!(error instanceof JsonShapeError)) throw error;
      this.failure = error;
    }
    return [];
  }

  private scanChunk(chunk: Buffer, out: JsonPiece[]): void {
    let recordStart = this.state === S.Record ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i] as number;
      if (b === NL) this.line++;
      switch (this.state) {
        case S.Start:
          if (isSpace(b)) continue;
          if (b === 0x5b) {
            this.topLevel = 'array';
            this.enterArray();
          } else if (b === 0x7b) {
            this.topLevel = 'object';
            this.state = S.Key;
          } else throw this.error('it does not start with [ or {', false, true);
          continue;
        case S.Key:
          if (isSpace(b)) continue;
          if (b === QUOTE) {
            this.key = [];
            this.escaped = false;
            this.state = S.KeyString;
          } else if (b === 0x7d && !this.afterComma) this.state = S.End;
          else throw this.error('expected a key or }');
          this.afterComma = false;
          continue;
        case S.KeyString:
          if (this.escaped) this.escaped = false;
          else if (b === BACKSLASH) this.escaped = true;
          else if (b === QUOTE) {
            this.state = S.Colon;
            continue;
          }
          if (this.key.length <= 1024) this.key.push(b);
          continue;
        case S.Colon:
          if (isSpace(b)) continue;
          if (b !== 0x3a) throw this.error('expected :');
          this.state = S.Value;
          continue;
        case S.Value:
          if (isSpace(b)) continue;
          if (b === 0x5b) {
            this.group = keyText(this.key);
            this.enterArray();
            continue;
          }
          this.state = S.Skip;
          this.depth = 0;
          this.inString = false;
          this.escaped = false;
          i--; // this byte starts the value
          continue;
        case S.Skip:
          if (this.scan(b)) continue;
          // at the top level of the object, after the value
          if (b === COMMA) {
            this.afterComma = true;
            this.state = S.Key;
          } else if (b === 0x7d) this.state = S.End;
          // else a space, or part of a number or a literal
          continue;
        case S.AfterValue:
          if (isSpace(b)) continue;
          if (b === COMMA) {
            this.afterComma = true;
            this.state = S.Key;
          } else if (b === 0x7d) this.state = S.End;
          else throw this.error('expected , or }');
          continue;
        case S.Element:
          if (isSpace(b)) continue;
          if (b === 0x5d && !this.afterComma) {
            this.leaveArray();
            continue;
          }
          if (b === COMMA || b === 0x5d) throw this.error('expected a record');
          this.state = S.Record;
          this.depth = 0;
          this.inString = false;
          this.escaped = false;
          recordStart = i;
          i--; // this byte starts the record
          continue;
        case S.Record:
          if (this.scan(b)) {
            // an object, array or string record ends with its closing bracket or quote
            if (this.depth === 0 && !this.inString && (CLOSE.has(b) || b === QUOTE)) {
              this.addRecord(chunk.subarray(recordStart, i + 1), out);
              recordStart = -1;
              this.take(out);
              this.state = S.AfterRecord;
            }
            continue;
          }
          if (b === COMMA || b === 0x5d) {
            this.addRecord(chunk.subarray(recordStart, i), out);
            recordStart = -1;
            this.take(out);
            if (b === COMMA) {
              this.afterComma = true;
              this.state = S.Element;
            } else this.leaveArray();
            continue;
          }
          if (b === 0x7d) throw this.error('expected , or ]');
          if (isSpace(b)) {
            // the record's own text has ended: what follows must be , or ]
            this.addRecord(chunk.subarray(recordStart, i), out);
            recordStart = -1;
            this.take(out);
            this.state = S.AfterRecord;
          }
          continue;
        case S.AfterRecord:
          if (isSpace(b)) continue;
          if (b === COMMA || b === 0x5d) {
            if (b === COMMA) {
              this.afterComma = true;
              this.state = S.Element;
            } else this.leaveArray();
            continue;
          }
          throw this.error('expected , or ]');
        case S.End:
          if (isSpace(b)) continue;
          throw this.error('more text after the end of the array');
      }
    }
    if (recordStart !== -1 && this.state === S.Record) this.addRecord(chunk.subarray(recordStart), out);
  }

  private checkEnd(): void {
    if (this.state === S.End) {
      if (!this.found) throw this.error('no array of items in it', false, true);
      return;
    }
    if (this.state === S.Start) throw this.error('it is empty', true, true);
    const where =
      this.state === S.Record ? `inside record ${this.n + 1}` : this.state === S.Element || this.state === S.AfterRecord ? 'before the closing ]' : 'before the closing }';
    throw this.error(`the input ends ${where}`, true);
  }

  /**
   * Follows strings and nesting inside a record or skipped value; true when the byte belongs to it, false when it is
   * at the record's own level (outside strings and brackets) — where , ] } and spaces end it.
   */
  private scan(b: number): boolean {
    if (this.inString) {
      if (this.escaped) this.escaped = false;
      else if (b === BACKSLASH) this.escaped = true;
      else if (b === QUOTE) this.inString = false;
      return true;
    }
    if (b === QUOTE) this.inString = true;
    else if (OPEN.has(b)) this.depth++;
    else if (CLOSE.has(b) && this.depth > 0) this.depth--;
    else if (this.depth === 0) return false;
    return true;
  }

  private enterArray(): void {
    this.found = true;
    this.state = S.Element;
    this.afterComma = false;
  }

  private leaveArray(): void {
    this.afterComma = false;
    this.state = this.topLevel === 'object' ? S.AfterValue : S.End;
  }

  /** a record too long is reported as soon as it is, and not again when it ends */
  private addRecord(part: Buffer, out: JsonPiece[]): void {
    if (this.record.add(part)) out.push({ n: this.n + 1, tooLong: true, group: this.group });
  }

  private take(out: JsonPiece[]): void {
    const { text, tooLong } = this.record.take();
    this.afterComma = false;
    this.n++;
    if (!tooLong) out.push({ n: this.n, text, group: this.group });
  }

  private error(message: string, cut = false, noArray = false): JsonShapeError {
    return new JsonShapeError(message, cut, this.line, noArray);
  }
}
