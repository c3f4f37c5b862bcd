/**
 * The summary of a bulk write (seed, import): a two-column table for people, one JSON object for scripts
 * (`--output json`; `ndjson` prints it on one line). Numbers stay numbers in JSON.
 */
import type { Runtime } from '../runtime.js';
import type { WriteStats } from '../data/batch-writer.js';
import { renderTable } from './table.js';
import { toJson } from './plain.js';

export type WriteSummary = { table: string } & WriteStats & Record<string, unknown>;

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
const forJson = (s: WriteSummary): Record<string, unknown> => ({ ...s, seconds: Math.round(s.seconds * 1000) / 1000, consumedWcu: s.consumedWcu ?? null });

export const printWriteSummary = (rt: Runtime, summary: WriteSummary, extraLabels: Record<string, string> = {}): void => {
  if (rt.output === 'json') return rt.out(toJson(forJson(summary)));
  if (rt.output === 'ndjson') return rt.out(toJson(forJson(summary), 0));
  const labels = { ...LABELS, ...extraLabels };
  const rows = Object.entries(summary)
    .filter(([k, v]) => k in labels && (v !== 0 || ['items', 'batches', 'retries', 'throttles'].includes(k)) && (k !== 'estimatedWcu' || summary.consumedWcu === undefined))
    .map(([k, v]) => ({ what: labels[k] ?? k, value: cell(k, v) }));
  rt.out(
    renderTable(rows, [
      { header: 'summary', value: (r) => r.what },
      { header: '', value: (r) => r.value, align: 'right', max: 60 },
    ], rt.chalk),
  );
};
