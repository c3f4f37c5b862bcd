/**
 * CSV export (loaded only when --format csv is asked for): a fixed header, so the columns are decided before the first
 * row is written — see csvColumns.
 */
import { stringify } from 'csv-stringify/sync';
import { toPlain } from './plain.js';
import type { Encoder } from './export-format.js';

type Item = Record<string, unknown>;

/** One CSV cell: strings as they are, numbers and booleans as text, maps, lists and sets as JSON, absent as empty. */
export const csvCell = (value: unknown): string => {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  const plain = toPlain(value);
  return typeof plain === 'string' ? plain : JSON.stringify(plain);
};

/**
 * CSV columns without reading the whole table first: the key attributes, then every other attribute name in
 * first-seen order over a sample of the first items. Attributes that appear only later are not in the file;
 * the encoder counts them (`missed`) so the command can say so and suggest --columns.
 */
export const csvColumns = (keyNames: readonly string[], sample: readonly Item[]): string[] => {
  const names = new Set<string>(keyNames);
  for (const item of sample) for (const k of Object.keys(item)) names.add(k);
  return [...names];
};

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
