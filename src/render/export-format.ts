/**
 * Export encoders (pure): a page of items in, text out. NDJSON and JSON carry plain values (sets become
 * arrays, binary base64) — what `ddb import` reads back. CSV has a fixed header, so its columns are decided before
 * the first row is written (see csv-format.ts, loaded only for CSV).
 */

/**
 * JSON.stringify(toPlain(item)) without copying the item first: a replacer turns sets into arrays and binary into
 * base64 as it goes. An export of millions of items then allocates one string per item instead of a second object tree.
 */
const plainReplacer = (_key: string, value: unknown): unknown =>
  value instanceof Set ? [...value] : value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value;
export const plainJson = (item: unknown): string => JSON.stringify(item, plainReplacer);

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
  page: (items) => items.map((i) => `${plainJson(i)}\n`).join(''),
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
        text += `${first ? '\n' : ',\n'}${plainJson(i)}`;
        first = false;
      }
      return text;
    },
    tail: () => (first ? ']\n' : '\n]\n'),
  };
};

