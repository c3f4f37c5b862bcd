/**
 * CSV cells are text; DynamoDB values are typed. A column's type comes from `--types col:S,col2:N`, else from the
 * header (`price:N`, as `ddb export --format csv` writes it), else from the table's attribute definitions (key
 * attributes), else is inferred per cell: a number that reads back as the same text is N ("42", "-1.5"; not "007" or
 * "1.50"), "true"/"false" are booleans, anything else a string. An empty cell is no attribute at all; a quoted empty
 * cell (`""`) is the empty string.
 */
import { DdbError } from '../errors.js';
import { plainNumber } from '../values/exact-number.js';
import { parseJson } from '../values/json.js';
import { ValueProblem, fromTypedValue, toPlain } from '../values/attribute.js';

/** JSON: a plain JSON value; DDB: a DynamoDB JSON value ({"SS": ["a"]}) — any type, exactly. */
export const CSV_TYPES = ['S', 'N', 'B', 'BOOL', 'JSON', 'DDB'] as const;
export type CsvType = (typeof CSV_TYPES)[number];

export const parseTypes = (spec: string | undefined): Map<string, CsvType> => {
  const types = new Map<string, CsvType>();
  for (const part of (spec ?? '').split(',').filter((p) => p.trim())) {
    const m = /^\s*(.+?):(\w+)\s*$/.exec(part);
    const type = m?.[2]?.toUpperCase() as CsvType | undefined;
    if (!m || !type || !CSV_TYPES.includes(type)) {
      throw new DdbError('usage', `--types: "${part}" is not column:TYPE`, { suggestion: `use e.g. --types price:N,active:BOOL (types: ${CSV_TYPES.join(', ')})` });
    }
    types.set(m[1] as string, type);
  }
  return types;
};

const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

export const inferCell = (text: string): unknown => {
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (NUMBER.test(text) && String(Number(text)) === text) return Number(text);
  if (NUMBER.test(text) && /^-?[1-9]\d{15,37}$/.test(text)) return plainNumber(text); // a long integer, every digit kept
  return text;
};

/** The typed value of a cell, or a reason why it cannot have the column's type. */
export const typedCell = (text: string, type: CsvType | undefined): { value: unknown } | { error: string } => {
  switch (type) {
    case undefined:
      return { value: inferCell(text) };
    case 'S':
      return { value: text };
    case 'N':
      return NUMBER.test(text.trim()) ? { value: plainNumber(text.trim()) } : { error: `"${text}" is not a number` };
    case 'BOOL':
      return text === 'true' || text === 'false' ? { value: text === 'true' } : { error: `"${text}" is not true or false` };
    case 'B':
      return BASE64.test(text) ? { value: new Uint8Array(Buffer.from(text, 'base64')) } : { error: `"${text}" is not base64` };
    case 'JSON':
    case 'DDB':
      try {
        const value = parseJson(text);
        return { value: type === 'JSON' ? value : toPlain(fromTypedValue(value, 'the cell')) };
      } catch (error) {
        return { error: error instanceof ValueProblem ? error.message.replace(/^attribute the cell /, '') : 'is not valid JSON' };
      }
  }
};

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** A header cell: its column name, and the type it states (`price:N`), if it states one. */
export const headerCell = (text: string): { name: string; type?: CsvType } => {
  const m = /^(.*):([A-Za-z]+)$/.exec(text);
  const type = m?.[2]?.toUpperCase() as CsvType | undefined;
  return m && type && CSV_TYPES.includes(type) ? { name: m[1]!.trim(), type } : { name: text };
};
