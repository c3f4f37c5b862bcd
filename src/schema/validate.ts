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
  /** where in the file (1-based), when the file's text is known (load.ts adds it) */
  line?: number;
  column?: number;
}

export const formatPath = (path: readonly PropertyKey[]): string =>
  path.reduce<string>((acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)), '');

const EXPECTED: Record<string, string> = { boolean: 'true or false', string: 'a string', number: 'a number', int: 'a whole number', object: 'an object {…}', array: 'a list […]' };

/** A value from the file, short, as the file shows it. */
const shown = (value: unknown): string => {
  if (Array.isArray(value)) return `a list (${value.length} item(s))`;
  if (value !== null && typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
};

/** The path where the file says nothing else: the file itself. */
const pathText = (path: readonly PropertyKey[]): string => formatPath(path) || '(the file)';

const zodProblems = (error: z.ZodError): Problem[] =>
  error.issues.map((issue) => {
    const path = pathText(issue.path);
    if (issue.code === 'unrecognized_keys') return { path, message: `unknown field ${issue.keys.map((k) => `"${k}"`).join(', ')}` };
    // a record key that fails its own check (e.g. a reserved tag key): report that check's message
    if (issue.code === 'invalid_key' && issue.issues[0]) return { path, message: issue.issues[0].message };
    if (issue.code === 'invalid_type' && issue.input === undefined) return { path, message: 'is required' };
    if (issue.code === 'invalid_type') return { path, message: `expected ${EXPECTED[issue.expected] ?? issue.expected}, got ${shown(issue.input)}` };
    if (issue.input !== undefined && (issue.code === 'invalid_value' || issue.code === 'invalid_union')) return { path, message: `${issue.message}, got ${shown(issue.input)}` };
    return { path, message: issue.message };
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

/**
 * DynamoDB's limits on projected attributes, checked before anything is sent: an INCLUDE list names at most 20
 * attributes, each once, and the INCLUDE lists of all a table's indexes name at most 100 in total (an attribute in two
 * indexes counts twice). https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Projection.html
 */
export const MAX_INCLUDE_PER_INDEX = 20;
export const MAX_INCLUDE_PER_TABLE = 100;

const projectionProblems = (projection: ProjectionSpec, tableKeys: KeySpec, indexKeys: KeySpec, at: string): Problem[] => {
  if (projection.type !== 'INCLUDE') return [];
  const keyAttrs = new Set([tableKeys.partition, tableKeys.sort, indexKeys.partition, indexKeys.sort]);
  const where = `${at}.projection.attributes`;
  const problems = projection.attributes
    .filter((a) => keyAttrs.has(a))
    .map((a) => ({ path: where, message: `"${a}" is a key attribute and always projected — remove it from INCLUDE` }));
  const twice = [...new Set(projection.attributes.filter((a, i) => projection.attributes.indexOf(a) !== i))];
  for (const a of twice) problems.push({ path: where, message: `"${a}" is listed more than once — DynamoDB refuses a duplicate; list it once` });
  if (projection.attributes.length > MAX_INCLUDE_PER_INDEX) {
    problems.push({ path: where, message: `${projection.attributes.length} attributes: DynamoDB projects at most ${MAX_INCLUDE_PER_INDEX} per index — use "ALL", or fewer` });
  }
  return problems;
};

/** A key whose partition and sort are the same attribute: DynamoDB refuses the table or index. */
const sameKeyProblem = (keys: KeySpec, at: string): Problem[] =>
  keys.sort !== undefined && keys.sort === keys.partition
    ? [{ path: `${at}.keys.sort`, message: `"${keys.sort}" is the partition key too — a sort key needs another attribute` }]
    : [];

const includeCount = (p: ProjectionSpec): number => (p.type === 'INCLUDE' ? p.attributes.length : 0);

export const validateSchema = (data: unknown): { schema?: SchemaFile; problems: Problem[] } => {
  const parsed = schemaFile.safeParse(data, { reportInput: true });
  if (!parsed.success) return { problems: zodProblems(parsed.error) };
  const problems: Problem[] = [];
  const tableNames = new Set<string>();
  const patternTables = new Map<string, string>();
  parsed.data.tables.forEach((table, t) => {
    const at = `tables[${t}]`;
    if (tableNames.has(table.name)) problems.push({ path: `${at}.name`, message: `table "${table.name}" is declared twice` });
    tableNames.add(table.name);
    const used = new Set<string>();
    problems.push(...keyProblems(table.attributes, table.keys, at, used), ...sameKeyProblem(table.keys, at));
    const included = [...table.globalSecondaryIndexes, ...table.localSecondaryIndexes].reduce((n, i) => n + includeCount(i.projection), 0);
    if (included > MAX_INCLUDE_PER_TABLE) {
      problems.push({ path: at, message: `its indexes project ${included} attributes with INCLUDE: DynamoDB allows at most ${MAX_INCLUDE_PER_TABLE} in total (an attribute in two indexes counts twice) — use "ALL" for some` });
    }
    const indexNames = new Set<string>();
    const uniqueIndex = (indexName: string, iat: string) => {
      if (indexNames.has(indexName)) problems.push({ path: `${iat}.name`, message: `index "${indexName}" is declared twice` });
      indexNames.add(indexName);
    };
    table.globalSecondaryIndexes.forEach((index, i) => {
      const iat = `${at}.globalSecondaryIndexes[${i}]`;
      uniqueIndex(index.name, iat);
      problems.push(...keyProblems(table.attributes, index.keys, iat, used), ...sameKeyProblem(index.keys, iat));
      problems.push(...projectionProblems(index.projection, table.keys, index.keys, iat));
      if (table.billing?.mode !== 'PROVISIONED' && index.capacity) {
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
      if (index.sort === table.keys.partition) problems.push({ path: `${iat}.sort`, message: `"${index.sort}" is the table's partition key — an LSI's sort key needs another attribute` });
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
