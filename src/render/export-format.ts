/**
 * Export encoders (pure): a page of items in, text out. NDJSON and JSON carry plain values (toPlain: sets become
 * arrays, binary base64) — what `ddb import` reads back. CSV has a fixed header, so its columns are decided before
 * the first row is written (see csvColumns).
 */
import { stringify } from 'csv-stringify/sync';
import { toPlain } from './plain.js';

export const EXPORT_FORMATS = ['ndjson', 'json', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

type Item = Record<string, unknown>;

export interface Encoder {
  head(): string;
  page(items: readonly Item[]): string;
  tail(): string;
}

export const ndjsonEncoder = (): Encoder => ({
  head: () => '',
  page: (items) => items.map((i) => `${JSON.stringify(toPlain(i))}\n`).join(''),
  tail: () => '',
});

/** A JSON array, one item per line. */
export const jsonEncoder = (): Encoder => {
  let first = true;
  return {
    head: () => '[',
    page: (items) => {
      let text = '';
      for (const i of items) {
        text += `${first ? '\n' : ',\n'}${JSON.stringify(toPlain(i))}`;
        first = false;
      }
      return text;
    },
    tail: () => (first ? ']\n' : '\n]\n'),
  };
};

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
