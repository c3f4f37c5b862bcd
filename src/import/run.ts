/**
 * `ddb import`: read → validate → write, one record at a time. Loaded only when the command runs (it pulls in the
 * CSV and JSON stream parsers). Nothing here prints: progress goes to the Reporter, the result to the caller.
 *
 * A bad record stops the import by default: everything before it is written (the writer flushes), nothing after, so
 * fixing the record and re-running converges (puts are idempotent). With --skip-invalid it is listed and skipped.
 * Input that cannot be read on (a cut or broken file, a stream that fails) stops it in any mode, the same way: what
 * was read before is written (or, with --dry-run, counted), and the line says how much.
 */
import { DdbError } from '../errors.js';
import type { Dynamo } from '../aws/dynamo.js';
import type { InStream } from '../io.js';
import type { Progress, Reporter } from '../report.js';
import { type WriteRequest, type WriteStats, WriteFailed, countText, writeBatches } from '../writing/batch-writer.js';
import { type CsvType, parseTypes } from './csv-types.js';
import { type Record_, readRecords } from './readers.js';
import { type Read, type Reading, toRequest } from './requests.js';
import type { AttributeMap } from '../values/attribute.js';
import { type ImportFormat, type Source, detectFormat, openSource } from './source.js';
import { checkItem } from '../requests/check-item.js';
import { type TableShape, estimatePutWcu, keyAttributes, tableShape } from '../requests/table-shape.js';
import { count } from '../text.js';

export interface ImportOptions {
  table: string;
  /** as given (for messages), and resolved */
  file: string;
  path: string;
  format?: ImportFormat;
  types?: string;
  skipInvalid?: boolean;
  dryRun?: boolean;
  /** force the reading of JSON records: typed (DynamoDB JSON) or plain; default: each record by its shape */
  dynamodbJson?: boolean;
  plainJson?: boolean;
  concurrency: number;
  maxWcu?: number;
}

export interface Skipped {
  where: string;
  reason: string;
}

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

export type ImportSummary = { table: string; file: string; format: string; records: number; skipped: number } & WriteStats;

export type ImportResult = (
  | { kind: 'written'; summary: ImportSummary }
  | { kind: 'dry-run'; summary: DryRunSummary }
) & {
  /** the first MAX_LISTED skipped or invalid records */
  skipped: Skipped[];
  skippedCount: number;
  /** set when the result is shown and then the command fails (a dry run that found invalid records) */
  verdict?: DdbError;
};

/** Skipped records kept for the report; beyond this they are only counted (memory stays flat). */
const MAX_LISTED = 1_000;

interface State {
  records: number;
  valid: number;
  estimatedWcu: number;
  skipped: Skipped[];
  skippedCount: number;
  stoppedAt?: Skipped;
  /** the input could not be read on: the reason (after the source's name) */
  broken?: { reason: string; suggestion?: string };
  /** where each item sent was read (a record DynamoDB refuses is named by it) */
  where: WeakMap<AttributeMap, string>;
}

/** CSV columns that are table or index keys take the declared type unless --types says otherwise. */
const csvTypes = (spec: string | undefined, shape: TableShape): Map<string, CsvType> => {
  const types = parseTypes(spec);
  for (const [name, type] of shape.types) if (!types.has(name) && type !== 'B') types.set(name, type);
  return types;
};

async function* validItems(records: AsyncIterable<Record_>, shape: TableShape, opts: ImportOptions, state: State, tick: () => void) {
  try {
    yield* checked(records, shape, opts, state, tick);
  } catch (error) {
    // Readers report their faults as records; anything else that escapes them stops the import just the same.
    const e = error instanceof DdbError ? error : undefined;
    state.broken = { reason: `could not be read on after record ${count(state.records)}: ${e?.message ?? (error as Error)?.message ?? String(error)}`, suggestion: e?.suggestion };
  }
}

