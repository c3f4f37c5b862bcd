import { readFile } from 'node:fs/promises';
import { DdbError } from '../errors.js';
import type { SchemaFile } from './format.js';
import type { Problem } from './validate.js';

/** Reads and validates a schema file. The validator (zod) is imported here, not at start-up, so `ddb --help` stays fast. */
export const loadSchemaFile = async (file: string): Promise<SchemaFile> => (await readSchemaFile(file)).schema;

/** The validated schema and the JSON as written (audit tells a written setting from a zod default with it). */
export const readSchemaFile = async (file: string): Promise<{ schema: SchemaFile; data: unknown }> => {
  const { schema, data, problems } = await parseSchemaFile(file);
  if (!schema) {
    const [first, ...rest] = problems;
    const more = rest.length ? ` (and ${rest.length} more: ${rest.map((p) => `${placeOf(p)}${p.path}: ${p.message}`).join('; ')})` : '';
    throw new DdbError('schema.invalid', `${file}:${first ? placeOf(first) : ' '}${first?.path}: ${first?.message}${more}`);
  }
  return { schema, data };
};

/** "12:7: " — the line and column of a problem, when known. */
const placeOf = (p: Problem): string => (p.line ? `${p.line}:${p.column}: ` : ' ');

/** "tables[0].keys.sort" → ["tables", 0, "keys", "sort"] (the paths validate.ts writes). */
const segments = (path: string): (string | number)[] =>
  path === '(the file)' ? [] : path.split(/\.|(?=\[)/).map((part) => (/^\[\d+\]$/.test(part) ? Number(part.slice(1, -1)) : part));

/** Every problem of the file (`ddb patterns check` prints them one a line); an unreadable file or bad JSON is an error. */
export const parseSchemaFile = async (file: string): Promise<{ schema?: SchemaFile; data: unknown; problems: Problem[] }> => {
  const { validateSchema } = await import('./validate.js');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new DdbError('input.invalid', `cannot read schema file ${file}`, { suggestion: 'pass --schema PATH to a JSON schema file' });
  }
  // JSON with comments and trailing commas (the README's examples are jsonc), a byte-order mark allowed.
  const { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode } = await import('jsonc-parser');
  const body = text.replace(/^\uFEFF/, '');
  const errors: import('jsonc-parser').ParseError[] = [];
  const tree = parseTree(body, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false });
  const position = (offset: number): { line: number; column: number } => {
    const before = body.slice(0, offset).split('\n');
    return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
  };
  if (errors.length || !tree) {
    const first = errors[0];
    const at = position(first?.offset ?? 0);
    const what = first ? printParseErrorCode(first.error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase() : 'empty';
    throw new DdbError('schema.invalid', `${file}:${at.line}:${at.column}: not valid JSON (${what})`, { suggestion: 'JSON with comments and trailing commas is fine; check that line' });
  }
  const data: unknown = getNodeValue(tree);
  const { problems, ...rest } = validateSchema(data);
  // Each problem at the deepest node of its path that the file has (a missing field: the object that lacks it).
  const located = problems.map((p) => {
    const path = segments(p.path);
    for (let n = path.length; n >= 0; n--) {
      const node = findNodeAtLocation(tree, path.slice(0, n));
      if (node) return { ...p, ...position(node.parent?.type === 'property' && n === path.length ? node.parent.offset : node.offset) };
    }
    return p;
  });
  return { ...rest, problems: located, data };
};
