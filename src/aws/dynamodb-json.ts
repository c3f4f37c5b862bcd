/**
 * Items in DynamoDB JSON (`{"pk": {"S": "x"}, "n": {"N": "1"}}`, as `aws dynamodb scan` prints them; one
 * `{"Item": {...}}` wrapper, as in DynamoDB's export to S3, is unwrapped) become plain values for the document client.
 * Numbers that a double cannot hold exactly stay exact as the SDK's NumberValue; binary (base64) becomes bytes; SS, NS
 * and BS become Sets — so such a file round-trips types that plain JSON cannot express. Only `ddb import
 * --dynamodb-json` loads this module.
 */
import { NumberValue } from '@aws-sdk/lib-dynamodb';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const number = (text: unknown): unknown => {
  const n = Number(text);
  return String(n) === text ? n : NumberValue.from(String(text));
};

const bytes = (text: unknown): Uint8Array => new Uint8Array(Buffer.from(String(text), 'base64'));

/** One attribute value; throws with the attribute's path when it is not a typed value. */
const native = (av: unknown, path: string): unknown => {
  const entries = isObject(av) ? Object.entries(av) : [];
  const [type, value] = entries.length === 1 ? (entries[0] as [string, unknown]) : ['', undefined];
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : fail());
  const fail = (): never => {
    throw new Error(`${path} is not a DynamoDB JSON value ({"S": …}, {"N": …}, {"M": …}, …)`);
  };
  switch (type) {
    case 'S':
      return typeof value === 'string' ? value : fail();
    case 'N':
      return number(value);
    case 'B':
      return bytes(value);
    case 'BOOL':
      return typeof value === 'boolean' ? value : fail();
    case 'NULL':
      return null;
    case 'L':
      return list(value).map((v, i) => native(v, `${path}[${i}]`));
    case 'M':
      return isObject(value) ? toNative(value, `${path}.`) : fail();
    case 'SS':
      return new Set(list(value).map(String));
    case 'NS':
      return new Set(list(value).map(number));
    case 'BS':
      return new Set(list(value).map(bytes));
    default:
      return fail();
  }
};

const toNative = (item: Json, prefix = ''): Json => {
  const out: Json = {};
  for (const [name, av] of Object.entries(item)) out[name] = native(av, `${prefix}${name}`);
  return out;
};

/** The plain item, or the reason it is not DynamoDB JSON. */
export const fromDynamoJson = (record: Json): { item: Json; error?: undefined } | { error: string; item?: undefined } => {
  const keys = Object.keys(record);
  const item = keys.length === 1 && keys[0] === 'Item' && isObject(record.Item) ? record.Item : record;
  try {
    return { item: toNative(item) };
  } catch (error) {
    return { error: (error as Error).message };
  }
};
