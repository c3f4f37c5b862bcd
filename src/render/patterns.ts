/**
 * `ddb patterns`: the catalogue of access patterns, `patterns check`'s report, and what a declared pattern shows — its
 * items (the declared columns), and with --explain the request, the index and the estimated read cost before them.
 */
import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { DdbError } from '../errors.js';
import type { ReadEstimate } from '../patterns/explain.js';
import type { Problem } from '../schema/validate.js';
import { itemsView, type PagedItems } from './items.js';
import { toJson } from './json.js';
import { formatBytes, itemColumns, wrap } from './table.js';
import { recordsView, type View } from './view.js';
import { count } from '../text.js';
import type { AccessPatternSpec } from '../schema/format.js';

type Item = Record<string, unknown>;

/** One pattern of the catalogue: declared in the schema file, or code (a command of its own). */
export interface CatalogueEntry {
  name: string;
  source: 'schema' | 'code';
  table: string;
  /** the index it queries; none: the table's own key */
  index?: string;
  /** the key condition with its templates, e.g. `pk = MSG#{group}, sk between {since} and {until}` */
  key?: string;
  /** in the order the command takes them: required ones positional, optional ones as --name options */
  params: { name: string; type?: string; required: boolean; option?: boolean }[];
  description: string;
  /** other forms its command takes (a resolver's), e.g. `get-conversation <user> <other_user>` */
  alternatives?: string[];
}

const usage = (e: CatalogueEntry): string =>
  e.params
    .map((p) => {
      const typed = p.type ? `${p.name}:${p.type}` : p.name;
      if (p.option) return p.required ? `--${p.name} <${p.name}>` : `[--${p.name} <${p.name}>]`;
      if (p.required) return `<${typed}>`;
      return e.source === 'schema' ? `[--${p.name} ${p.type}]` : `[${typed}]`;
    })
    .join(' ');

/** Text wrapped to `width`: the first line after `first`, the others after `rest`. */
const indented = (text: string, first: string, rest: string, width: number): string =>
  wrap(text, Math.max(20, width - rest.length))
    .split('\n')
    .map((line, i) => (i ? rest : first) + line)
    .join('\n');

/** A list, not a table: each pattern's command line, what it does, and the key it reads — readable at any width. */
export const catalogueView = (file: string): View<readonly CatalogueEntry[]> =>
  recordsView(
    (rows, style) =>
      rows
        .map((e) => {
          const where = e.source === 'code' ? `${e.table} (code)` : `${e.table}${e.index ? `, index ${e.index}` : ''}: ${e.key}`;
          return [
            indented(`${style.bold(e.name)} ${usage(e)}`, '', '      ', style.width),
            ...(e.alternatives ?? []).map((form) => indented(`or: ${form}`, '  ', '      ', style.width)),
            ...(e.description ? [indented(e.description, '    ', '    ', style.width)] : []),
            indented(where, '    ', '    ', style.width),
          ].join('\n');
        })
        .join('\n'),
    (rows) => {
      const declared = rows.filter((r) => r.source === 'schema').length;
      return [`${declared} pattern(s) declared in ${file}, ${rows.length - declared} with code; run one: ddb patterns NAME (--help, --dry-run, --explain)`];
    },
  );

/** What `patterns check` found. */
export interface CheckReport {
  /** the schema file as the user named it */
  file: string;
  patterns: number;
  tables: number;
  problems: Problem[];
}

export const checkView: View<CheckReport> = {
  table: (r) =>
    r.problems.length
      ? r.problems.map((p) => `${r.file}:${p.line ? `${p.line}:${p.column}:` : ''} ${p.path}: ${p.message}`).join('\n')
      : `${r.file}: ${r.patterns} access pattern(s) on ${r.tables} table(s) pass — their indexes exist, their keys get their types, every param is declared and used, no Scan`,
  json: ({ file, patterns, problems }) => ({ file, patterns, problems }),
  verdict: (r) =>
    r.problems.length ? new DdbError('schema.invalid', `${r.problems.length} problem(s) in the access patterns of ${r.file}`, { suggestion: 'each is listed with its place in the file; fix them and run `ddb patterns check` again' }) : undefined,
};

/** A declared pattern's items: the columns the file names (else the keys first, then what the items hold). */
export const patternItemsView = (columns: AccessPatternSpec['columns'], keyNames: readonly string[]): View<PagedItems> =>
  itemsView(
    columns
      ? columns.map((c) => {
          const { attribute, header } = typeof c === 'string' ? { attribute: c, header: c } : c;
          return { header, value: (i: Item) => i[attribute], max: 70, key: keyNames.includes(attribute) };
        })
      : (items) => itemColumns(items, keyNames),
    'item',
  );

/** --explain: the request and its estimate before the query ran, and the reply. */
export interface Explained {
  request: QueryCommandInput;
  /** the key attributes of what is read (the index's, or the table's) */
  keys: { partition: string; sort?: string };
  estimate: ReadEstimate;
  reply: PagedItems;
}

const rcuText = (rcu: number): string => `${count(rcu)} RCU`;

export const estimateText = (e: ReadEstimate, index: string | undefined): string => {
  const read = e.consistentRead ? 'a strongly consistent read' : 'halved for an eventually consistent read';
  if (e.averageItemBytes === undefined) return `estimate: ${rcuText(e.rcu)} — DescribeTable reports no items in the ${e.source === 'index' ? `index ${index}` : 'table'} yet, so the minimum: one 4 KB unit, ${read}`;
  const average = `${formatBytes(Math.round(e.averageItemBytes))} average (${e.source === 'index' ? `index ${index}` : 'table'}: ${formatBytes(e.sizeBytes)} / ${count(e.itemCount)} items)`;
  return `estimate: at most ${rcuText(e.rcu)} — ${count(e.items)} item(s) × ${average} = ${formatBytes(Math.round(e.averageItemBytes * e.items))} → ${e.units} × 4 KB, ${read}`;
};

export const explainView = (items: View<PagedItems>): View<Explained> => ({
  table: (r, style) => {
    const on = r.request.IndexName ? `index ${r.request.IndexName} of ${r.request.TableName}` : `table ${r.request.TableName} (no index)`;
    const keys = r.keys.sort ? `${r.keys.partition}, ${r.keys.sort}` : r.keys.partition;
    const head = [`Query on ${on}, key ${keys}:`, toJson(r.request), wrap(estimateText(r.estimate, r.request.IndexName), style.width)].join('\n');
    const table = items.table(r.reply, style);
    return `${head}\n${typeof table === 'string' ? table : ''}`;
  },
  footer: (r, style) => {
    const [first = '', ...rest] = items.footer?.(r.reply, style) ?? [];
    return [`${first} (estimated at most ${rcuText(r.estimate.rcu)})`, ...rest];
  },
  json: (r) => ({
    Explain: {
      Request: r.request,
      IndexName: r.request.IndexName ?? null,
      Estimate: {
        ReadCapacityUnits: r.estimate.rcu,
        Units4KB: r.estimate.units,
        Items: r.estimate.items,
        AverageItemBytes: r.estimate.averageItemBytes === undefined ? null : Math.round(r.estimate.averageItemBytes),
        From: r.estimate.source,
        ConsistentRead: r.estimate.consistentRead,
      },
    },
    ...(items.json ? (items.json(r.reply) as object) : r.reply),
  }),
  ndjson: (r) => r.reply.Items,
});
