/** `ddb audit` for people: one row per check, status coloured, long details and fixes wrapped; and a summary. */
import Table from 'cli-table3';
import type { Style as ChalkInstance } from './style.js';
import { auditCounts, type CheckResult, type CheckStatus } from '../audit/checks.js';
import { DdbError } from '../errors.js';
import { NO_ROW_LINES } from './table.js';
import type { View } from './view.js';

const paint = (chalk: ChalkInstance, status: CheckStatus, text: string = status): string => {
  if (status === 'pass') return chalk.green(text);
  if (status === 'warn') return chalk.yellow(text);
  if (status === 'fail') return chalk.red.bold(text);
  return chalk.dim(text);
};

/** Table, check and status keep their width; detail and fix share the rest of the terminal, wrapped. */
export const renderAudit = (results: readonly CheckResult[], chalk: ChalkInstance): string => {
  const widest = (values: string[]) => Math.max(...values.map((v) => v.length));
  const fixed = [Math.min(widest(['Table', ...results.map((r) => r.table)]), 40), widest(['Check', ...results.map((r) => r.check)]), 6];
  // Each column takes its text + 2 padding + 1 border; the table one more border.
  const rest = Math.max(16, (chalk.wide ? 200 : chalk.width) - fixed.reduce((a, w) => a + w + 3, 1) - 6);
  const text = Math.floor(rest / 2);
  const table = new Table({
    head: ['Table', 'Check', 'Status', 'Detail', 'Fix'].map((h) => chalk.bold.cyan(h)),
    colWidths: [...fixed, text, rest - text].map((w) => w + 2),
    wordWrap: true,
    style: { head: [], border: [] },
    chars: NO_ROW_LINES,
  });
  for (const r of results) table.push([r.table, r.check, paint(chalk, r.status), r.detail, r.fix || chalk.dim('—')]);
  return table.toString();
};

export const auditSummary = (results: readonly CheckResult[], chalk: ChalkInstance): string => {
  const c = auditCounts(results);
  const tables = new Set(results.map((r) => r.table)).size;
  const parts = (['pass', 'warn', 'fail', 'skip'] as const).map((s) => (c[s] ? paint(chalk, s, `${c[s]} ${s}`) : `0 ${s}`));
  return `${results.length} check(s) on ${tables} table(s): ${parts.join(', ')}`;
};

/** The checks as data for --output json. */
export const auditJson = (results: readonly CheckResult[]) => ({ checks: results, summary: auditCounts(results) });

/** Tables with at least one failing check, in the order they were audited. */
export const failedTables = (results: readonly CheckResult[]): string[] => [...new Set(results.filter((r) => r.status === 'fail').map((r) => r.table))];

export const auditView: View<readonly CheckResult[]> = {
  table: (results, style) => renderAudit(results, style),
  footer: (results, style) => [auditSummary(results, style)],
  json: (results) => auditJson(results),
  ndjson: (results) => results,
  verdict: (results) => {
    const failed = failedTables(results);
    if (!failed.length) return undefined;
    const count = results.filter((r) => r.status === 'fail').length;
    return new DdbError('audit.failed', `audit: ${count} check(s) failed on ${failed.join(', ')}`, { suggestion: 'each failed check says how to fix it' });
  },
};
