/**
 * A segmented parallel Scan as an async iterable of pages, in bounded memory.
 *
 * The table is cut into `totalSegments` segments (Segment/TotalSegments —
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Scan.html#Scan.ParallelScan); `segments` workers
 * each take the next unscanned segment, page through it (following LastEvaluatedKey) and put each page into one
 * bounded queue. A worker whose page finds the queue full waits until the consumer takes one, so at most `queuePages`
 * pages wait plus one page in flight per worker: memory does not grow with the table.
 *
 * Why more segments than workers (splitsFor): DynamoDB Local reads each page more slowly the further into a segment
 * it is (a single-segment scan of 100k items falls from ~8k to ~1.6k items/s by its end), so a 1M-item table read as
 * 3 segments crawls; cut into segments of ~2,500 items it keeps its speed — 3 workers over 41 segments read 100k
 * items faster than 32 workers over 32 segments. Against AWS, extra segments cost nothing.
 * Pages of different segments interleave; within one segment they arrive in order.
 */
import type { Dynamo } from '../aws/dynamo.js';
import type { ScanCommandInput } from '@aws-sdk/lib-dynamodb';
import { DdbError } from '../errors.js';
import { fullPages, keyOf, projectKeys, stripKeys } from './page-keys.js';
import type { Step } from '../plan/step.js';

export type Item = Record<string, unknown>;

export interface ScanPage {
  segment: number;
  items: Item[];
}

export interface ScanStats {
  items: number;
  /** DynamoDB's Count over the pages read (with Select COUNT the items are not returned, only counted) */
  counted: number;
  scanned: number;
  pages: number;
  /** undefined when the engine reports no consumed capacity */
  consumedRcu: number | undefined;
  /** single segment only: where the scan stopped (set when `limit` cut it short) */
  lastEvaluatedKey: Item | undefined;
}

export interface ParallelScanOptions {
  table: string;
  /** workers: Scan requests in flight (1 with totalSegments 1 = an ordinary sequential Scan) */
  segments: number;
  /** TotalSegments; default `segments`. See splitsFor. */
  totalSegments?: number;
  /** stop after this many items (exact with one segment: the last page asks for no more than needed) */
  limit?: number;
  /** pages that may wait for the consumer; default: one per segment */
  queuePages?: number;
  /** Items per Scan page (Limit); default DEFAULT_PAGE_ITEMS. */
  pageItems?: number;
  /** extra Scan parameters (ProjectionExpression, ConsistentRead, …) */
  input?: Partial<ScanCommandInput>;
  /** items (and keys) in DynamoDB JSON, as DynamoDB holds them — the lossless export; default: plain values */
  raw?: boolean;
  /** single segment: continue after this key (a NextToken printed earlier) */
  startKey?: Item;
  /** the table's key attributes (and the index's): a filtered scan then reads full pages (./page-keys.ts fullPages) */
  keyNames?: readonly string[];
}

/**
 * Items per page unless told otherwise. DynamoDB's own page (up to 1 MB of items) costs several MB per segment while
 * it is received, parsed and converted; pages of 500 keep `ddb export` flat at a lower level, and DynamoDB Local even
 * serves them faster than 1 MB pages (BENCHMARKS.md). Capacity is the same: RCU are summed over the items read.
 */
export const DEFAULT_PAGE_ITEMS = 500;

export interface ParallelScan extends AsyncIterable<ScanPage> {
  readonly stats: ScanStats;
}

/**
 * Scan requests in flight by default for an export. On the 2-core benchmark machine 3 read as fast as the best raw
 * loop, 2 nearly so, and more only add memory (each adds a page in flight and the garbage of parsing it); the table
 * itself is cut into ~2,500-item segments (splitsFor) that these take in turn. Against a large AWS table more in
 * flight help: `--segments 8`.
 */
