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

type Typed = { S?: string; N?: string; B?: Uint8Array; BOOL?: boolean; NULL?: boolean; L?: Typed[]; M?: Record<string, Typed>; SS?: string[]; NS?: string[]; BS?: Uint8Array[] };

const base64 = (b: Uint8Array): string => `"${Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64')}"`;

/** One attribute value as DynamoDB JSON text (binary as base64), written directly: the lossless export's hot path. */
const typedText = (av: Typed): string => {
  if (av.S !== undefined) return `{"S":${JSON.stringify(av.S)}}`;
  if (av.N !== undefined) return `{"N":${JSON.stringify(av.N)}}`;
  if (av.BOOL !== undefined) return av.BOOL ? '{"BOOL":true}' : '{"BOOL":false}';
  if (av.NULL !== undefined) return '{"NULL":true}';
  if (av.B !== undefined) return `{"B":${base64(av.B)}}`;
  if (av.M !== undefined) return `{"M":${typedMap(av.M)}}`;
  if (av.L !== undefined) return `{"L":[${av.L.map(typedText).join(',')}]}`;
  if (av.SS !== undefined) return `{"SS":${JSON.stringify(av.SS)}}`;
  if (av.NS !== undefined) return `{"NS":${JSON.stringify(av.NS)}}`;
  if (av.BS !== undefined) return `{"BS":[${av.BS.map(base64).join(',')}]}`;
  return '{}';
};

const typedMap = (item: Record<string, Typed>): string => {
  let text = '';
  for (const name of Object.keys(item)) text += `${text ? ',' : ''}${JSON.stringify(name)}:${typedText(item[name]!)}`;
  return `{${text}}`;
};

/**
 * An item in DynamoDB JSON as the low-level client reads it → its JSON text, exactly. JSON.stringify writes it right
 * unless it holds binary (a Uint8Array would come out as {"0": …}): its text then has `"B":{` or `"BS":[{` outside any
 * string (a quote inside a string is escaped), and the item is written value by value instead — as it also is when an
 * attribute named B holds a map, which only costs the slower path.
 */
export const typedJson = (item: Record<string, Typed>): string => {
  const text = JSON.stringify(item);
  return text.includes('"B":{') || text.includes('"BS":[{') ? typedMap(item) : text;
};
