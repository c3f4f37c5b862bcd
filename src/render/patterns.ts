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
import { type Column, formatBytes, itemColumns, renderTable } from './table.js';
import { recordsView, type View } from './view.js';

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
  /** `group: uuid`, `since?: timestamp`, … in the order the command takes them */
  params: string[];
  description: string;
}

const catalogueColumns: Column<CatalogueEntry>[] = [
  { header: 'Pattern', value: (e) => e.name, max: 30 },
  { header: 'Table', value: (e) => e.table, max: 30 },
  { header: 'Index', value: (e) => (e.source === 'code' ? '(code)' : (e.index ?? '—')), max: 30 },
  { header: 'Key', value: (e) => e.key ?? '', max: 60 },
  { header: 'Params', value: (e) => e.params.join(', '), max: 50 },
  { header: 'Description', value: (e) => e.description, max: 60 },
];

export const catalogueView = (file: string): View<readonly CatalogueEntry[]> =>
  recordsView(
    (rows, style) => renderTable(rows, catalogueColumns, style),
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
      ? r.problems.map((p) => `${r.file}: ${p.path}: ${p.message}`).join('\n')
      : `${r.file}: ${r.patterns} access pattern(s) on ${r.tables} table(s) pass — their indexes exist, their keys get their types, every param is declared and used, no Scan`,
  json: ({ file, patterns, problems }) => ({ file, patterns, problems }),
  verdict: (r) =>
    r.problems.length ? new DdbError('schema.invalid', `${r.problems.length} problem(s) in the access patterns of ${r.file}`, { suggestion: 'each is listed with its place in the file; fix them and run `ddb patterns check` again' }) : undefined,
};

/** A declared pattern's items: the columns the file names (else the keys first, then what the items hold). */
export const patternItemsView = (columns: readonly string[] | undefined, keyNames: readonly string[]): View<PagedItems> =>
  itemsView(columns ? columns.map((name) => ({ header: name, value: (i: Item) => i[name], max: name === 'message' ? 70 : 40 })) : (items) => itemColumns(items, keyNames), 'item');

/** --explain: the request and its estimate before the query ran, and the reply. */
export interface Explained {
  request: QueryCommandInput;
  /** the key attributes of what is read (the index's, or the table's) */
  keys: { partition: string; sort?: string };
  estimate: ReadEstimate;
  reply: PagedItems;
}

const rcuText = (rcu: number): string => `${rcu.toLocaleString('en-US')} RCU`;

export const estimateText = (e: ReadEstimate, index: string | undefined): string => {
  const read = e.consistentRead ? 'a strongly consistent read' : 'halved for an eventually consistent read';
  if (e.averageItemBytes === undefined) return `estimate: ${rcuText(e.rcu)} — DescribeTable reports no items in the ${e.source === 'index' ? `index ${index}` : 'table'} yet, so the minimum: one 4 KB unit, ${read}`;
  const average = `${formatBytes(Math.round(e.averageItemBytes))} average (${e.source === 'index' ? `index ${index}` : 'table'}: ${formatBytes(e.sizeBytes)} / ${e.itemCount.toLocaleString('en-US')} items)`;
  return `estimate: at most ${rcuText(e.rcu)} — ${e.items.toLocaleString('en-US')} item(s) × ${average} = ${formatBytes(Math.round(e.averageItemBytes * e.items))} → ${e.units} × 4 KB, ${read}`;
};

export const explainView = (items: View<PagedItems>): View<Explained> => ({
  table: (r, style) => {
    const on = r.request.IndexName ? `index ${r.request.IndexName} of ${r.request.TableName}` : `table ${r.request.TableName} (no index)`;
    const keys = r.keys.sort ? `${r.keys.partition}, ${r.keys.sort}` : r.keys.partition;
    const head = [`Query on ${on}, key ${keys}:`, toJson(r.request), estimateText(r.estimate, r.request.IndexName)].join('\n');
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
