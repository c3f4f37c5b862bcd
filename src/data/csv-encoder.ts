/**
 * CSV export (loaded only when --format csv is asked for): a fixed header, so the columns are decided before the first
 * row is written.
 */
import { stringify } from 'csv-stringify/sync';
import { toJson as plainJson } from '../values/json.js';
import type { Encoder } from './encoders.js';

/** One CSV cell: strings as they are, numbers and booleans as text, maps, lists and sets as JSON, absent as empty. */
export const csvCell = (value: unknown): string => {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return plainJson(value);
};

/**
 * The columns are chosen before the first row (attributeNames over a sample of the first items); attributes that
 * appear only later are not in the file: the encoder counts them (`missed`) so the export can say so.
 */
export interface CsvEncoder extends Encoder {
  /** attribute names found in items but not in the columns, with how many items had them */
  missed: Map<string, number>;
}

export const csvEncoder = (columns: readonly string[]): CsvEncoder => {
  const known = new Set(columns);
  const missed = new Map<string, number>();
  return {
    missed,
    head: () => stringify([columns as string[]]),
    page: (items) => {
      for (const item of items) for (const k of Object.keys(item)) if (!known.has(k)) missed.set(k, (missed.get(k) ?? 0) + 1);
      return items.length ? stringify(items.map((item) => columns.map((c) => csvCell(item[c])))) : '';
    },
    tail: () => '',
  };
};
