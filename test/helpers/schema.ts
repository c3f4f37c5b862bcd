/** The shipped schema file (schema/tables.json) with its table renamed, written to `dir`: tests run side by side on one engine. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const shippedSchemaAs = (table: string, dir: string): string => {
  const schema = JSON.parse(readFileSync(new URL('../../schema/tables.json', import.meta.url), 'utf8'));
  schema.tables[0].name = table;
  const file = join(dir, 'tables.json');
  writeFileSync(file, JSON.stringify(schema));
  return file;
};
