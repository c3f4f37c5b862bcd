/** `ddb describe` for people: a heading, then key-value sections and one table per kind of index. */
import type { Style as ChalkInstance } from './style.js';
import type { DescribeModel, IndexModel, KeyAttribute, Supported } from '../schema/describe-model.js';
import { type Column, displayWidth, formatBytes, renderTable, wrap } from './table.js';
import type { View } from './view.js';
import { count } from '../text.js';

const keyText = (k: KeyAttribute | undefined): string => (k ? `${k.name} (${k.type})` : '—');

/**
 * Label–value lines, the labels in bold and padded to one column: values wrap at spaces to the terminal's width under
 * their own column (a style is never cut: wrap measures with the escape sequences and breaks only between words), and a
 * value that cannot be broken — an ARN, a name, what people copy — is never cut: it takes the next line when it does
 * not fit beside its label.
 */
export const renderKeyValue = (rows: readonly (readonly [string, string])[], chalk: ChalkInstance): string => {
  const labelWidth = Math.max(...rows.map(([l]) => displayWidth(l)));
  const room = chalk.wide ? Infinity : Math.max(20, chalk.width - labelWidth - 4);
  const indent = ' '.repeat(labelWidth + 4);
  const lines: string[] = [];
  for (const [label, value] of rows) {
    const head = `  ${chalk.bold(label)}${' '.repeat(labelWidth - displayWidth(label))}  `;
    const wrapped = value.split('\n').flatMap((line) => wrap(line, room).split('\n'));
    if (wrapped.some((l) => displayWidth(l) > room)) {
      // a word wider than the value column: on lines of its own, whole
      lines.push(`  ${chalk.bold(label)}`, ...value.split('\n').map((l) => `    ${l}`));
      continue;
    }
    wrapped.forEach((l, i) => lines.push(`${i === 0 ? head : indent}${l}`));
  }
  return lines.join('\n');
};

/** The engine lacks the API: say so, dimmed, rather than show a default that may not be true. */
const orUnsupported = <T>(s: Supported<T>, chalk: ChalkInstance, text: (v: T) => string): string =>
  s.supported ? text(s as unknown as T) : chalk.dim(s.note);

const onOff = (on: boolean, chalk: ChalkInstance, good = true): string => (on === good ? chalk.green(on ? 'on' : 'off') : chalk.yellow(on ? 'on' : 'off'));

const statusText = (status: string, chalk: ChalkInstance): string => (status === 'ACTIVE' ? chalk.green(status) : chalk.yellow(status));

const billingText = (b: DescribeModel['billing']): string =>
  b.mode === 'PAY_PER_REQUEST' ? 'on-demand (PAY_PER_REQUEST)' : `provisioned: ${b.read} read / ${b.write} write capacity units`;

const projectionText = (i: IndexModel): string => (i.projectedAttributes ? `${i.projection} (${i.projectedAttributes.join(', ')})` : i.projection);

const indexColumns = (chalk: ChalkInstance, global: boolean): Column<IndexModel>[] => [
  { header: 'Index', value: (i) => i.name, key: true },
  // key names are what people copy into a query: never cut
  { header: 'Partition key', value: (i) => keyText(i.partitionKey), fixed: true },
  { header: 'Sort key', value: (i) => keyText(i.sortKey), fixed: true },
  { header: 'Projection', value: projectionText, max: 40 },
  ...(global ? [{ header: 'Status', value: (i: IndexModel) => statusText(`${i.status ?? '?'}${i.backfilling ? ' (backfilling)' : ''}`, chalk), styled: true }] : []),
  { header: 'Items', value: (i) => count(i.itemCount), align: 'right' },
  { header: 'Size', value: (i) => formatBytes(i.sizeBytes), align: 'right' },
  ...(global ? [{ header: 'Capacity (R/W)', value: (i: IndexModel) => (i.capacity ? `${i.capacity.read} / ${i.capacity.write}` : '—'), align: 'right' as const }] : []),
];

const tableRows = (m: DescribeModel, chalk: ChalkInstance): [string, string][] => [
  ['ARN', m.arn ?? '—'],
  ['status', statusText(m.status, chalk)],
  ['created', m.created ?? '—'],
  ['partition key', keyText(m.keys.partition)],
  ['sort key', keyText(m.keys.sort)],
  ['items', `${count(m.itemCount)} ${chalk.dim('(DynamoDB updates the count about every 6 hours)')}`],
  ['size', formatBytes(m.sizeBytes)],
  ['billing', billingText(m.billing)],
  ...(m.replicas.length ? [['replicas', m.replicas.join(', ')] as [string, string]] : []),
];

const settingRows = (m: DescribeModel, chalk: ChalkInstance): [string, string][] => [
  ['stream', m.stream.enabled ? `${chalk.green('on')} (${m.stream.viewType})${m.stream.arn ? `\n${m.stream.arn}` : ''}` : 'off'],
  ['TTL', orUnsupported(m.ttl, chalk, (t) => (t.enabled ? `${chalk.green('on')} (attribute ${t.attribute})` : 'off'))],
  ['point-in-time recovery', orUnsupported(m.pointInTimeRecovery, chalk, (p) => onOff(p.enabled, chalk))],
  ['deletion protection', onOff(m.deletionProtection, chalk)],
  ['table class', orUnsupported(m.tableClass, chalk, (c) => c.class)],
  ['encryption', orUnsupported(m.encryption, chalk, (e) => e.text)],
  [
    'tags',
    orUnsupported(m.tags, chalk, (t) => {
      const entries = Object.entries(t.values);
      return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join('\n') : chalk.dim('none');
    }),
  ],
];

export const renderDescribe = (m: DescribeModel, chalk: ChalkInstance): string => {
  const section = (title: string) => chalk.bold.cyan(title);
  const parts = [`${chalk.bold(m.table)}  ${statusText(m.status, chalk)}`, section('Table'), renderKeyValue(tableRows(m, chalk), chalk)];
  const gsis = m.globalSecondaryIndexes;
  parts.push(section(`Global secondary indexes (${gsis.length})`), gsis.length ? renderTable(gsis, indexColumns(chalk, true), chalk) : chalk.dim('none'));
  const lsis = m.localSecondaryIndexes;
  parts.push(section(`Local secondary indexes (${lsis.length})`), lsis.length ? renderTable(lsis, indexColumns(chalk, false), chalk) : chalk.dim('none'));
  parts.push(section('Settings'), renderKeyValue(settingRows(m, chalk), chalk));
  return parts.join('\n');
};

export const describeView: View<DescribeModel> = {
  table: (m, style) => renderDescribe(m, style),
  json: (m) => m,
};
