/**
 * Items from the document client hold Sets (SS/NS/BS) and Uint8Arrays (B), which JSON.stringify turns into `{}`.
 * `toPlain` makes them arrays and base64 strings — the plain JSON a script expects.
 */
export const toPlain = (value: unknown): unknown => {
  if (value instanceof Set) return [...value].map(toPlain);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(toPlain);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toPlain(v);
    return out;
  }
  return value;
};

export const toJson = (value: unknown, indent = 2): string => JSON.stringify(toPlain(value), null, indent);

/** One cell's text: strings as they are, everything else as compact JSON. */
export const cellText = (value: unknown): string => {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(toPlain(value));
};

