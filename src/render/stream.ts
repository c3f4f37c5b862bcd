/**
 * Streams a query-like reply page by page so memory stays flat: JSON as DynamoDB's own shape
 * ({"Items":[…],"Count":n,…}), NDJSON one item per line. The closing fields are written after the last page.
 */
import type { OutStream } from '../runtime.js';
import { toPlain } from './plain.js';

export interface ItemWriter {
  items(items: readonly Record<string, unknown>[]): void;
  end(tail: Record<string, unknown>): void;
}

export const jsonItemWriter = (out: OutStream): ItemWriter => {
  let first = true;
  out.write('{\n  "Items": [');
  return {
    items(items) {
      for (const item of items) {
        out.write(`${first ? '\n' : ',\n'}    ${JSON.stringify(toPlain(item))}`);
        first = false;
      }
    },
    end(tail) {
      out.write(first ? '],' : '\n  ],');
      const rest = Object.entries(tail).filter(([, v]) => v !== undefined);
      out.write(`\n${rest.map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(toPlain(v))}`).join(',\n')}\n}\n`);
    },
  };
};

export const ndjsonItemWriter = (out: OutStream): ItemWriter => ({
  items(items) {
    for (const item of items) out.write(`${JSON.stringify(toPlain(item))}\n`);
  },
  end() {},
});