export const DEFAULT_SEGMENTS = 3;
/** --segments: 1 to 64 (the HTTP agent keeps 64 sockets; more requests in flight would only queue for one). */
export const MAX_SEGMENTS = 64;
/** The scan stopped on an error after handing `delivered` items to its consumer (which may have printed them). */
export class ScanFailed extends DdbError {
  constructor(
    readonly reason: DdbError,
    readonly delivered: number,
  ) {
    super(reason.code, reason.message, { suggestion: reason.suggestion, cause: reason.cause ?? reason });
  }
}

/** Items per segment that splitsFor aims at. */
export const SPLIT_ITEMS = 2_500;
/** DynamoDB's limit on TotalSegments. */
export const MAX_TOTAL_SEGMENTS = 1_000_000;

/** Segments for a table of about `itemCount` items (DescribeTable's count): ~SPLIT_ITEMS each, at least one per worker. */
export const splitsFor = (workers: number, itemCount: number | undefined): number =>
  Math.min(MAX_TOTAL_SEGMENTS, Math.max(workers, Math.ceil((itemCount ?? 0) / SPLIT_ITEMS)));

const totalOf = (opts: ParallelScanOptions): number => Math.max(opts.segments, opts.totalSegments ?? opts.segments);

/** The Scan request of one page of one segment (pure). */
export const segmentInput = (opts: ParallelScanOptions, segment: number, start: Item | undefined, remaining: number | undefined): ScanCommandInput => ({
  ...opts.input,
  TableName: opts.table,
  ReturnConsumedCapacity: 'TOTAL',
  ...(totalOf(opts) > 1 ? { Segment: segment, TotalSegments: totalOf(opts) } : {}),
  ...(remaining !== undefined ? { Limit: remaining } : {}),
  ...(start ? { ExclusiveStartKey: start } : {}),
});

/** Items a page asks for: no more than are still wanted, unless a filter makes that costly (then full pages, cut after the last item kept). */
const pageLimit = (opts: ParallelScanOptions, full: boolean, wanted: number | undefined): number =>
  full ? (opts.pageItems ?? DEFAULT_PAGE_ITEMS) : Math.min(wanted ?? Infinity, opts.pageItems ?? DEFAULT_PAGE_ITEMS);

/** The first request of every segment, and how each goes on: the Scan steps of a plan (pure). */
export const scanSteps = (opts: ParallelScanOptions): Extract<Step, { api: 'Scan' }>[] => {
  const full = fullPages(opts.input ?? {}, opts.keyNames);
  const input = full ? projectKeys(opts.input ?? {}, opts.keyNames!).input : opts.input;
  const total = totalOf(opts);
  const until = opts.limit === undefined ? 'until the segment ends' : `until ${opts.limit} item(s) in all`;
  const pages = `then the next page from each LastEvaluatedKey, ${until}${total > 1 ? `; ${opts.segments} segment(s) in flight` : ''}`;
  return Array.from({ length: total }, (_, segment) => ({ api: 'Scan', input: segmentInput({ ...opts, input }, segment, total === 1 ? opts.startKey : undefined, pageLimit(opts, full, opts.limit)), read: true, pages }));
};

/** A queue of at most `capacity` values: put() waits while it is full, take() while it is empty. */
class BoundedQueue<T> {
  private readonly values: T[] = [];
  private readonly takers: ((v: IteratorResult<T>) => void)[] = [];
  private readonly putters: (() => void)[] = [];
  private closed = false;
  private failure: { error: unknown } | undefined;
  private failTaker: ((error: unknown) => void) | undefined;

  constructor(private readonly capacity: number) {}

  async put(value: T): Promise<boolean> {
    while (!this.closed && this.values.length >= this.capacity && this.takers.length === 0) {
      await new Promise<void>((resolve) => this.putters.push(resolve));
    }
    if (this.closed) return false;
    const taker = this.takers.shift();
    if (taker) {
      this.failTaker = undefined;
      taker({ value, done: false });
    } else this.values.push(value);
    return true;
  }

