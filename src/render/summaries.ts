/**
 * Summaries of bulk commands (seed, seed --generate, import, export): for people a short table or line after the run,
 * for scripts one JSON object (numbers stay numbers). Skipped records are listed for people on stderr (the first 20)
 * and in JSON as `skippedRecords` / `invalidRecords` (the first 1,000).
 */
import type { WriteStats } from '../data/batch-writer.js';
import type { ExportSummary } from '../data/export.js';
import type { ImportResult, Skipped } from '../import/run.js';
import type { GenerateSummary } from '../seed/generate-load.js';
import type { SeedSummary } from '../seed/load.js';
import { renderTable } from './table.js';
import type { Style } from './style.js';
import { EncodedText, type View } from './view.js';

export type WriteSummary = { table: string } & WriteStats;

/** What to run next, in the user's own endpoint and flags. */
type WithNext = { next: string[] };

const LABELS: Record<string, string> = {
  table: 'table',
  items: 'items written',
  batches: 'BatchWriteItem calls',
  retries: 'retries',
  throttles: 'throttled (retried)',
  unprocessed: 'unprocessed (resent)',
  duplicates: 'duplicate keys (last kept)',
  consumedWcu: 'consumed WCU',
  estimatedWcu: 'estimated WCU (from item sizes)',
  seconds: 'seconds',
  itemsPerSecond: 'items/s',
};

const cell = (key: string, value: unknown): string => {
  if (key === 'consumedWcu' && value === undefined) return 'not asked of a local engine';
  if (key === 'seconds' && typeof value === 'number') return value.toFixed(2);
  if (typeof value === 'number') return value.toLocaleString('en-US');
  return typeof value === 'string' ? value : JSON.stringify(value);
};

/** Rounds seconds for JSON (the table rounds them itself). */
export const writeSummaryJson = (s: WriteSummary): Record<string, unknown> => ({ ...s, seconds: Math.round(s.seconds * 1000) / 1000, consumedWcu: s.consumedWcu ?? null });

export const renderWriteSummary = (summary: WriteSummary, style: Style, extraLabels: Record<string, string> = {}): string => {
  const labels = { ...LABELS, ...extraLabels };
  const rows = Object.entries(summary as object as Record<string, unknown>)
    .filter(([k, v]) => k in labels && (v !== 0 || ['items', 'batches', 'retries', 'throttles'].includes(k)) && (k !== 'estimatedWcu' || summary.consumedWcu === undefined))
    .map(([k, v]) => ({ what: labels[k] ?? k, value: cell(k, v) }));
  return renderTable(rows, [
    { header: 'summary', value: (r) => r.what },
    { header: '', value: (r) => r.value, align: 'right', max: 60 },
  ], style);
};

const SHOWN = 20;

/** Skipped records for people: a warning line, then the first few. */
const skippedLines = (skipped: readonly Skipped[], count: number, what: string, style: Style): string[] => {
  if (!count) return [];
  const lines = [`${style.yellow('warning:')} ${count.toLocaleString('en-US')} ${what}:`, ...skipped.slice(0, SHOWN).map((s) => `  ${s.where}: ${s.reason}`)];
  if (count > SHOWN) lines.push(`  … and ${(count - SHOWN).toLocaleString('en-US')} more (--output json lists up to 1,000)`);
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
    `generated into ${s.table}: ${s.messages.toLocaleString('en-US')} messages in ${s.conversations.toLocaleString('en-US')} conversation(s) ` +
      `+ ${s.groups.toLocaleString('en-US')} message groups (random seed ${s.randomSeed})`,
    `next: ${s.next.join(', ')}`,
  ],
  json: ({ next: _next, ...s }) => writeSummaryJson(s),
};

const IMPORT_LABELS = { file: 'file', format: 'format', records: 'records read', skipped: 'skipped (invalid)' };

export const importView: View<ImportResult> = {
  table: (r, style) => {
    if (r.kind === 'written') return renderWriteSummary(r.summary, style, IMPORT_LABELS);
    const s = r.summary;
    const rows: [string, string][] = [
      ['table', s.table],
      ['records read', s.records.toLocaleString('en-US')],
      ['valid (would be written)', s.valid.toLocaleString('en-US')],
      ['invalid', s.invalid.toLocaleString('en-US')],
      ['estimated WCU (1 per KB, + indexes)', s.estimatedWcu.toLocaleString('en-US')],
    ];
    return renderTable(rows, [{ header: 'dry run: nothing written', value: (row) => row[0] }, { header: '', value: (row) => row[1], align: 'right' }], style);
  },
  footer: (r, style) => skippedLines(r.skipped, r.skippedCount, r.kind === 'dry-run' ? 'invalid record(s)' : 'invalid record(s) skipped', style),
  json: (r) =>
    r.kind === 'written'
      ? { ...writeSummaryJson(r.summary), skippedRecords: r.skipped }
      : { ...r.summary, seconds: Math.round(r.summary.seconds * 1000) / 1000, invalidRecords: r.skipped },
  verdict: (r) => r.verdict,
};

const exportLine = (s: ExportSummary): string =>
  `exported ${s.items.toLocaleString('en-US')} item(s) of ${s.table} as ${s.format}${s.file ? ` to ${s.file}` : ''} in ${s.seconds.toFixed(1)} s ` +
  `(${s.itemsPerSecond.toLocaleString('en-US')} items/s, ${s.segments} in parallel over ${s.totalSegments} segment(s)); ` +
  (s.consumedRcu === null ? 'consumed capacity: not reported by this engine' : `consumed ${s.consumedRcu} RCU`);

/** The data went to stdout or --out; the summary is a line on stderr, or JSON on stdout when stdout is free (--out). */
export const exportView: View<ExportSummary> = {
  table: () => '',
  footer: (s) => (s.outputClosed ? [] : [exportLine(s)]),
  json: (s) => (s.file && !s.outputClosed ? [s] : new EncodedText([])),
  ndjson: (s) => (s.file && !s.outputClosed ? [s] : new EncodedText([])),
};
