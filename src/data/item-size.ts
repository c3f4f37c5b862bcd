/**
 * DynamoDB's size of an item in plain (document client) form, as it charges capacity and checks the 400 KB limit:
 * attribute names in UTF-8 plus each value — strings in UTF-8, numbers ~1 byte per 2 significant digits + 1,
 * binary by length, booleans/null 1, lists and maps 3 + 1 per element, sets the sum of their elements.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html
 */
export const MAX_ITEM_BYTES = 400 * 1024;

const utf8 = (s: string): number => Buffer.byteLength(s, 'utf8');

/** Significant digits of a decimal number (leading/trailing zeros, sign and exponent do not count). */
export const numberSize = (text: string): number => {
  const mantissa = text.replace(/^[-+]/, '').split(/e/i)[0] ?? '';
  const digits = mantissa.replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return Math.ceil(Math.max(1, digits.length) / 2) + 1;
};

export const valueSize = (value: unknown): number => {
  if (value === null || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return utf8(value);
  if (typeof value === 'number' || typeof value === 'bigint') return numberSize(String(value));
  if (value instanceof Uint8Array) return value.byteLength;
  if (value instanceof Set) {
    let n = 0;
    for (const v of value) n += valueSize(v);
    return n;
  }
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + 1 + valueSize(v), 3);
  if (typeof value === 'object') {
    // The SDK's NumberValue (exact numbers kept as text) has a string `value`.
    if (value.constructor?.name === 'NumberValue') return numberSize(String((value as { value: unknown }).value));
    let n = 3;
    for (const [k, v] of Object.entries(value)) if (v !== undefined) n += 1 + utf8(k) + valueSize(v);
    return n;
  }
  return 0;
};

export const itemSize = (item: Record<string, unknown>): number => {
  let n = 0;
  for (const [k, v] of Object.entries(item)) if (v !== undefined) n += utf8(k) + valueSize(v);
  return n;
};

/** Write capacity units for one put: 1 per started KB. */
export const writeUnits = (bytes: number): number => Math.max(1, Math.ceil(bytes / 1024));
