/**
 * ddb export TABLE — every item as NDJSON, a JSON array or CSV, to stdout or a file, through a parallel scan.
 * Memory stays flat: pages stream from the bounded scan queue to the output, which applies back-pressure. [API: Scan]
 */
import { resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { type App, positiveInt } from '../app.js';
import { DdbError } from '../errors.js';
import type { Runtime } from '../runtime.js';
import { type Item, parallelScan, type ScanPage, splitsFor } from '../data/parallel-scan.js';
import { fileSink, OutputClosed, streamSink, type Sink } from '../data/sink.js';
import { type Encoder, EXPORT_FORMATS, type ExportFormat, jsonEncoder, ndjsonEncoder } from '../render/export-format.js';
import { printRecords } from '../render/output.js';
import { startProgress } from '../render/progress.js';

/**
 * Scan requests in flight by default. On the 2-core benchmark machine 3 read as fast as the best raw loop, 2 nearly
 * so, and more only add memory (each adds a page in flight and the garbage of parsing it); the table itself is cut
 * into ~2,500-item segments (splitsFor) that these take in turn. Against a large AWS table more in flight help:
 * `--segments 8`.
 */
export const DEFAULT_SEGMENTS = 3;
/** --segments: 1 to 64 (the HTTP agent keeps 64 sockets; more requests in flight would only queue for one). */
export const MAX_SEGMENTS = 64;
export const segmentsOption = (value: string): number => {
  const n = positiveInt(value);
  if (n > MAX_SEGMENTS) throw new InvalidArgumentError(`must be at most ${MAX_SEGMENTS}.`);
  return n;
};

/** CSV: items read before the header is fixed (the columns are their attribute names). */
export const CSV_SAMPLE_ITEMS = 1_000;

interface Options {
  format: ExportFormat;
  out?: string;
  segments: number;
  columns?: string[];
}

export interface ExportSummary {
  table: string;
  format: ExportFormat;
  file: string | null;
  /** scan requests in flight */
  segments: number;
  /** TotalSegments the table was cut into (splitsFor) */
  totalSegments: number;
  items: number;
  seconds: number;
  itemsPerSecond: number;
  consumedRcu: number | null;
  /** stdout was closed by its reader (`| head`): the export stopped early, on purpose */
  outputClosed?: boolean;
  /** CSV: attributes found after the header was fixed, not in the file */
  droppedAttributes?: string[];
}

const columnList = (value: string): string[] => {
  const names = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (!names.length) throw new DdbError('usage', '--columns needs at least one attribute name', { suggestion: 'e.g. --columns pk,sk,message' });
  return names;
};

/** CSV waits for a sample of items to choose its columns; the other formats start at once. */
const encoderFor = async (opts: Options, keyNames: string[], pages: AsyncIterator<ScanPage>, held: Item[][]): Promise<Encoder & { missed?: Map<string, number> }> => {
  if (opts.format === 'ndjson') return ndjsonEncoder();
  if (opts.format === 'json') return jsonEncoder();
  const { csvColumns, csvEncoder } = await import('../render/csv-format.js');
  if (opts.columns) return csvEncoder(opts.columns);
  let sampled = 0;
  while (sampled < CSV_SAMPLE_ITEMS) {
    const next = await pages.next();
    if (next.done) break;
    held.push(next.value.items);
    sampled += next.value.items.length;
  }
  return csvEncoder(csvColumns(keyNames, held.flat().slice(0, CSV_SAMPLE_ITEMS)));
};

export const runExport = async (rt: Runtime, table: string, opts: Options): Promise<ExportSummary> => {
  const db = await rt.dynamo();
  const description = await db.requireTable(table);
  const keyNames = (description.KeySchema ?? []).map((k) => k.AttributeName ?? '');
  const file = opts.out ? resolve(rt.io.cwd, opts.out) : null;
  const sink: Sink = file ? await fileSink(file) : streamSink(rt.io.stdout);
  const started = performance.now();
  const totalSegments = splitsFor(opts.segments, description.ItemCount);
  const scan = parallelScan(db, { table, segments: opts.segments, totalSegments });
  const pages = scan[Symbol.asyncIterator]();
  const progress = await startProgress(rt);
  const summary = (extra: Partial<ExportSummary> = {}): ExportSummary => {
    const seconds = (performance.now() - started) / 1000;
    return {
      table,
      format: opts.format,
      file,
      segments: opts.segments,
      totalSegments,
      items: scan.stats.items,
      seconds: Math.round(seconds * 100) / 100,
      itemsPerSecond: Math.round(scan.stats.items / Math.max(seconds, 0.001)),
      consumedRcu: scan.stats.consumedRcu ?? null,
      ...extra,
    };
  };
  try {
    const held: Item[][] = [];
    const encoder = await encoderFor(opts, keyNames, pages, held);
    await sink.write(encoder.head());
    for (const items of held) await sink.write(encoder.page(items));
    held.length = 0;
    for (let next = await pages.next(); !next.done; next = await pages.next()) {
      await sink.write(encoder.page(next.value.items));
      progress.update(scan.stats.items);
    }
    await sink.write(encoder.tail());
    await sink.commit();
    progress.stop();
    return summary(encoder.missed?.size ? { droppedAttributes: [...encoder.missed.keys()] } : {});
  } catch (error) {
    progress.stop();
    await pages.return?.();
    await sink.abort();
    if (error instanceof OutputClosed) return summary({ outputClosed: true });
    throw sink.failed(error);
  }
};

const summaryLine = (s: ExportSummary): string =>
  `exported ${s.items.toLocaleString('en-US')} item(s) of ${s.table} as ${s.format}${s.file ? ` to ${s.file}` : ''} in ${s.seconds.toFixed(1)} s ` +
  `(${s.itemsPerSecond.toLocaleString('en-US')} items/s, ${s.segments} in parallel over ${s.totalSegments} segment(s)); ` +
  (s.consumedRcu === null ? 'consumed capacity: not reported by this engine' : `consumed ${s.consumedRcu} RCU`);

export const exportCommand = (app: App): Command =>
  new Command('export')
    .description('write every item of a table to stdout or a file, as NDJSON, a JSON array or CSV, with a parallel scan [API: Scan]')
    .argument('<table>', 'table name')
    .addOption(new Option('--format <format>', 'output format').choices(EXPORT_FORMATS).default('ndjson'))
    .option('--out <file>', 'write to FILE (complete or not at all: written under a temporary name, renamed at the end)')
    .option('--segments <n>', 'parallel scan: Scan requests in flight (the table is cut into ~2,500-item segments they take in turn)', segmentsOption, DEFAULT_SEGMENTS)
    .option('--columns <names>', `CSV columns, comma-separated (default: the keys, then the attributes of the first ${CSV_SAMPLE_ITEMS} items)`, columnList)
    .action(
      app.action<Options>(async (rt, opts, [table]) => {
        if (opts.columns && opts.format !== 'csv') throw new DdbError('usage', '--columns applies to --format csv only', { suggestion: 'add --format csv' });
        const summary = await runExport(rt, table as string, opts);
        if (summary.outputClosed) return;
        if (summary.droppedAttributes) {
          rt.warn(`attributes first seen after the first ${CSV_SAMPLE_ITEMS} items are not in the CSV: ${summary.droppedAttributes.join(', ')} — list them with --columns`);
        }
        // With --out, stdout is free for a machine-readable summary; otherwise it holds the data.
        if (!rt.human && summary.file) printRecords(rt, [summary], []);
        else rt.info(summaryLine(summary));
      }),
    );
