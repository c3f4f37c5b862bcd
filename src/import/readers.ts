/**
 * Streaming readers: a file in, one record at a time out, each with where it came from (NDJSON and CSV: its line;
 * a JSON array: its record number), so memory stays flat whatever the size. A record that cannot be read (bad JSON on
 * a line or in an array element, a CSV row with the wrong number of fields, a record longer than MAX_RECORD_BYTES) is
 * yielded with an `error`. Input that cannot be read on (a JSON array cut off or broken, a CSV quote left open, a
 * stream that fails) ends the read with a `fatal` record — after every record before it, so that those are written
 * (or, with --dry-run, counted) before the import stops. Readers do not throw.
 *
 * A UTF-8 byte-order mark at the start is skipped in every format.
 */
import { Parser as CsvParser } from 'csv-parse';
import { type CsvType, headerCell, typedCell } from './csv-types.js';
import type { ImportFormat } from './source.js';
import { JsonArraySplitter, JsonShapeError } from './json-array-splitter.js';
import { LineSplitter, MAX_RECORD_BYTES, MAX_RECORD_TEXT, TOO_LONG } from './splitters.js';
import { count } from '../text.js';
import { parseJson, setOwn } from '../values/json.js';

export type Item = Record<string, unknown>;
export type Record_ =
  /** `group`: the top-level key of the JSON array the record is in ("Items", or a table name) */
  | { where: string; item: Item; group?: string; error?: undefined; fatal?: undefined }
  | { where: string; error: string; item?: undefined; fatal?: undefined }
  /** nothing after it can be read: `error` is the whole reason (what follows the source's name) */
  | { where: string; error: string; fatal: true; suggestion?: string; item?: undefined };

export interface ReadOptions {
  /** column types for CSV: from --types, and the table's key attributes */
  types: Map<string, CsvType>;
  /** the columns --types names (each must be in the header) */
  given?: ReadonlySet<string>;
  name: string;
}

/** csv-parse's cell for `""`: the empty string, where an empty cell is no attribute. */
const QUOTED_EMPTY = Symbol('quoted empty');
type Cell = string | typeof QUOTED_EMPTY;

const isItem = (v: unknown): v is Item => typeof v === 'object' && v !== null && !Array.isArray(v);
const errorText = (error: unknown): string => (error as NodeJS.ErrnoException)?.code ?? (error as Error)?.message ?? String(error);

/** The stream failed (a read error): what was read is kept, nothing after. */
const unreadable = (error: unknown, after: string): Record_ => ({
  where: after,
  fatal: true,
  error: `could not be read on ${after}: ${errorText(error)}`,
  suggestion: 'check the file or the command piping into ddb, then run the same import again (it is idempotent)',
});

const chunks = (stream: NodeJS.ReadableStream): AsyncIterable<Buffer | string> => stream as AsyncIterable<Buffer | string>;
const bytes = (chunk: Buffer | string): Buffer => (typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);

const parseLine = (where: string, text: string, group?: string): Record_ => {
  let value: unknown;
  try {
    value = parseJson(text); // numbers with every digit
  } catch (error) {
    return { where, error: `not valid JSON (${(error as Error).message})` };
  }
  return isItem(value) ? { where, item: value, ...(group !== undefined ? { group } : {}) } : { where, error: 'not a JSON object' };
};

