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
    const more = rest.length ? ` (and ${rest.length} more: ${rest.map((p) => `${p.path}: ${p.message}`).join('; ')})` : '';
    throw new DdbError('schema.invalid', `${file}: ${first?.path}: ${first?.message}${more}`);
  }
  return { schema, data };
};

/** Every problem of the file (`ddb patterns check` prints them one a line); an unreadable file or bad JSON is an error. */
export const parseSchemaFile = async (file: string): Promise<{ schema?: SchemaFile; data: unknown; problems: Problem[] }> => {
  const { validateSchema } = await import('./validate.js');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new DdbError('input.invalid', `cannot read schema file ${file}`, { suggestion: 'pass --schema PATH to a JSON schema file' });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new DdbError('schema.invalid', `${file} is not valid JSON: ${(error as Error).message}`);
  }
  return { ...validateSchema(data), data };
};
