/**
 * Checks the shape (zod) and then what a shape cannot say: every key names a typed attribute, every typed
 * attribute is used by a key (DynamoDB rejects the table otherwise), names are unique.
 */
import type { z } from 'zod';
import { schemaFile, type SchemaFile, type KeySpec } from './format.js';

export interface Problem {
  path: string;
  message: string;
}

export const formatPath = (path: readonly PropertyKey[]): string =>
  path.reduce<string>((acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)), '');

const zodProblems = (error: z.ZodError): Problem[] =>
  error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') return { path: formatPath(issue.path), message: `unknown field ${issue.keys.map((k) => `"${k}"`).join(', ')}` };
    if (issue.code === 'invalid_type' && issue.input === undefined) return { path: formatPath(issue.path), message: 'is required' };
    return { path: formatPath(issue.path), message: issue.message };
  });

const keyProblems = (attributes: Record<string, string>, keys: KeySpec, at: string, used: Set<string>): Problem[] => {
  const problems: Problem[] = [];
  for (const role of ['partition', 'sort'] as const) {
    const attr = keys[role];
    if (attr === undefined) continue;
    used.add(attr);
    if (!(attr in attributes)) problems.push({ path: `${at}.keys.${role}`, message: `attribute "${attr}" has no type — declare it in "attributes"` });
  }
  return problems;
};

export const validateSchema = (data: unknown): { schema?: SchemaFile; problems: Problem[] } => {
  const parsed = schemaFile.safeParse(data);
  if (!parsed.success) return { problems: zodProblems(parsed.error) };
  const problems: Problem[] = [];
  const tableNames = new Set<string>();
  parsed.data.tables.forEach((table, t) => {
    const at = `tables[${t}]`;
    if (tableNames.has(table.name)) problems.push({ path: `${at}.name`, message: `table "${table.name}" is declared twice` });
    tableNames.add(table.name);
    const used = new Set<string>();
    problems.push(...keyProblems(table.attributes, table.keys, at, used));
    const indexNames = new Set<string>();
    table.globalSecondaryIndexes.forEach((index, i) => {
      const iat = `${at}.globalSecondaryIndexes[${i}]`;
      if (indexNames.has(index.name)) problems.push({ path: `${iat}.name`, message: `index "${index.name}" is declared twice` });
      indexNames.add(index.name);
      problems.push(...keyProblems(table.attributes, index.keys, iat, used));
      if (table.billing.mode === 'PAY_PER_REQUEST' && index.capacity) {
        problems.push({ path: `${iat}.capacity`, message: 'an on-demand (PAY_PER_REQUEST) table takes no index capacity — remove it' });
      }
    });
    for (const attr of Object.keys(table.attributes)) {
      if (!used.has(attr)) problems.push({ path: `${at}.attributes.${attr}`, message: `attribute "${attr}" is not a key of the table or an index — DynamoDB declares only key attributes; remove it` });
    }
  });
  return problems.length ? { problems } : { schema: parsed.data, problems };
};