export async function* readNdjson(stream: NodeJS.ReadableStream): AsyncGenerator<Record_> {
  const splitter = new LineSplitter();
  let lastLine = 0;
  const records = function* (lines: ReturnType<LineSplitter['push']>): Generator<Record_> {
    for (const line of lines) {
      lastLine = line.n;
      const where = `line ${line.n}`;
      if (line.tooLong) {
        yield { where, error: TOO_LONG };
        continue;
      }
      const text = line.text.endsWith('\r') ? line.text.slice(0, -1) : line.text;
      if (text.trim()) yield parseLine(where, text);
    }
  };
  try {
    for await (const chunk of chunks(stream)) yield* records(splitter.push(bytes(chunk)));
  } catch (error) {
    yield unreadable(error, `after line ${count(lastLine)}`);
    return;
  }
  // A last line without a newline that is not JSON is most likely cut off (a copy or a pipe that stopped): that stops
  // the import in any mode, --skip-invalid included, rather than being skipped as one bad record.
  for (const record of records(splitter.end())) {
    if (record.error !== undefined && /^not valid JSON/.test(record.error)) {
      yield { where: record.where, fatal: true, error: `cut off: the input ends inside ${record.where} (${record.error})`, suggestion: CUT_HINT };
    } else yield record;
  }
}

const JSON_SHAPE_HINT = 'a .json file must be one array [{...}, ...] (or {"Items": [...]} as `ddb scan --output json` prints); for one object per line use .ndjson';
const CUT_HINT = 'check that the file was copied or generated completely, then run the same import again (it is idempotent)';

/** A top-level array of items, or the `Items` array of a `{"Items": [...], "Count": …}` reply. */
export async function* readJsonArray(stream: NodeJS.ReadableStream): AsyncGenerator<Record_> {
  const splitter = new JsonArraySplitter();
  const after = (): string => (splitter.records ? `after record ${count(splitter.records)}` : 'before the first record');
  const records = function* (pieces: ReturnType<JsonArraySplitter['push']>): Generator<Record_> {
    for (const piece of pieces) {
      const where = `record ${piece.n}`;
      yield piece.tooLong ? { where, error: TOO_LONG } : parseLine(where, piece.text, piece.group);
    }
  };
  const shape = (error: JsonShapeError): Record_ => {
    const where = after();
    if (error.noArray) return { where, fatal: true, error: `not a JSON array of items: ${error.message}`, suggestion: JSON_SHAPE_HINT };
    if (error.cut) return { where, fatal: true, error: `cut off ${where}: ${error.message}`, suggestion: CUT_HINT };
    return { where, fatal: true, error: `not valid JSON ${where}, at line ${count(error.line)}: ${error.message}`, suggestion: 'fix the file there and run the same import again (it is idempotent)' };
  };
  try {
    for await (const chunk of chunks(stream)) {
      yield* records(splitter.push(bytes(chunk)));
      if (splitter.failure) break;
    }
  } catch (error) {
    yield unreadable(error, after());
    return;
  }
  if (!splitter.failure) yield* records(splitter.end());
  if (splitter.failure) yield shape(splitter.failure);
}

/** csv-parse's stream, except that an error ends it (after the rows before it) instead of destroying it. */
class TolerantCsvParser extends CsvParser {
  failure: Error | undefined;
  override _transform(chunk: Buffer, encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.failure) return callback();
    super._transform(chunk, encoding, (error?: Error | null) => {
      if (error) this.fail(error);
      callback();
    });
  }
  override _flush(callback: (error?: Error | null) => void): void {
    if (this.failure) return callback();
    super._flush((error?: Error | null) => {
      if (error) this.failure ??= error;
      callback();
    });
  }
  fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.emit('failed');
  }
}