async function* checked(records: AsyncIterable<Record_>, shape: TableShape, opts: ImportOptions, state: State, tick: () => void): AsyncGenerator<WriteRequest> {
  // CSV cells are plain values already typed by their column (a cell of type DDB included)
  const reading: Reading = opts.dynamodbJson ? 'typed' : opts.plainJson || detectFormat(opts.file, opts.format) === 'csv' ? 'plain' : 'auto';
  for await (const r of records) {
    if (r.fatal) {
      state.broken = { reason: r.error, suggestion: r.suggestion };
      return;
    }
    state.records++;
    if (state.records % 1000 === 0) tick();
    const read: Read = r.error === undefined ? toRequest(r.item, reading, r.group, opts.table) : { error: r.error };
    if (read.fatal) {
      state.broken = { reason: `${r.where} ${read.error}`, suggestion: 'name that table on the command line (a BatchWriteItem file is imported into the table it names)' };
      return;
    }
    const put = read.request && 'PutRequest' in read.request ? read.request.PutRequest.Item : undefined;
    const reason = read.error ?? (put ? checkItem(put, shape) : checkItem((read.request as { DeleteRequest: { Key: AttributeMap } }).DeleteRequest.Key, shape, true));
    if (reason) {
      if (!opts.skipInvalid && !opts.dryRun) {
        state.stoppedAt = { where: r.where, reason };
        return;
      }
      state.skippedCount++;
      if (state.skipped.length < MAX_LISTED) state.skipped.push({ where: r.where, reason });
      continue;
    }
    state.valid++;
    if (opts.dryRun) state.estimatedWcu += put ? estimatePutWcu(put, shape) : 1;
    if (put) state.where.set(put, r.where);
    yield read.request as WriteRequest;
  }
}

interface Run {
  opts: ImportOptions;
  format: ImportFormat;
  source: Source;
  shape: TableShape;
  state: State;
  items: AsyncGenerator<WriteRequest>;
  progress: Progress;
  /** updates the progress display; `written` is what the writer has confirmed so far */
  tick(written?: number): void;
}

/** Checks that need no I/O: a bad --types or flag combination is a usage error before anything is read. */
export const checkImportOptions = (opts: Pick<ImportOptions, 'file' | 'format' | 'types' | 'dynamodbJson' | 'plainJson'>): void => {
  const format = detectFormat(opts.file, opts.format);
  parseTypes(opts.types);
  if (opts.dynamodbJson && format === 'csv') throw new DdbError('usage', '--dynamodb-json reads JSON and NDJSON files, not CSV', { suggestion: 'leave it out for CSV' });
  if (opts.plainJson && format === 'csv') throw new DdbError('usage', '--plain-json reads JSON and NDJSON files, not CSV', { suggestion: 'leave it out for CSV' });
  if (opts.plainJson && opts.dynamodbJson) throw new DdbError('usage', '--plain-json and --dynamodb-json force opposite readings', { suggestion: 'pass one of them, or neither (each record is read by its shape)' });
};

export const importFile = async (db: Dynamo, opts: ImportOptions, io: { stdin: InStream; report: Reporter; signal?: AbortSignal }): Promise<ImportResult> => {
  checkImportOptions(opts);
  const format = detectFormat(opts.file, opts.format);
  const source = await openSource(opts.file, opts.path, io.stdin);
  const shape = tableShape(await db.requireTable(opts.table));
  const state: State = { records: 0, valid: 0, estimatedWcu: 0, skipped: [], skippedCount: 0, where: new WeakMap() };
  io.report.note(`${opts.dryRun ? 'checking' : 'importing'} ${source.name} (${format}) ${opts.dryRun ? 'against' : 'into'} ${opts.table}`);
  const progress = await io.report.progress(source.size);
  let written = 0;
  // The bar follows items written, not bytes read (the reader runs ahead of the writer): the bytes of the records
  // written so far, estimated from the bytes per record read so far.
  const tick = (n = written) => {
    const done = opts.dryRun ? state.valid : (written = n);
    progress.update(done, state.records ? Math.round((source.bytesRead() * done) / state.records) : 0);
  };
  const records = readRecords(format, source.stream, { types: csvTypes(opts.types, shape), given: new Set(parseTypes(opts.types).keys()), name: source.name });
  const run: Run = { opts, format, source, shape, state, progress, tick, items: validItems(records, shape, opts, state, () => tick()) };
  try {
    return await (opts.dryRun ? dryRun(run) : write(db, run, io.signal));
  } finally {
    progress.stop();
  }
};

