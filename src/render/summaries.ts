/**
 * Summaries of bulk commands (seed, seed --generate, import, export): for people a short table or line after the run,
 * for scripts one JSON object (numbers stay numbers). Skipped records are listed for people on stderr (the first 20)
 * and in JSON as `skippedRecords` / `invalidRecords` (the first 1,000).
 */
import type { WriteStats } from '../writing/batch-writer.js';
import type { ExportSummary } from '../transfer/export.js';
import type { ImportResult, Skipped } from '../import/run.js';
import type { GenerateSummary } from '../seed/generate-load.js';
import type { SeedSummary } from '../seed/load.js';
import { wrap } from './table.js';
import type { Style } from './style.js';
import { EncodedText, type View } from './view.js';
import { count } from '../text.js';

export type WriteSummary = { table: string } & WriteStats;

/** What to run next, in the user's own endpoint and flags. */
type WithNext = { next: string[] };

/** Rounds seconds for JSON (the table rounds them itself). */
export const writeSummaryJson = (s: WriteSummary): Record<string, unknown> => ({ ...s, seconds: Math.round(s.seconds * 1000) / 1000, consumedWcu: s.consumedWcu ?? null });

/**
 * The write summary for people: one line (two on a narrow terminal) — what was written where, how fast, what it took;
 * the counts that are zero are left out. `--output json` has every figure.
 */
export const renderWriteSummary = (summary: WriteSummary, style: Style, from?: string): string => {
  const extras = [
    `${count(summary.batches)} BatchWriteItem call(s)`,
    summary.retries ? `${count(summary.retries)} retries` : '',
    summary.throttles ? `${count(summary.throttles)} throttled` : '',
    summary.unprocessed ? `${count(summary.unprocessed)} unprocessed (resent)` : '',
    summary.duplicates ? `${count(summary.duplicates)} duplicate key(s), the last kept` : '',
    summary.consumedWcu === undefined ? `~${count(summary.estimatedWcu)} WCU (estimated)` : `${count(summary.consumedWcu)} WCU`,
  ].filter(Boolean);
  const line = `${style.green('wrote')} ${count(summary.items)} item(s)${from ? ` from ${from}` : ''} to ${summary.table} in ${summary.seconds.toFixed(2)} s (${count(summary.itemsPerSecond)} items/s); ${extras.join(', ')}`;
  return wrap(line, style.wide ? Infinity : style.width);
};

const SHOWN = 20;

/** Skipped records for people: a warning line, then the first few. */
const skippedLines = (skipped: readonly Skipped[], total: number, what: string, style: Style): string[] => {
  if (!total) return [];
  const lines = [`${style.yellow('warning:')} ${count(total)} ${what}:`, ...skipped.slice(0, SHOWN).map((s) => `  ${s.where}: ${s.reason}`)];
  if (total > SHOWN) lines.push(`  … and ${count(total - SHOWN)} more (--output json lists up to 1,000)`);
  return lines;
};

export const seedView: View<SeedSummary & WithNext> = {
  table: (s, style) => renderWriteSummary(s, style),
  footer: (s) => [
    `seeded ${s.table}: ${s.messages} messages in ${s.conversations} conversation(s), ${s.groups} message groups` +
      `${s.staleGroupsRemoved ? `, ${s.staleGroupsRemoved} stale groups removed` : ''}${s.newerGroupsKept ? `, ${s.newerGroupsKept} newer group item(s) kept (the conversation has messages newer than the seed's)` : ''}`,
    `next: ${s.next.join(', ')}`,
  ],
  json: ({ next: _next, ...s }) => writeSummaryJson(s),
};

export const generateView: View<GenerateSummary & WithNext> = {
  table: (s, style) => renderWriteSummary(s, style),
  footer: (s) => [
    `generated into ${s.table}: ${count(s.messages)} messages in ${count(s.conversations)} conversation(s) ` +
      `+ ${count(s.groups)} message groups (random seed ${s.randomSeed})`,
    `next: ${s.next.join(', ')}`,
  ],
  json: ({ next: _next, ...s }) => writeSummaryJson(s),
};

export const importView: View<ImportResult> = {
  table: (r, style) => {
    if (r.kind === 'written') return renderWriteSummary(r.summary, style, `${r.summary.file} (${count(r.summary.records)} record(s) read${r.summary.skipped ? `, ${count(r.summary.skipped)} invalid skipped` : ''})`);
    const s = r.summary;
      return wrap(`dry run: nothing written. ${s.file}: ${count(s.records)} record(s) read, ${count(s.valid)} valid, ${count(s.invalid)} invalid; writing them takes about ${count(s.estimatedWcu)} WCU (1 per KB, and as much again per index)`, style.wide ? Infinity : style.width);
  },
  footer: (r, style) => skippedLines(r.skipped, r.skippedCount, r.kind === 'dry-run' ? 'invalid record(s)' : 'invalid record(s) skipped', style),
  json: (r) =>
    r.kind === 'written'
      ? { ...writeSummaryJson(r.summary), skippedRecords: r.skipped }
      : { ...r.summary, seconds: Math.round(r.summary.seconds * 1000) / 1000, invalidRecords: r.skipped },
  verdict: (r) => r.verdict,
};

const exportLine = (s: ExportSummary): string =>
  `exported ${count(s.items)} item(s) of ${s.table} as ${s.format}${s.file ? ` to ${s.file}` : ''} in ${s.seconds.toFixed(1)} s ` +
  `(${count(s.itemsPerSecond)} items/s, ${s.segments} in parallel over ${s.totalSegments} segment(s)); ` +
  (s.consumedRcu === null ? 'consumed capacity: not reported by this engine' : `consumed ${s.consumedRcu} RCU`);

/** The data went to stdout or --out; the summary is a line on stderr, or JSON on stdout when stdout is free (--out). */
export const exportView: View<ExportSummary> = {
  table: () => '',
  footer: (s) => (s.outputClosed ? [] : [exportLine(s)]),
  json: (s) => (s.file && !s.outputClosed ? [s] : new EncodedText([])),
  ndjson: (s) => (s.file && !s.outputClosed ? [s] : new EncodedText([])),
};
