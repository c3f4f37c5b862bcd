/**
 * What `ddb import` reports: the write summary (or, for --dry-run, the count and the WCU estimate) and the records it
 * skipped — in JSON as `skippedRecords` (the first 1,000), for people as warnings on stderr (the first 20).
 */
import type { Runtime } from '../runtime.js';
import { type WriteSummary, printWriteSummary } from '../render/write-summary.js';
import { renderTable } from '../render/table.js';
import { toJson } from '../render/plain.js';

export interface Skipped {
  where: string;
  reason: string;
}

const SHOWN = 20;

export interface DryRunSummary {
  table: string;
  file: string;
  format: string;
  dryRun: true;
  records: number;
  valid: number;
  invalid: number;
  estimatedWcu: number;
  seconds: number;
}

const printDryRun = (rt: Runtime, s: DryRunSummary, skipped: readonly Skipped[]): void => {
  if (!rt.human) return rt.out(toJson({ ...s, seconds: Math.round(s.seconds * 1000) / 1000, invalidRecords: skipped }, rt.output === 'json' ? 2 : 0));
  const rows: [string, string][] = [
    ['table', s.table],
    ['records read', s.records.toLocaleString('en-US')],
    ['valid (would be written)', s.valid.toLocaleString('en-US')],
    ['invalid', s.invalid.toLocaleString('en-US')],
    ['estimated WCU (1 per KB, + indexes)', s.estimatedWcu.toLocaleString('en-US')],
  ];
  rt.out(renderTable(rows, [{ header: 'dry run: nothing written', value: (r) => r[0] }, { header: '', value: (r) => r[1], align: 'right' }], rt.chalk));
};

export const printImportSummary = (rt: Runtime, summary: WriteSummary | DryRunSummary, state: { skipped: readonly Skipped[]; skippedCount: number }): void => {
  if ('dryRun' in summary) printDryRun(rt, summary as DryRunSummary, state.skipped);
  else printWriteSummary(rt, rt.human ? summary : { ...summary, skippedRecords: state.skipped }, { file: 'file', format: 'format', records: 'records read', skipped: 'skipped (invalid)' });
  if (!rt.human || !state.skippedCount) return;
  const what = 'dryRun' in summary ? 'invalid record(s)' : 'invalid record(s) skipped';
  rt.warn(`${state.skippedCount.toLocaleString('en-US')} ${what}:`);
  for (const s of state.skipped.slice(0, SHOWN)) rt.io.stderr.write(`  ${s.where}: ${s.reason}\n`);
  if (state.skippedCount > SHOWN) rt.io.stderr.write(`  … and ${(state.skippedCount - SHOWN).toLocaleString('en-US')} more (--output json lists up to 1,000)\n`);
};
