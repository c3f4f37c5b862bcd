/**
 * Items as text, page by page (pure): DynamoDB JSON lines (lossless), NDJSON, a JSON array, or a JSON object framing
 * the items (DynamoDB's reply shape {"Items": […], "Count": n, …}). Plain values are exact numbers, sets as arrays,
 * binary as base64 — what `ddb import` reads back, except those two types. CSV has a fixed header, so its columns are decided before the first row (csv-encoder.ts, loaded only for CSV).
 * The one streaming JSON encoder of ddb: `ddb export` writes it to a file or stdout, the output step streams scans
 * with it.
 */
import { toJson as plainJson, typedJson } from '../values/json-writer.js';

/** `dynamodb`: DynamoDB JSON lines `{"Item": {…}}` as DynamoDB's export to S3 writes them — every type exact. */
export const EXPORT_FORMATS = ['dynamodb', 'ndjson', 'json', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

type Item = Record<string, unknown>;

export interface Encoder {
  head(): string;
  page(items: readonly Item[]): string;
  tail(): string;
}

/** Items in DynamoDB JSON (as the low-level client reads them), one `{"Item": {…}}` per line. */
export const dynamodbEncoder = (): Encoder => ({
  head: () => '',
  page: (items) => {
    let text = '';
    for (const i of items) text += `{"Item":${typedJson(i as Parameters<typeof typedJson>[0])}}\n`;
    return text;
  },
  tail: () => '',
});

export const ndjsonEncoder = (): Encoder => ({
  head: () => '',
  page: (items) => items.map((i) => `${plainJson(i)}\n`).join(''),
  tail: () => '',
});

/**
 * A JSON array, one item per line; `frame` puts it inside an object: `{"Items": [ … ], "Count": 3, …}` with the
 * fields `frame.tail()` returns once the last page is written.
 */
export const jsonEncoder = (frame?: { name: string; tail: () => Record<string, unknown> }): Encoder => {
  let first = true;
  const indent = frame ? '    ' : '';
  return {
    head: () => (frame ? `{\n  ${JSON.stringify(frame.name)}: [` : '['),
    page: (items) => {
      let text = '';
      for (const i of items) {
        text += `${first ? '\n' : ',\n'}${indent}${plainJson(i)}`;
        first = false;
      }
      return text;
    },
    tail: () => {
      if (!frame) return first ? ']\n' : '\n]\n';
      const rest = Object.entries(frame.tail()).filter(([, v]) => v !== undefined);
      return `${first ? ']' : '\n  ]'}${rest.map(([k, v]) => `,\n  ${JSON.stringify(k)}: ${plainJson(v)}`).join('')}\n}\n`;
    },
  };
};

/** Pages through an encoder as text chunks. */
export async function* encodePages(pages: AsyncIterable<readonly Item[]>, encoder: Encoder): AsyncGenerator<string> {
  yield encoder.head();
  for await (const items of pages) yield encoder.page(items);
  yield encoder.tail();
}

/**
 * Attribute names to show or write as columns: the key attributes first, then every other attribute in first-seen
 * order over a sample of items (CSV's header, a table's columns).
 */
export const attributeNames = (keyNames: readonly string[], sample: readonly Item[]): string[] => {
  const names = new Set<string>(keyNames);
  for (const item of sample) for (const k of Object.keys(item)) names.add(k);
  return [...names];
};
