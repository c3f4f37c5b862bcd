/**
 * `ddb patterns check`: every declared access pattern against the schema file, without a request. The index it names
 * exists; its partition template fills the partition key with the key's type (text → S; an N key takes exactly
 * "{param}" with a number param); the sort condition is on the sort key, with a compatible type; every {param} used is
 * declared and every declared param used; a table or index without a sort key gets no sort condition; nothing needs a
 * Scan (the partition key is always filled). One problem per line, each with its place in the file.
 */
import type { Problem } from '../schema/validate.js';
import type { SchemaFile } from '../schema/format.js';
import { CODE_PATTERNS } from './plan.js';
import { type DeclaredPattern, declaredPatterns, hasStrayBrace, indexNames, paramSpecs, patternKeys, soleParam, sortOperator, templateParams } from './declared.js';

export type { Problem } from '../schema/validate.js';

export const checkPattern = ({ name, table, pattern, path: at }: DeclaredPattern): Problem[] => {
  const problems: Problem[] = [];
  const { query } = pattern;
  const params = new Map(paramSpecs(pattern).map((p) => [p.name, p]));
  const [op, sortTemplates] = query.sort ? sortOperator(query.sort) : [undefined, []];
  const sortPath = (i: number) => (op === 'between' ? `${at}.query.sort.between[${i}]` : `${at}.query.sort.${op}`);
  const templates: [string, string][] = [[`${at}.query.partition`, query.partition], ...sortTemplates.map((t, i): [string, string] => [sortPath(i), t])];

  const used = new Set<string>();
  for (const [path, template] of templates) {
    if (hasStrayBrace(template)) problems.push({ path, message: `"${template}" is not a template: write a param as {name} and no other braces` });
    for (const p of templateParams(template)) {
      used.add(p);
      if (!params.has(p)) problems.push({ path, message: `"{${p}}" is not a declared param of ${name} — declare it in "params" (e.g. "${p}": "string") or correct the name` });
    }
  }
  for (const p of params.keys()) {
    if (!used.has(p)) problems.push({ path: `${at}.params.${p}`, message: `param "${p}" is declared but no template uses it — use it in the partition or sort template, or remove it` });
  }
  for (const p of new Set(templateParams(query.partition))) {
    if (params.get(p)?.optional) problems.push({ path: `${at}.query.partition`, message: `the partition key needs every param it uses, but "${p}" is optional — without it this would need a Scan; make it required` });
  }

  const keys = patternKeys(table, query.index);
  if (!keys) {
    problems.push({ path: `${at}.query.index`, message: `no index "${query.index}" on ${table.name} (it has: ${indexNames(table).join(', ') || 'none'})` });
    return problems;
  }
  const where = query.index ? `index ${query.index}` : `table ${table.name}`;

  /** Whether a template gives the key attribute its declared type. */
  const fills = (path: string, template: string, role: 'partition' | 'sort', attribute: string): void => {
    const type = table.attributes[attribute];
    const sole = soleParam(template);
    if (sole !== undefined && !params.has(sole)) return; // reported above
    const gives = sole !== undefined && params.get(sole)!.type === 'number' ? 'N' : 'S';
    if (type === 'B') problems.push({ path, message: `the ${role} key "${attribute}" of ${where} is binary (B): a template cannot fill it` });
    else if (type === 'N' && gives !== 'N') {
      problems.push({ path, message: `"${template}" fills the ${role} key "${attribute}" of ${where} with a string, but it is N — an N key takes exactly "{param}" with a number param` });
    } else if (type === 'S' && gives === 'N') {
      problems.push({ path, message: `"${template}" fills the ${role} key "${attribute}" of ${where} with a number, but it is S — use a string param, or write it into text such as "ID#${template}"` });
    }
  };

  fills(`${at}.query.partition`, query.partition, 'partition', keys.partition);
  if (query.sort) {
    if (!keys.sort) {
      problems.push({ path: `${at}.query.sort`, message: `${where} has no sort key — remove the sort condition` });
    } else if (query.sort.attribute !== undefined && query.sort.attribute !== keys.sort) {
      problems.push({ path: `${at}.query.sort.attribute`, message: `"${query.sort.attribute}" is not the sort key of ${where} ("${keys.sort}") — a key condition is on the sort key only` });
    } else if (op === 'beginsWith' && table.attributes[keys.sort] === 'N') {
      problems.push({ path: sortPath(0), message: `beginsWith needs a string sort key, but "${keys.sort}" of ${where} is N — use between, <, <=, > or >=` });
    } else {
      sortTemplates.forEach((t, i) => fills(sortPath(i), t, 'sort', keys.sort!));
    }
  }
  return problems;
};

/** Every pattern of the file; `taken`: names of the patterns that ddb runs with code (a declared one may not take them). */
export const checkPatterns = (schema: SchemaFile, taken: readonly string[] = []): Problem[] => [
  ...declaredPatterns(schema).flatMap((d) => [
    ...(taken.includes(d.name) ? [{ path: d.path, message: `"${d.name}" is a pattern ddb runs with code — give this one another name` }] : []),
    ...checkPattern(d),
  ]),
  ...schema.tables.flatMap((t, i) =>
    Object.keys(t.codePatterns ?? {})
      .filter((name) => !(CODE_PATTERNS as readonly string[]).includes(name))
      .map((name) => ({ path: `tables[${i}].codePatterns.${name}`, message: `"${name}" is not a pattern ddb runs with code (those are: ${CODE_PATTERNS.join(', ')}) — declare a query in "accessPatterns" instead` })),
  ),
];
