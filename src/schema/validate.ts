/**
 * Checks the shape (zod) and then what a shape cannot say: every key names a typed attribute, every typed
 * attribute is used by a key (DynamoDB rejects the table otherwise), names are unique (access patterns' too). How an
 * access pattern fits the keys and indexes is `ddb patterns check` (src/patterns/check.ts): a pattern that does not
 * fit fails on its own, never the schema-load of the tables.
 */
import type { z } from 'zod';
import { schemaFile, type SchemaFile, type KeySpec, type ProjectionSpec } from './format.js';

export interface Problem {
  path: string;
  message: string;
}

export const formatPath = (path: readonly PropertyKey[]): string =>
  path.reduce<string>((acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)), '');

const zodProblems = (error: z.ZodError): Problem[] =>
  error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') return { path: formatPath(issue.path), message: `unknown field ${issue.keys.map((k) => `"${k}"`).join(', ')}` };
    // a record key that fails its own check (e.g. a reserved tag key): report that check's message
    if (issue.code === 'invalid_key' && issue.issues[0]) return { path: formatPath(issue.path), message: issue.issues[0].message };
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

/** LSI key problems are reported at `…localSecondaryIndexes[i].sort`, where the file names the attribute. */
const lsiPath = (p: Problem): Problem => ({ ...p, path: p.path.replace(/\.keys\.partition$/, '.sort') });

const projectionProblems = (projection: ProjectionSpec, tableKeys: KeySpec, indexKeys: KeySpec, at: string): Problem[] => {
  if (projection.type !== 'INCLUDE') return [];
  const keyAttrs = new Set([tableKeys.partition, tableKeys.sort, indexKeys.partition, indexKeys.sort]);
  return projection.attributes
    .filter((a) => keyAttrs.has(a))
    .map((a) => ({ path: `${at}.projection.attributes`, message: `"${a}" is a key attribute and always projected — remove it from INCLUDE` }));
};

export const validateSchema = (data: unknown): { schema?: SchemaFile; problems: Problem[] } => {
  const parsed = schemaFile.safeParse(data);
  if (!parsed.success) return { problems: zodProblems(parsed.error) };
  const problems: Problem[] = [];
  const tableNames = new Set<string>();
  const patternTables = new Map<string, string>();
  parsed.data.tables.forEach((table, t) => {
    const at = `tables[${t}]`;
    if (tableNames.has(table.name)) problems.push({ path: `${at}.name`, message: `table "${table.name}" is declared twice` });
    tableNames.add(table.name);
    const used = new Set<string>();
    problems.push(...keyProblems(table.attributes, table.keys, at, used));
    const indexNames = new Set<string>();
    const uniqueIndex = (indexName: string, iat: string) => {
      if (indexNames.has(indexName)) problems.push({ path: `${iat}.name`, message: `index "${indexName}" is declared twice` });
      indexNames.add(indexName);
    };
    table.globalSecondaryIndexes.forEach((index, i) => {
      const iat = `${at}.globalSecondaryIndexes[${i}]`;
      uniqueIndex(index.name, iat);
      problems.push(...keyProblems(table.attributes, index.keys, iat, used));
      problems.push(...projectionProblems(index.projection, table.keys, index.keys, iat));
      if (table.billing.mode === 'PAY_PER_REQUEST' && index.capacity) {
        problems.push({ path: `${iat}.capacity`, message: 'an on-demand (PAY_PER_REQUEST) table takes no index capacity — remove it' });
      }
      const sparse = index.sparse?.attribute;
      const projected = [table.keys.partition, table.keys.sort, index.keys.partition, index.keys.sort].includes(sparse) ||
        index.projection.type === 'ALL' || (index.projection.type === 'INCLUDE' && index.projection.attributes.includes(sparse ?? ''));
      if (sparse && !projected) {
        problems.push({ path: `${iat}.sparse.attribute`, message: `"${sparse}" is not projected into the index, so its items cannot be checked — use a key attribute or project it` });
      }
    });
    table.localSecondaryIndexes.forEach((index, i) => {
      const iat = `${at}.localSecondaryIndexes[${i}]`;
      uniqueIndex(index.name, iat);
      if (!table.keys.sort) problems.push({ path: iat, message: 'a local secondary index needs a table with a sort key — add keys.sort or use a global index' });
      if (index.sort === table.keys.sort) problems.push({ path: `${iat}.sort`, message: `"${index.sort}" is already the table's sort key — an LSI needs another attribute` });
      problems.push(...keyProblems(table.attributes, { partition: index.sort }, iat, used).map(lsiPath));
      problems.push(...projectionProblems(index.projection, table.keys, { partition: table.keys.partition, sort: index.sort }, iat));
    });
    if (table.ttl && table.attributes[table.ttl.attribute] && table.attributes[table.ttl.attribute] !== 'N') {
      problems.push({ path: `${at}.ttl.attribute`, message: `"${table.ttl.attribute}" is declared ${table.attributes[table.ttl.attribute]}; TTL reads epoch seconds from a Number attribute` });
    }
    // `ddb patterns NAME` runs a pattern by its name alone, so a name is declared once in the file.
    for (const pattern of Object.keys(table.accessPatterns ?? {})) {
      const other = patternTables.get(pattern);
      if (other !== undefined) problems.push({ path: `${at}.accessPatterns.${pattern}`, message: `pattern "${pattern}" is declared on ${other} already — patterns are run by name, give this one another` });
      else patternTables.set(pattern, table.name);
    }
    for (const attr of Object.keys(table.attributes)) {
      if (!used.has(attr)) problems.push({ path: `${at}.attributes.${attr}`, message: `attribute "${attr}" is not a key of the table or an index — DynamoDB declares only key attributes; remove it` });
    }
  });
  return problems.length ? { problems } : { schema: parsed.data, problems };
};
