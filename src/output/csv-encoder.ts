/**
 * CSV export (loaded only when --format csv is asked for). CSV cells are text, so the header says each column's type,
 * `name:TYPE`, and `ddb import` reads the cells back as that type:
 *
 * - S: the text as it is (an empty string is written `""`, a missing attribute as an empty cell);
 * - N: the number's digits; B: base64; BOOL: true or false;
 * - DDB: the value in DynamoDB JSON (`{"SS":["a"]}`) — maps, lists, sets, NULL, and columns whose values differ in type.
 *
 * A column's type is the one type of its values in the sample of items the header is chosen from (or what --columns
 * says: `price:N`). A later value of another type is written in DynamoDB JSON and counted (`mismatched`): the import
 * refuses those rows, so the export says so.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { Encoder } from './encoders.js';
import type { AttributeMap } from '../values/attribute.js';
import { toJson } from '../values/json-writer.js';

export const CSV_COLUMN_TYPES = ['S', 'N', 'B', 'BOOL', 'DDB'] as const;
export type CsvColumnType = (typeof CSV_COLUMN_TYPES)[number];
export interface CsvColumn {
  name: string;
  type: CsvColumnType;
}

const typeOf = (av: AttributeValue): string => Object.keys(av)[0] ?? '';

/** One cell of a column of `type`, or undefined when the value is of another type. */
const cell = (av: AttributeValue, type: CsvColumnType): string | undefined => {
  if (type === 'DDB') return toJson(av);
  if (type === 'S') return av.S;
  if (type === 'N') return av.N;
  if (type === 'BOOL') return av.BOOL === undefined ? undefined : String(av.BOOL);
  return av.B === undefined ? undefined : Buffer.from(av.B).toString('base64');
};

/** RFC 4180: quoted when it holds a comma, a quote or a line break — and when it is an empty string (empty is absent). */
const field = (text: string | undefined): string => (text === undefined ? '' : text === '' || /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
const row = (cells: (string | undefined)[]): string => `${cells.map(field).join(',')}\n`;

/** The column types the sample shows: a column's one type among S, N, B, BOOL, else DDB. */
export const columnTypes = (names: readonly string[], sample: readonly AttributeMap[], given: ReadonlyMap<string, CsvColumnType> = new Map()): CsvColumn[] =>
  names.map((name) => {
    const fixed = given.get(name);
    if (fixed) return { name, type: fixed };
    const types = new Set(sample.map((i) => (Object.prototype.hasOwnProperty.call(i, name) ? typeOf(i[name]!) : undefined)).filter((t) => t !== undefined));
    const [only] = types;
    return { name, type: types.size === 1 && (CSV_COLUMN_TYPES as readonly string[]).includes(only!) ? (only as CsvColumnType) : 'DDB' };
  });

/**
 * The columns are chosen before the first row; attributes that appear only later are not in the file: the encoder
 * counts them (`missed`), and values that do not fit their column's type (`mismatched`), so the export can say so.
 */
export interface CsvEncoder extends Encoder {
  /** attribute names found in items but not in the columns, with how many items had them */
  missed: Map<string, number>;
  /** columns with values of another type than the column's, with how many */
  mismatched: Map<string, number>;
}

export const csvEncoder = (columns: readonly CsvColumn[]): CsvEncoder => {
  const known = new Set(columns.map((c) => c.name));
  const missed = new Map<string, number>();
  const mismatched = new Map<string, number>();
  return {
    missed,
    mismatched,
    head: () => row(columns.map((c) => `${c.name}:${c.type}`)),
    page: (items) => {
      let text = '';
      for (const item of items as AttributeMap[]) {
        for (const k of Object.keys(item)) if (!known.has(k)) missed.set(k, (missed.get(k) ?? 0) + 1);
        const cells = columns.map(({ name, type }) => {
          if (!Object.prototype.hasOwnProperty.call(item, name)) return undefined;
          const av = item[name]!;
          const text = cell(av, type);
          if (text !== undefined) return text;
          mismatched.set(name, (mismatched.get(name) ?? 0) + 1);
          return toJson(av);
        });
        text += row(cells);
      }
      return text;
    },
    tail: () => '',
  };
};
