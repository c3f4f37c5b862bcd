/**
 * Streaming readers: a file in, one record at a time out, each with where it came from (NDJSON and CSV: its line;
 * a JSON array: its record number), so memory stays flat whatever the size. A record that cannot be read (bad JSON on
 * a line, a CSV row with the wrong number of fields) is yielded with an `error`; only a broken JSON array (where
 * nothing after the fault can be found) ends the read.
 */
import { parse as parseCsv } from 'csv-parse';
import StreamJson from 'stream-json';
import StreamArray from 'stream-json/streamers/StreamArray.js';
import Pick from 'stream-json/filters/Pick.js';
import { DdbError } from '../errors.js';
import { type CsvType, typedCell } from './csv-types.js';
import type { ImportFormat } from './source.js';

export type Item = Record<string, unknown>;
export type Record_ = { where: string; item: Item; error?: undefined } | { where: string; error: string; item?: undefined };

export interface ReadOptions {
  /** column types for CSV (from --types, and the table's key attributes) */
  types: Map<string, CsvType>;
  name: string;
}

const isItem = (v: unknown): v is Item => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Lines of a stream, split by hand over the stream's async iterator (which honours back-pressure). */
async function* lines(stream: NodeJS.ReadableStream): AsyncGenerator<string> {
  stream.setEncoding('utf8');
  let rest = '';
  for await (const chunk of stream as AsyncIterable<string>) {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop() ?? '';
    for (const line of parts) yield line;
  }
  if (rest) yield rest;
}

export async function* readNdjson(stream: NodeJS.ReadableStream): AsyncGenerator<Record_> {
  let n = 0;
  for await (const raw of lines(stream)) {
    n++;
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (!text.trim()) continue;
    const where = `line ${n}`;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      yield { where, error: `not valid JSON (${(error as Error).message})` };
      continue;
    }
    yield isItem(value) ? { where, item: value } : { where, error: 'not a JSON object' };
  }
}

const JSON_SHAPE_HINT = 'a .json file must be one array [{...}, ...] (or {"Items": [...]} as `ddb scan --output json` prints); for one object per line use .ndjson';

/** A top-level array of items, or the `Items` array of a `{"Items": [...], "Count": …}` reply. */
export async function* readJsonArray(stream: NodeJS.ReadableStream, name: string): AsyncGenerator<Record_> {
  let found = false;
  const isItemsArray = (stack: readonly (string | number | null)[], token: { name: string }): boolean =>
    (found ||= token.name === 'startArray' && (stack.length === 0 || (stack.length === 1 && stack[0] === 'Items')));
  const parser = StreamJson.parser();
  const pick = Pick.pick({ filter: isItemsArray as never });
  const items = StreamArray.streamArray();
  // pipe() does not pass errors on: a syntax error must end the iteration below, not crash the process.
  const fail = (e: Error) => items.destroy(e);
  stream.on('error', fail);
  parser.on('error', fail);
  pick.on('error', fail);
  stream.pipe(parser).pipe(pick).pipe(items);
  let n = 0;
  try {
    for await (const { value } of items as AsyncIterable<{ key: number; value: unknown }>) {
      n++;
      const where = `record ${n}`;
      yield isItem(value) ? { where, item: value } : { where, error: 'not a JSON object' };
    }
  } catch (error) {
    throw new DdbError('input.invalid', `${name}: not a JSON array of items (after record ${n}): ${(error as Error).message}`, { suggestion: JSON_SHAPE_HINT });
  }
  if (!found) throw new DdbError('input.invalid', `${name}: no array of items in it`, { suggestion: JSON_SHAPE_HINT });
}

export async function* readCsv(stream: NodeJS.ReadableStream, opts: ReadOptions): AsyncGenerator<Record_> {
  const rows = parseCsv({ info: true, bom: true, skip_empty_lines: true, relax_column_count: true });
  stream.on('error', (e: Error) => rows.destroy(e));
  stream.pipe(rows);
  let header: string[] | undefined;
  try {
    for await (const { record, info } of rows as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (!header) {
        header = record.map((h) => h.trim());
        continue;
      }
      yield csvRecord(record, header, `line ${info.lines}`, opts.types);
    }
  } catch (error) {
    throw new DdbError('input.invalid', `${opts.name}: not valid CSV: ${(error as Error).message}`, { suggestion: 'check the quoting near that line' });
  }
}

const csvRecord = (cells: string[], header: string[], where: string, types: Map<string, CsvType>): Record_ => {
  if (cells.length !== header.length) return { where, error: `${cells.length} field(s), the header has ${header.length}` };
  const item: Item = {};
  for (let i = 0; i < header.length; i++) {
    const text = cells[i] ?? '';
    if (text === '') continue;
    const column = header[i] as string;
    const typed = typedCell(text, types.get(column));
    if ('error' in typed) return { where, error: `column ${column}: ${typed.error}` };
    item[column] = typed.value;
  }
  return { where, item };
};

export const readRecords = (format: ImportFormat, stream: NodeJS.ReadableStream, opts: ReadOptions): AsyncGenerator<Record_> =>
  format === 'ndjson' ? readNdjson(stream) : format === 'json' ? readJsonArray(stream, opts.name) : readCsv(stream, opts);
