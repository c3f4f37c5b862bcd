/**
 * Tables for people: cli-table3 with its own colours off (it paints headers red by default) and chalk for ours.
 */
import Table from 'cli-table3';
import { attributeNames } from '../data/encoders.js';
import { cellText } from './json.js';
import type { Style } from './style.js';
import { shorten } from '../text.js';

export interface Column<Row> {
  header: string;
  value: (row: Row) => unknown;
  /** Longest cell before it is shortened with `…`. */
  max?: number;
  align?: 'left' | 'right';
}

export const renderTable = <Row>(rows: readonly Row[], columns: readonly Column<Row>[], style: Style): string => {
  const table = new Table({
    head: columns.map((c) => style.bold.cyan(c.header)),
    colAligns: columns.map((c) => c.align ?? 'left'),
    style: { head: [], border: [] },
  });
  for (const row of rows) table.push(columns.map((c) => shorten(cellText(c.value(row)), c.max ?? 40)));
  return table.toString();
};

/** Columns for arbitrary items: keys first, then the other attributes in first-seen order. */
export const itemColumns = (
  items: readonly Record<string, unknown>[],
  keyNames: readonly string[] = [],
  maxColumns = 8,
): Column<Record<string, unknown>>[] => {
  return attributeNames(keyNames, items).slice(0, maxColumns).map((name) => ({ header: name, value: (item) => item[name], max: 36 }));
};

export const formatBytes = (bytes: number | undefined): string => {
  if (bytes === undefined) return '';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let n = bytes;
  let u = 0;
  while (n >= 1024 && u < units.length - 1) {
    n /= 1024;
    u += 1;
  }
  return u === 0 ? `${n} B` : `${n.toFixed(1)} ${units[u]}`;
};