const dryRun = async ({ opts, format, source, state, items }: Run): Promise<ImportResult> => {
  const started = performance.now();
  for await (const _ of items);
  const seconds = (performance.now() - started) / 1000;
  const { records, valid, skippedCount: invalid, estimatedWcu } = state;
  const first = state.skipped[0];
  const counts = `${count(valid)} valid record(s) before it${invalid ? `, ${count(invalid)} invalid` : ''}`;
  const verdict = state.broken
    ? new DdbError('input.invalid', `${source.name}: ${state.broken.reason}; dry run: ${counts}, nothing written`, { suggestion: state.broken.suggestion })
    : first && !opts.skipInvalid
      ? new DdbError('input.invalid', `${source.name}: ${count(invalid)} invalid record(s), the first at ${first.where}: ${first.reason}`, {
          suggestion: 'fix them, or import with --skip-invalid to leave them out',
        })
      : undefined;
  return {
    kind: 'dry-run',
    summary: { table: opts.table, file: source.name, format, dryRun: true, records, valid, invalid, estimatedWcu, seconds },
    skipped: state.skipped,
    skippedCount: state.skippedCount,
    verdict,
  };
};

const write = async (db: Dynamo, { opts, format, source, shape, state, items, progress, tick }: Run, signal: AbortSignal | undefined): Promise<ImportResult> => {
  // The writer may stop early (a batch it cannot write); it must not close the reader, which is then read to the
  // end to say how many items were not written.
  const requests: AsyncIterable<WriteRequest> = {
    [Symbol.asyncIterator]: () => ({
      next: async () => {
        const r = await items.next();
        return r.done ? { done: true, value: undefined } : { done: false, value: r.value };
      },
    }),
  };
  try {
    const stats = await writeBatches(db, opts.table, requests, {
      concurrency: opts.concurrency,
      maxWcu: opts.maxWcu,
      keyNames: keyAttributes(shape).map((k) => k.name),
      putWcu: (item) => estimatePutWcu(item, shape),
      onProgress: (s) => tick(s.items),
      signal,
    });
    progress.stop();
    if (state.stoppedAt) throw stoppedError(source.name, state.stoppedAt, stats.items);
    if (state.broken) throw brokenError(source.name, state, stats.items);
    return {
      kind: 'written',
      summary: { table: opts.table, file: source.name, format, records: state.records, skipped: state.skippedCount, ...stats },
      skipped: state.skipped,
      skippedCount: state.skippedCount,
    };
  } catch (error) {
    if (!(error instanceof WriteFailed)) throw error;
    progress.stop();
    for await (const _ of items); // count what was never sent
    const notWritten = state.valid - error.stats.items - error.stats.duplicates - error.notConfirmed;
    const item = error.rejected && 'PutRequest' in error.rejected ? error.rejected.PutRequest.Item : undefined;
    const where = item && state.where.get(item);
    const record = where ? `${source.name} ${where}: DynamoDB refused this record: ` : '';
    const gone = error.reason.code === 'table.notFound';
    const why = (where ? error.reason.message.replace(/^DynamoDB rejected the request: /, '') : error.reason.message).replace(/\.$/, '');
    throw new DdbError(error.reason.code, `${record}${why}; ${countText(error.stats.items, notWritten, error.notConfirmed, gone)}`, {
      suggestion: where ? 'fix that record and run the same import again (it is idempotent); no --concurrency or --max-wcu changes this' : error.suggestion,
      cause: error.cause,
    });
  }
};

const stoppedError = (name: string, at: Skipped, written: number): DdbError =>
  new DdbError('input.invalid', `${name} ${at.where}: ${at.reason}; import stopped there: ${count(written)} item(s) before it written, nothing after`, {
    suggestion: 'fix that record and run the same import again (it is idempotent), or pass --skip-invalid to import the rest and list what was skipped',
  });

const brokenError = (name: string, state: State, written: number): DdbError => {
  const skipped = state.skippedCount ? `, ${count(state.skippedCount)} invalid skipped` : '';
  return new DdbError('input.invalid', `${name}: ${state.broken?.reason}; ${count(written)} item(s) written${skipped}, nothing after`, { suggestion: state.broken?.suggestion });
};
