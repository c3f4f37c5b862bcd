/**
 * Byte-level splitters for the import readers: NDJSON into lines (here), a JSON array into the text of its records
 * (json-array-splitter.ts), and what they share (the byte-order mark, gathering a record's bytes). Both work
 * on the raw bytes (a UTF-8 character split across two chunks is joined before it is decoded), in one pass (linear
 * time, however long a line is) and never hold more than MAX_RECORD_BYTES of one record: the moment a record grows
 * past that it is reported as too long (so an import that stops at a bad record stops there, without reading the
 * rest of a 1 GB line), and the splitter only looks for where it ends. A UTF-8 byte-order mark at the start is skipped.
 */

/**
 * The longest record (NDJSON line, JSON-array element, CSV row) read: 4 MiB of UTF-8.
 * DynamoDB takes items of at most 400 KB, counted as attribute names plus values; written as compact JSON the same
 * item can take several times that: a list of booleans costs DynamoDB 2 bytes an element and DynamoDB JSON 14
 * (`{"BOOL":true},`), a 1-byte control character in a string 6 (`\u0001`) — at worst ~7 × 400 KB ≈ 2.8 MB. So 4 MiB
 * refuses no item DynamoDB would accept, while a line that is not one item (a missing newline, a binary file, a quote
 * left open) is refused after 4 MiB instead of being gathered into memory whole.
 */
export const MAX_RECORD_BYTES = 4 * 1024 * 1024;
export const MAX_RECORD_TEXT = '4 MiB';
export const TOO_LONG = `longer than ${MAX_RECORD_TEXT}: no DynamoDB item (400 KB at most) takes that much JSON`;

const BOM = [0xef, 0xbb, 0xbf];
export const NL = 0x0a;

/** Skips a byte-order mark at the start of the input, even one cut across chunks. */
export class BomSkipper {
  private seen = 0;
  private done = false;
  /** `chunk` without the part of a BOM it starts with */
  skip(chunk: Buffer): Buffer {
    if (this.done) return chunk;
    let i = 0;
    while (i < chunk.length && this.seen < BOM.length && chunk[i] === BOM[this.seen]) {
      i++;
      this.seen++;
    }
    if (i < chunk.length || this.seen === BOM.length) {
      this.done = true;
      // A partial match that turns out not to be a BOM: give back the bytes it held.
      if (this.seen < BOM.length && this.seen > i) return Buffer.concat([Buffer.from(BOM.slice(0, this.seen - i)), chunk]);
      if (this.seen < BOM.length) return chunk;
    }
    return chunk.subarray(i);
  }
}

/** One piece of a record being gathered, with a byte count and a limit. */
export class Gather {
  private parts: Buffer[] = [];
  size = 0;
  tooLong = false;
  /** true when this part makes the record too long (once per record) */
  add(part: Buffer): boolean {
    if (this.tooLong || !part.length) return false;
    this.size += part.length;
    if (this.size <= MAX_RECORD_BYTES) {
      this.parts.push(part);
      return false;
    }
    this.tooLong = true;
    this.parts = [];
    return true;
  }
  /** the text gathered, and starts again */
  take(): { text: string; tooLong: boolean } {
    const text = this.tooLong ? '' : this.parts.length === 1 ? (this.parts[0] as Buffer).toString('utf8') : Buffer.concat(this.parts).toString('utf8');
    const tooLong = this.tooLong;
    this.parts = [];
    this.size = 0;
    this.tooLong = false;
    return { text, tooLong };
  }
  /** bytes held (for the tests: never more than MAX_RECORD_BYTES) */
  get held(): number {
    return this.parts.reduce((n, p) => n + p.length, 0);
  }
}

export type Line = { n: number; text: string; tooLong?: undefined } | { n: number; tooLong: true; text?: undefined };

/**
 * NDJSON lines (numbered from 1; a final line without a newline counts). A line's `\r` is left for the reader. A line
 * too long is reported once, as soon as it is.
 */
export class LineSplitter {
  private readonly bom = new BomSkipper();
  private readonly line = new Gather();
  private n = 0;

  push(input: Buffer): Line[] {
    const chunk = this.bom.skip(input);
    const out: Line[] = [];
    let start = 0;
    for (let nl = chunk.indexOf(NL); nl !== -1; nl = chunk.indexOf(NL, start)) {
      this.add(chunk.subarray(start, nl), out);
      this.take(out);
      start = nl + 1;
    }
    this.add(chunk.subarray(start), out);
    return out;
  }

  end(): Line[] {
    const out: Line[] = [];
    if (this.line.size) this.take(out);
    return out;
  }

  get held(): number {
    return this.line.held;
  }

  private add(part: Buffer, out: Line[]): void {
    if (this.line.add(part)) out.push({ n: this.n + 1, tooLong: true });
  }

  private take(out: Line[]): void {
    const { text, tooLong } = this.line.take();
    this.n++;
    if (!tooLong) out.push({ n: this.n, text });
  }
}
