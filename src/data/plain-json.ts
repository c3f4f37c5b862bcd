/**
 * Plain JSON for items: the document client gives Sets (SS/NS/BS) and Uint8Arrays (B), which JSON.stringify turns
 * into `{}`. The replacer makes them arrays and base64 strings as it goes — no second copy of the item — so an
 * export of millions of items allocates one string per item. The one plain-value converter of ddb.
 */
export const plainReplacer = (_key: string, value: unknown): unknown =>
  value instanceof Set ? [...value] : value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value;

/** JSON text with plain values; `indent` 0 for one line. */
export const plainJson = (value: unknown, indent = 0): string => JSON.stringify(value, plainReplacer, indent || undefined);