  take(): Promise<IteratorResult<T>> {
    if (this.failure) return Promise.reject(this.failure.error);
    const value = this.values.shift();
    if (value !== undefined) {
      this.putters.shift()?.();
      return Promise.resolve({ value, done: false });
    }
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.takers.push(resolve);
      this.failTaker = reject;
    });
  }

  /** No more values: waiting takers end, waiting putters give up. */
  close(): void {
    this.closed = true;
    for (const t of this.takers.splice(0)) t({ value: undefined, done: true });
    for (const p of this.putters.splice(0)) p();
  }

  fail(error: unknown): void {
    this.failure ??= { error };
    this.failTaker?.(error);
    this.takers.length = 0;
    this.close();
  }
}

export const parallelScan = (db: Dynamo, opts: ParallelScanOptions): ParallelScan => {
  const stats: ScanStats = { items: 0, counted: 0, scanned: 0, pages: 0, consumedRcu: undefined, lastEvaluatedKey: undefined };
  const queue = new BoundedQueue<ScanPage>(Math.max(1, opts.queuePages ?? opts.segments));
  let wanted = opts.limit; // items still to deliver, when limited
  let stopped = false;

  const single = totalOf(opts) === 1;
  const full = fullPages(opts.input ?? {}, opts.keyNames);
  const { input, strip } = full ? projectKeys(opts.input ?? {}, opts.keyNames!) : { input: opts.input, strip: [] };
  const scanSegment = async (segment: number): Promise<boolean> => {
    const { perform } = await import('../aws/perform.js'); // the SDK loads with the first read, not with this module
    let start: Item | undefined = single ? opts.startKey : undefined;
    do {
      // exact with one segment; with several, each may read past the limit
      const scanInput = segmentInput({ ...opts, input }, segment, start, pageLimit(opts, full, wanted));
      const step = { api: 'Scan', input: scanInput } as const;
      const page = opts.raw ? await perform(db, step, { raw: true }) : await perform(db, step);
      if (stopped) return false;
      start = page.LastEvaluatedKey as Item | undefined;
      let items = (page.Items ?? []) as Item[];
      if (wanted !== undefined) {
        if (items.length > wanted) {
          items = items.slice(0, wanted);
          if (full) start = keyOf(items[items.length - 1]!, opts.keyNames!);
        }
        wanted -= items.length;
      }
      items = stripKeys(items, strip);
      stats.pages++;
      stats.items += items.length;
      stats.counted += page.Count ?? items.length;
      stats.scanned += page.ScannedCount ?? items.length;
      const units = page.ConsumedCapacity?.CapacityUnits;
      if (units !== undefined) stats.consumedRcu = (stats.consumedRcu ?? 0) + units;
      if (single) stats.lastEvaluatedKey = wanted === 0 ? start : undefined;
      if (items.length && !(await queue.put({ segment, items }))) return false;
    } while (start && wanted !== 0 && !stopped);
    return wanted !== 0 && !stopped;
  };

  let nextSegment = 0;
  const worker = async (): Promise<void> => {
    for (let s = nextSegment++; s < totalOf(opts); s = nextSegment++) if (!(await scanSegment(s))) return;
  };

  const run = (): void => {
    const workers = Array.from({ length: opts.segments }, () => worker());
    Promise.all(workers).then(
      () => queue.close(),
      (error: unknown) => {
        stopped = true;
        queue.fail(error);
      },
    );
  };

  return {
    stats,
    [Symbol.asyncIterator]() {
      run();
      let delivered = 0;
      return {
        next: async () => {
          try {
            const next = await queue.take();
            if (!next.done) delivered += next.value.items.length;
            return next;
          } catch (error) {
            throw error instanceof DdbError ? new ScanFailed(error, delivered) : error;
          }
        },
        // The consumer stopped early (break, error): workers finish their request in flight and stop.
        return: async () => {
          stopped = true;
          queue.close();
          return { value: undefined, done: true };
        },
      };
    },
  };
};
