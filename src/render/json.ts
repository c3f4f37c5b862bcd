/** JSON for scripts, with plain values and exact numbers (src/values/json.ts), and one cell's text for tables. */
import { toJson as plainJson } from '../values/json-writer.js';

export const toJson = (value: unknown): string => plainJson(value, 2);
export const toJsonLine = (value: unknown): string => plainJson(value);

/** One cell's text: strings as they are, everything else as compact JSON. */
export const cellText = (value: unknown): string => {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  return plainJson(value);
};
