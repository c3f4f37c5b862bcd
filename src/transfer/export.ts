/**
 * `ddb export`: every item of a table, through the parallel scan, encoded as it is read and written to a file or a
 * stream. Memory stays flat: pages stream from the bounded scan queue to the sink, which applies back-pressure.
 */
import type { TableDescription } from '@aws-sdk/client-dynamodb';
import type { Dynamo } from '../aws/dynamo.js';
import type { OutStream } from '../io.js';
import type { Reporter } from '../report.js';
import { type Encoder, type ExportFormat, dynamodbEncoder, jsonEncoder, ndjsonEncoder, attributeNames } from '../output/encoders.js';
import type { AttributeMap, PlainLosses } from '../values/attribute.js';
import type { CsvColumnType } from '../output/csv-encoder.js';
import { count } from '../text.js';
import { type Item, parallelScan, type ParallelScanOptions, type ScanPage, SPLIT_ITEMS, splitsFor } from '../reading/parallel-scan.js';
import { fileSink, OutputClosed, streamSink, type Sink } from '../output/sink.js';

/** CSV: items read before the header is fixed (the columns are their attribute names). */
export const CSV_SAMPLE_ITEMS = 1_000;

export interface ExportOptions {
  table: string;
  format: ExportFormat;
  /** absolute path, or null for `stdout` */
  file: string | null;
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

/** CSV waits for a sample of items to choose its columns; the other formats start at once. */
const encoderFor = async (
  opts: ExportOptions,
  keyNames: string[],
  pages: AsyncIterator<ScanPage>,
  held: Item[][],
): Promise<Encoder & { missed?: Map<string, number>; mismatched?: Map<string, number> }> => {
  if (opts.format === 'dynamodb') return dynamodbEncoder();
  if (opts.format === 'ndjson') return ndjsonEncoder();
  if (opts.format === 'json') return jsonEncoder();
  const { csvEncoder, columnTypes } = await import('../output/csv-encoder.js');
  // --columns a,b:N: the names, and the types given; the others' types come from the sample
  const given = new Map<string, CsvColumnType>();
  const named = opts.columns?.map((c) => {
    const m = /^(.+):(S|N|B|BOOL|DDB)$/i.exec(c);
    if (m) given.set(m[1]!, m[2]!.toUpperCase() as CsvColumnType);
    return m ? m[1]! : c;
  });
  let sampled = 0;
  while (sampled < CSV_SAMPLE_ITEMS) {
    const next = await pages.next();
    if (next.done) break;
    held.push(next.value.items);
    sampled += next.value.items.length;
  }
  const sample = held.flat().slice(0, CSV_SAMPLE_ITEMS) as AttributeMap[];
  return csvEncoder(columnTypes(named ?? attributeNames(keyNames, sample), sample, given));
};

async function* plainPages(pages: AsyncIterable<ScanPage>, losses: PlainLosses): AsyncGenerator<ScanPage> {
  for await (const page of pages) yield { ...page, items: page.items.map((i) => losses.plain(i as AttributeMap)) };
}

/**
 * The parallel scan an export sends (pure): the table cut by DescribeTable's item count (splitsFor), read in DynamoDB
 * JSON — the default format writes it as it is; the plain ones convert it, counting what changes type.
 */
export const exportScan = (opts: ExportOptions, description: TableDescription): ParallelScanOptions => ({
  table: opts.table,
  segments: opts.segments,
  totalSegments: splitsFor(opts.segments, description.ItemCount),
  raw: true,
});

/** What a plan without the item count (a schema file's table) says of the segments it cannot know. */
export const moreSegments = (segments: number): string =>
  `and one more segment like these for every ${count(SPLIT_ITEMS)} items past ${count(segments * SPLIT_ITEMS)} (TotalSegments from DescribeTable's ItemCount)`;

/** Exports the table `description` (DescribeTable's answer: its keys and item count) describes. */
export const exportTable = async (db: Dynamo, opts: ExportOptions, description: TableDescription, io: { stdout: OutStream; report: Reporter }): Promise<ExportSummary> => {
  const { table } = opts;
  const keyNames = (description.KeySchema ?? []).map((k) => k.AttributeName ?? '');
  const sink: Sink = opts.file ? await fileSink(opts.file) : streamSink(io.stdout);
  const started = performance.now();
  const plan = exportScan(opts, description);
  const totalSegments = plan.totalSegments!;
  const scan = parallelScan(db, plan);
  const losses = new (await import('../values/attribute.js')).PlainLosses(); // loaded here: `ddb export --help` loads no SDK
  const pages = opts.format === 'dynamodb' || opts.format === 'csv' ? scan[Symbol.asyncIterator]() : plainPages(scan, losses);
  const progress = await io.report.progress();
  const summary = (extra: Partial<ExportSummary> = {}): ExportSummary => {
    const seconds = (performance.now() - started) / 1000;
    return {
      table,
      format: opts.format,
      file: opts.file,
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
    const lost = losses.text('plain JSON');
    if (lost) io.report.warn(lost);
    const mismatched = encoder.mismatched?.size ? [...encoder.mismatched].map(([c, n]) => `${c} (${count(n)})`) : undefined;
    if (mismatched) {
      io.report.warn(`CSV values of another type than their column's, written as DynamoDB JSON: ${mismatched.join(', ')} — \`ddb import\` refuses those rows; export those columns as DDB: --columns name:DDB`);
    }
    const dropped = encoder.missed?.size ? [...encoder.missed.keys()] : undefined;
    if (dropped) io.report.warn(`attributes first seen after the first ${CSV_SAMPLE_ITEMS} items are not in the CSV: ${dropped.join(', ')} — list them with --columns`);
    return summary(dropped ? { droppedAttributes: dropped } : {});
  } catch (error) {
    progress.stop();
    await pages.return?.();
    await sink.abort();
    if (error instanceof OutputClosed) return summary({ outputClosed: true });
    throw sink.failed(error);
  }
};
