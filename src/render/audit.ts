/** `ddb audit` for people: one line per check, status first and coloured, details and fixes wrapped; and a summary. */
import type { Style as ChalkInstance } from './style.js';
import { auditCounts, type CheckResult, type CheckStatus } from '../audit/checks.js';
import { DdbError } from '../errors.js';
import { displayWidth, wrap } from './width.js';
import type { View } from './view.js';

const paint = (chalk: ChalkInstance, status: CheckStatus, text: string = status): string => {
  if (status === 'pass') return chalk.green(text);
  if (status === 'warn') return chalk.yellow(text);
  if (status === 'fail') return chalk.red.bold(text);
  return chalk.dim(text);
};

/**
 * One line per check, status first, under a heading per table: the detail and the fix are sentences, so they wrap
 * in the room right of the check's name (the fix on a line of its own) instead of one word per line in table cells.
 */
export const renderAudit = (results: readonly CheckResult[], chalk: ChalkInstance): string => {
  const checkWidth = Math.max(...results.map((r) => displayWidth(r.check)));
  const lead = 2 + 4 + 2 + checkWidth + 2; // "  warn  deletion-protection  "
  const narrow = !chalk.wide && chalk.width - lead < 30;
  const indent = ' '.repeat(narrow ? 8 : lead);
  const room = chalk.wide ? Infinity : chalk.width - indent.length;
  const lines: string[] = [];
  for (const table of new Set(results.map((r) => r.table))) {
    lines.push(chalk.bold(table));
    for (const r of results.filter((x) => x.table === table)) {
      const head = `  ${paint(chalk, r.status, r.status.padEnd(4))}  ${r.check}`;
      const detail = wrap(r.detail, room).split('\n');
      const fix = r.fix ? wrap(`fix: ${r.fix}`, room).split('\n') : [];
      if (narrow) lines.push(head, ...[...detail, ...fix].map((l) => indent + l));
      else lines.push(`${head}${' '.repeat(checkWidth - displayWidth(r.check) + 2)}${detail[0]}`, ...[...detail.slice(1), ...fix].map((l) => indent + l));
    }
  }
  return lines.join('\n');
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
