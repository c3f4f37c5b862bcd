/**
 * Export encoders (pure): a page of items in, text out. NDJSON and JSON carry plain values (toPlain: sets become
 * arrays, binary base64) — what `ddb import` reads back. CSV has a fixed header, so its columns are decided before
 * the first row is written (see csv-format.ts, loaded only for CSV).
 */
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

