/**
 * Plain values → JSON text, numbers exact: a NumberValue (the SDK's exact number, ./number.ts) is written as its bare
 * literal, Sets (SS/NS/BS) as arrays, binary (Uint8Array) as base64. Imports nothing: the output step loads it for
 * every command, `--help` included, and the SDK must not load there.
 */

/** The SDK's NumberValue, known by its shape (importing its class would load the SDK at start-up). */
const looksLikeNumberValue = (v: unknown): v is { value: string } =>
  typeof v === 'object' && v !== null && typeof (v as { value?: unknown }).value === 'string' && typeof (v as { toAttributeValue?: unknown }).toAttributeValue === 'function';

/** A marker only this process knows: a NumberValue is written as this string, then the quotes and marker go. */
const MARK = `\u0000n${Math.random().toString(36).slice(2, 10)}:`;
const MARKED = new RegExp(`"\\\\u0000${MARK.slice(1)}([^"]*)"`, 'g');

/**
 * JSON text of plain values: Sets (SS/NS/BS) become arrays, binary (Uint8Array) base64, a NumberValue its digits as
 * a bare number. `indent` 0 for one line. No second copy of the value is made (export writes millions of items).
 */
export const toJson = (value: unknown, indent = 0): string => {
  let marked = false;
  const text = JSON.stringify(
    value,
    function (this: Record<string, unknown>, key: string, v: unknown) {
      const raw = this[key]; // before toJSON (a Buffer's would hide that it is binary)
      if (looksLikeNumberValue(raw)) {
        marked = true;
        return MARK + raw.value;
      }
      if (raw instanceof Set) return [...raw];
      if (raw instanceof Uint8Array) return Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('base64');
      return v;
    },
    indent || undefined,
  );
  return marked ? text.replace(MARKED, '$1') : text;
};
