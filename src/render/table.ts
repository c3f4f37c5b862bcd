/**
 * Tables for people, fitted to the terminal: cli-table3 draws them (its own colours off — it paints headers red by
 * default — chalk for ours), with no line between rows, and column widths chosen here so that no line is wider than
 * the terminal (`style.width`, 80 when unknown). Long text columns shrink first and end in `…`; keys and uuids are
 * never cut (a value cut in the middle cannot be copied): when they do not fit, less important columns are left out
 * (the rightmost first), and when even the keys alone do not fit, each row is shown as `name: value` lines.
 * `--wide` (style.wide) shows every column in full.
 */
import Table from 'cli-table3';
import { attributeNames } from '../output/encoders.js';
import { cellText } from './json.js';
import type { Style } from './style.js';
import { shorten, visible } from '../text.js';
import { displayWidth, wrap } from './width.js';

export { displayWidth, wrap } from './width.js';

export interface Column<Row> {
  header: string;
  value: (row: Row) => unknown;
  /** Longest cell before it is shortened with `…` (when the terminal has room; fitting may cut it shorter). */
  max?: number;
  align?: 'left' | 'right';
  /** a key: never cut, never left out (columns holding uuids are never cut either) */
  key?: boolean;
  /** a short column that keeps its width (a timestamp): never cut, never left out */
  fixed?: boolean;
  /** ddb's own text, coloured: its styles are kept (every other cell is data, its control characters escaped) */
  styled?: boolean;
}

/** No line between rows: they read as a list. */
export const NO_ROW_LINES = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };

const ANSI = /\x1b\[[0-9;]*m/g;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

const MIN_CUT = 8;
/** A drawn column takes its text width + 2 (padding) + 1 (border); the table one more border. */
const tableWidth = (widths: readonly number[]): number => widths.reduce((a, w) => a + w + 3, 1);

interface Fit {
  /** the columns shown, in order */
  shown: number[];
  /** their text widths */
  widths: number[];
}

/** Chooses widths so the table fits `width`: cut the widest cuttable column first, then leave columns out. */
export const fitColumns = (natural: readonly number[], uncuttable: readonly boolean[], minimum: readonly number[], width: number, required: readonly boolean[] = uncuttable): Fit | undefined => {
  let shown = natural.map((_, i) => i);
  for (;;) {
    const widths = shown.map((i) => natural[i]!);
    let excess = tableWidth(widths) - width;
    while (excess > 0) {
      // One column at a time from the widest that may still shrink, so long texts give up room first.
      let best = -1;
      for (const [k, i] of shown.entries()) if (!uncuttable[i] && widths[k]! > minimum[i]! && (best < 0 || widths[k]! > widths[best]!)) best = k;
      if (best < 0) break;
      widths[best]! -= 1;
      excess -= 1;
    }
    if (excess <= 0) return { shown, widths };
    // Still too wide: leave out a column that is not a key — first one that cannot be cut (a uuid), then the rightmost.
    const optional = [...shown].reverse().filter((i) => !required[i]);
    const drop = optional.find((i) => uncuttable[i]) ?? optional[0];
    if (drop === undefined || shown.length === 1) return undefined;
    shown = shown.filter((i) => i !== drop);
  }
};

export const renderTable = <Row>(rows: readonly Row[], columns: readonly Column<Row>[], style: Style): string => {
  const texts = rows.map((row) => columns.map((c) => {
    const text = cellText(c.value(row)).replace(/\s+/g, ' ');
    return c.styled ? text : visible(text);
  }));
  const headers = columns.map((c) => visible(c.header));
  const uncuttable = columns.map((c, i) => Boolean(c.key || c.fixed) || texts.some((t) => UUID.test(t[i]!.replace(ANSI, ''))));
  const natural = columns.map((c, i) => {
    const longest = Math.max(displayWidth(headers[i]!), ...texts.map((t) => displayWidth(t[i]!)));
    return style.wide || uncuttable[i] ? longest : Math.min(longest, Math.max(c.max ?? 40, displayWidth(headers[i]!)));
  });
  // a header is a label: never cut (a column that cannot show it is left out and named instead)
  const minimum = natural.map((n, i) => Math.max(Math.min(n, MIN_CUT), displayWidth(headers[i]!)));
  const required = columns.map((c) => Boolean(c.key || c.fixed));
  const fit = style.wide ? { shown: columns.map((_, i) => i), widths: natural } : fitColumns(natural, uncuttable, minimum, style.width, required);
  if (!fit) return renderRecords(texts, headers, columns, style);
  const table = new Table({
    head: fit.shown.map((i) => style.bold.cyan(headers[i]!)),
    colAligns: fit.shown.map((i) => columns[i]!.align ?? 'left'),
    colWidths: fit.widths.map((w) => w + 2),
    style: { head: [], border: [] },
    chars: NO_ROW_LINES,
  });
  for (const t of texts) table.push(fit.shown.map((i, k) => cut(t[i]!, fit.widths[k]!)));
  const left = headers.filter((_, i) => !fit.shown.includes(i));
  const note = left.length ? `\n${style.dim(wrap(`(not shown, to fit ${style.width} columns: ${left.join(', ')}; --wide shows every column)`, style.width))}` : '';
  return table.toString() + note;
};

/** Cuts to `width` terminal columns, ending in `…` (colour codes kept only when nothing is cut). */
const cut = (text: string, width: number): string => {
  if (displayWidth(text) <= width) return text;
  let out = '';
  for (const ch of text.replace(ANSI, '')) {
    if (displayWidth(out + ch) > width - 1) break;
    out += ch;
  }
  return `${out}…`;
};

/** Rows as `name: value` lines, for tables whose keys alone are wider than the terminal. */
const renderRecords = <Row>(texts: readonly string[][], headers: readonly string[], columns: readonly Column<Row>[], style: Style): string =>
  texts.map((t) => columns.map((c, i) => `${style.bold(headers[i]!)}: ${c.key || UUID.test(t[i]!) ? t[i] : shorten(t[i]!, Math.max(MIN_CUT, style.width - displayWidth(headers[i]!) - 2))}`).join('\n')).join('\n\n');

/**
 * Columns for arbitrary items: keys first (never cut), then the other attributes in first-seen order — all of them:
 * those that do not fit are named under the table (renderTable), and --wide shows every one.
 */
export const itemColumns = (items: readonly Record<string, unknown>[], keyNames: readonly string[] = []): Column<Record<string, unknown>>[] =>
  attributeNames(keyNames, items)
    .map((name) => ({ header: name, value: (item) => item[name], max: 36, key: keyNames.includes(name) }));

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