export async function* readCsv(stream: NodeJS.ReadableStream, opts: ReadOptions): AsyncGenerator<Record_> {
  // max_record_size (characters of one row): the bound NDJSON lines have, so a quote left open is not read to the end.
  const rows = new TolerantCsvParser({
    info: true,
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
    max_record_size: MAX_RECORD_BYTES,
    cast: (value: string, context: { quoting: boolean }) => (context.quoting && value === '' ? QUOTED_EMPTY : value) as string,
  });
  // On a parse error, stop reading: nothing after it can be trusted.
  rows.once('failed', () => {
    stream.unpipe(rows);
    (stream as Partial<{ destroy(): void }>).destroy?.();
    setImmediate(() => rows.end());
  });
  stream.on('error', (e: Error) => rows.fail(e));
  stream.pipe(rows);
  let header: string[] | undefined;
  let types = opts.types;
  let lastLine = 0;
  for await (const { record, info } of rows as AsyncIterable<{ record: Cell[]; info: { lines: number } }>) {
    lastLine = info.lines;
    if (!header) {
      const read = csvHeader(record, opts, info.lines);
      if ('error' in read) {
        yield { where: `line ${info.lines}`, fatal: true, error: read.error, suggestion: read.suggestion };
        return;
      }
      [header, types] = [read.names, read.types];
      continue;
    }
    yield csvRecord(record, header, `line ${info.lines}`, types);
  }
  const failure = rows.failure;
  if (!failure) return;
  const after = `after line ${count(lastLine)}`;
  const code = (failure as { code?: string }).code;
  if (code === 'CSV_MAX_RECORD_SIZE') {
    const line = (failure as { lines?: number }).lines ?? lastLine + 1;
    yield { where: after, fatal: true, error: `a row longer than ${MAX_RECORD_TEXT} at line ${count(line)} (no DynamoDB item is that long; is a quote left open?)`, suggestion: 'check the quoting near that line' };
  } else if (code?.startsWith('CSV_')) {
    yield { where: after, fatal: true, error: `not valid CSV ${after}: ${failure.message}`, suggestion: 'check the quoting near that line' };
  } else yield unreadable(failure, after);
}

/**
 * The header's column names and types (`price:N` states a type; --types wins over it, and both over the table's key
 * types). Refused: an empty or repeated column name (a repeated one would keep only its last cell), a --types column
 * the header does not have.
 */
const csvHeader = (cells: Cell[], opts: ReadOptions, line: number): { names: string[]; types: Map<string, CsvType> } | { error: string; suggestion: string } => {
  const names: string[] = [];
  const types = new Map(opts.types);
  const seen = new Map<string, number>();
  for (const [i, cell] of cells.entries()) {
    const { name, type } = headerCell(cell === QUOTED_EMPTY ? '' : cell.trim());
    const at = `line ${line}, column ${i + 1}`;
    if (!name) return { error: `the CSV header has an empty column name (${at}): every column needs a name`, suggestion: 'name the column in the header, or remove it' };
    if (seen.has(name)) return { error: `the CSV header names column "${name}" twice (columns ${seen.get(name)} and ${i + 1})`, suggestion: 'rename one of them: each attribute can have one value' };
    seen.set(name, i + 1);
    if (type && !opts.given?.has(name)) types.set(name, type);
    names.push(name);
  }
  const unknown = [...(opts.given ?? [])].filter((n) => !seen.has(n));
  if (unknown.length) return { error: `--types names ${unknown.map((n) => `"${n}"`).join(', ')}, not a column of the header (${names.join(', ')})`, suggestion: 'check the column names in --types' };
  return { names, types };
};

const csvRecord = (cells: Cell[], header: string[], where: string, types: Map<string, CsvType>): Record_ => {
  if (cells.length !== header.length) return { where, error: `${cells.length} field(s), the header has ${header.length}` };
  const item: Item = {};
  for (let i = 0; i < header.length; i++) {
    const cell = cells[i] ?? '';
    if (cell === '') continue; // an empty cell: no attribute
    const column = header[i] as string;
    const typed = typedCell(cell === QUOTED_EMPTY ? '' : cell, types.get(column));
    if ('error' in typed) return { where, error: `column ${column}: ${typed.error}` };
    setOwn(item, column, typed.value);
  }
  return { where, item };
};

export const readRecords = (format: ImportFormat, stream: NodeJS.ReadableStream, opts: ReadOptions): AsyncGenerator<Record_> =>
  format === 'ndjson' ? readNdjson(stream) : format === 'json' ? readJsonArray(stream) : readCsv(stream, opts);
