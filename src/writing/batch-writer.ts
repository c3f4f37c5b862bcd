/**
 * The one bulk writer (seed, import, generated loads): BatchWriteItem calls of 25, several in flight.
 *
 * - Input is any (async) iterable; at most `concurrency` batches are in flight and the next request is read only when
 *   a slot is free, so a multi-gigabyte import streams in flat memory (back-pressure reaches the file reader).
 * - Throttling, 5xx and dropped connections are retried by the SDK's retry strategy (src/aws/retry.ts); this writer
 *   resends UnprocessedItems with capped exponential backoff and full jitter.
 * - `maxWcu` paces the load with a token bucket charged by each batch's estimated WCU and settled with the consumed WCU.
 * - Requests for the same key within one batch make BatchWriteItem fail: the last one wins. A batch holding a key that
 *   an earlier batch is still writing waits for it, so the last request for a key wins across batches as well.
 * - When a batch cannot be written (retries exhausted, a non-retryable error) no further batch is started, the ones in
 *   flight finish, and a WriteFailed says how many items were and were not written — and how many are not confirmed:
 *   those of a failed batch that one of its attempts sent without an answer that says whether they were written (the
 *   connection dropped after the request went out, or DynamoDB answered 500, "the outcome is unknown"), which
 *   DynamoDB may well have written.
 */
import type { BatchWriteItemCommand as BatchWriteCommandClass } from '@aws-sdk/client-dynamodb';
import type { Dynamo } from '../aws/dynamo.js';
import { DdbError, type ErrorCode } from '../errors.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { fullJitter } from '../backoff.js';
import { writeUnits } from '../requests/item-size.js';
import { Batcher, batchWriteInput, type Item, type WriteRequest } from './batch-plan.js';
import { itemBytes } from '../values/size.js';
import { estimatePutWcu, keyAttributes, tableShape } from '../requests/table-shape.js';
import { TokenBucket } from './token-bucket.js';
import { count } from '../text.js';

export type { Item, WriteRequest } from './batch-plan.js';

/**
 * 16 in flight: on a 2-core machine DynamoDB Local takes ~5k items/s with 1 batch in flight and ~14k/s with 16, with
 * no gain beyond; against AWS, 16 × 25 items stays well under a table's default on-demand ramp, and --max-wcu paces it.
 */
export const DEFAULT_CONCURRENCY = 16;
/** The most batches in flight (the HTTP agent has as many sockets: src/aws/dynamo.ts MAX_SOCKETS). */
export const MAX_CONCURRENCY = 64;
export const MAX_UNPROCESSED_ROUNDS = 10;

export interface WriteStats {
  /** items DynamoDB confirmed */
  items: number;
  /** BatchWriteItem calls (resends included) */
  batches: number;
  /** SDK retries (throttling, 5xx, dropped connections) plus UnprocessedItems resends */
  retries: number;
  /** throttling errors the SDK retried */
  throttles: number;
  /** items DynamoDB handed back as UnprocessedItems (and that were resent) */
  unprocessed: number;
  /** requests replaced by a later one for the same key in the same batch */
  duplicates: number;
  /** as reported by DynamoDB (undefined when not asked for or not reported) */
  consumedWcu: number | undefined;
  /** estimated from item sizes: 1 per started KB per put (plus indexes, when the caller's estimate knows them) */
  estimatedWcu: number;
  seconds: number;
  itemsPerSecond: number;
}

export interface WriteOptions {
  concurrency?: number;
  maxWcu?: number;
  /** the table's key attribute names (read with DescribeTable when not given) */
  keyNames?: readonly string[];
  onProgress?: (stats: Readonly<WriteStats>) => void;
  /**
   * Ask DynamoDB for the consumed capacity (ReturnConsumedCapacity TOTAL). Default: against AWS only — it is free
   * there, while DynamoDB Local spends ~20% of its write throughput on it and only simulates capacity anyway.
   */
  returnCapacity?: boolean;
  /** WCU of one put for `estimatedWcu` and the --max-wcu bucket (default: from the item's size and the table's indexes) */
  putWcu?: (item: Item) => number;
  /** aborted (Ctrl-C): no new batch starts, those in flight finish, then a 'cancelled' error with the count */
  signal?: AbortSignal;
}

/**
 * The writer stopped before the end: `stats.items` items are in the table, `notWritten` of those it was given are not,
 * and `notConfirmed` were sent without a reply (their connection dropped), so may or may not be.
 */
export class WriteFailed extends DdbError {
  constructor(
    readonly reason: DdbError,
    readonly stats: WriteStats,
    readonly notWritten: number,
    readonly notConfirmed = 0,
    /** the one request DynamoDB refused (ValidationException): no retry or budget helps, only fixing it */
    readonly rejected?: WriteRequest,
  ) {
    super(reason.code as ErrorCode, `${reason.message.replace(/\.$/, '')}; ${countText(stats.items, notWritten, notConfirmed, reason.code === 'table.notFound')}`, {
      suggestion: giveUpAdvice(reason, rejected !== undefined),
      cause: reason.cause ?? reason,
    });
  }
}

/**
 * The one thing that helps, by why the writer gave up: the table is gone (what was written went with it), the engine
 * stopped answering, one request refused (fix it), or DynamoDB kept throttling or failing (slow down, then re-run).
 */
export const giveUpAdvice = (reason: DdbError, oneRequest: boolean): string => {
  if (reason.code === 'table.notFound') return 'the table was dropped (or never there) while writing: create it again (`ddb schema-load`), then run the same command';
  if (reason.code === 'endpoint.unreachable') {
    const first = (reason.suggestion ?? 'check the engine').replace(/, then run the command again$/, '');
    return `${first}, then run the same command (puts are idempotent: what is there is rewritten)`;
  }
  if (oneRequest || reason.code === 'input.invalid') return 'fix that item, then run the same command (puts are idempotent); no --concurrency or --max-wcu changes this';
  return 'nothing written is lost: re-run the same command (puts are idempotent), with a lower --concurrency or a --max-wcu budget';
};

export const countText = (written: number, notWritten: number, notConfirmed = 0, tableGone = false): string =>
  `${count(written)} item(s) written${tableGone ? ' (gone with the table)' : ''}, ` +
  (notConfirmed ? `${count(notConfirmed)} not confirmed (sent, but no answer said whether they were written; re-running is safe), ` : '') +
  `${count(notWritten)} not written`;

/**
 * A batch that could not be written: `pending` requests were left, `unsure` if an attempt went unanswered, `rejected`
 * the one request DynamoDB refused when that was the cause.
 */
class BatchFailed extends Error {
  constructor(
    readonly error: unknown,
    readonly pending: number,
    readonly unsure: boolean,
    readonly rejected?: WriteRequest,
  ) {
    super('batch failed');
  }
}

/** Errors of a request that never left: nothing listens, no such host, no route, no connection made in time. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const neverSent = (error: unknown): boolean => {
  const e = error as { code?: string; name?: string; message?: string } | undefined;
  return NEVER_SENT.has(e?.code ?? '') || /without establishing a connection/.test(e?.message ?? '');
};

const defaultPutWcu = (item: Item): number => writeUnits(itemBytes(item));

/** Why a batch failed, as the user's error, with the SDK's attempt count when it retried. */
const failureReason = (error: unknown, table: string): DdbError => {
  const reason = error instanceof DdbError ? error : new DdbError('internal', String(error), { cause: error });
  const attempts = (reason.cause as { $metadata?: { attempts?: number } } | undefined)?.$metadata?.attempts;
  if (!attempts || attempts < 2) return reason;
  return new DdbError(reason.code, `gave up writing to ${table} after ${attempts} attempts: ${reason.message}`, { suggestion: reason.suggestion, cause: reason.cause });
};

class Writer {
  readonly stats: WriteStats = { items: 0, batches: 0, retries: 0, throttles: 0, unprocessed: 0, duplicates: 0, consumedWcu: undefined, estimatedWcu: 0, seconds: 0, itemsPerSecond: 0 };
  private readonly bucket: TokenBucket | undefined;
  private readonly started = performance.now();
  private readonly throttlesBefore: number;
  private readonly maxDelayMs: number;
  private readonly putWcu: (item: Item) => number;
  private readonly returnCapacity: boolean;
  failure: DdbError | undefined;

  constructor(
    private readonly db: Dynamo,
    private readonly table: string,
    private readonly opts: WriteOptions,
    /** the SDK's command class, loaded when a write starts (bulk-options imports this module for `--help`) */
    private readonly BatchWriteCommand: typeof BatchWriteCommandClass,
  ) {
    this.maxDelayMs = db.maxDelayMs;
    this.bucket = opts.maxWcu ? new TokenBucket(opts.maxWcu) : undefined;
    this.throttlesBefore = db.retry.counters.throttling;
    this.putWcu = opts.putWcu ?? defaultPutWcu;
    this.returnCapacity = opts.returnCapacity ?? db.target.kind === 'aws';
  }

  /** A request's estimated WCU (a delete: 1). */
  units(request: WriteRequest): number {
    return 'PutRequest' in request ? this.putWcu(request.PutRequest.Item) : 1;
  }

  private estimate(requests: readonly WriteRequest[]): number {
    return requests.reduce((n, r) => n + this.units(r), 0);
  }

  /**
   * Sends one batch until every request is processed (resending UnprocessedItems), or throws a BatchFailed. A batch is
   * unsure once any of its attempts went out and got no reply: DynamoDB may have written what it held.
   */
  async send(batch: WriteRequest[]): Promise<void> {
    let pending = batch;
    const attempt = { unsure: false };
    try {
      // Gives up only when rounds in a row write nothing; a round that writes some items starts the count again.
      for (let round = 0, stalled = 0; pending.length; round++) {
        if (round > 0) {
          if (stalled > MAX_UNPROCESSED_ROUNDS) throw new DdbError('aws.failure', `DynamoDB returned ${pending.length} item(s) as unprocessed ${stalled} times in a row`);
          this.stats.retries++;
          this.stats.unprocessed += pending.length;
          await sleep(fullJitter(round, 50, this.maxDelayMs));
        }
        const estimate = this.estimate(pending);
        await this.bucket?.take(estimate);
        const before = pending.length;
        pending = await this.call(pending, estimate, attempt);
        stalled = pending.length === before ? stalled + 1 : 0;
        this.progress();
      }
    } catch (error) {
      // DynamoDB refused the batch (ValidationException): one request is the cause. Sent one at a time, the others are
      // written and that one is found — so the give-up line can name it.
      if (error instanceof DdbError && error.code === 'input.invalid' && pending.length > 1) {
        for (const [i, request] of pending.entries()) {
          try {
            await this.call([request], this.estimate([request]), attempt);
          } catch (single) {
            throw new BatchFailed(single, pending.length - i, attempt.unsure, request);
          }
        }
        return; // each one alone was accepted: the batch is written
      }
      throw new BatchFailed(error, pending.length, attempt.unsure, pending.length === 1 && error instanceof DdbError && error.code === 'input.invalid' ? pending[0] : undefined);
    }
  }

  private async call(requests: WriteRequest[], estimate: number, attempt: { unsure: boolean }): Promise<WriteRequest[]> {
    let out;
    try {
      const command = new this.BatchWriteCommand(batchWriteInput(this.table, requests, this.returnCapacity));
      // Inside the SDK's retries and its deserializer, so it sees every attempt's transport error (an HTTP error
      // status is a reply, not an error, here): one that is not "never sent" leaves the outcome unknown.
      command.middlewareStack.add(
        (next) => async (args) => {
          try {
            const result = await next(args);
            // 500 InternalServerError: DynamoDB may or may not have done the work (503 and throttling: it did not)
            if ((result.response as { statusCode?: number }).statusCode === 500) attempt.unsure = true;
            return result;
          } catch (error) {
            if (!neverSent(error)) attempt.unsure = true;
            throw error;
          }
        },
        { step: 'deserialize', priority: 'low' },
      );
      out = await this.db.call(this.table, () => this.db.client.send(command));
    } catch (error) {
      const attempts = ((error as DdbError).cause as { $metadata?: { attempts?: number } } | undefined)?.$metadata?.attempts ?? 1;
      this.stats.batches += attempts;
      this.stats.retries += attempts - 1;
      throw error;
    }
    const attempts = out.$metadata.attempts ?? 1;
    this.stats.batches += attempts;
    this.stats.retries += attempts - 1;
    const consumed = out.ConsumedCapacity?.reduce((n, c) => n + (c.CapacityUnits ?? 0), 0);
    if (consumed !== undefined && out.ConsumedCapacity?.length) {
      this.stats.consumedWcu = (this.stats.consumedWcu ?? 0) + consumed;
      this.bucket?.adjust(estimate - consumed);
    }
    const unprocessed = (out.UnprocessedItems?.[this.table] ?? []) as WriteRequest[];
    this.stats.items += requests.length - unprocessed.length;
    this.stats.estimatedWcu += estimate - (unprocessed.length ? this.estimate(unprocessed) : 0);
    return unprocessed;
  }

  progress(): Readonly<WriteStats> {
    this.stats.throttles = this.db.retry.counters.throttling - this.throttlesBefore;
    this.stats.seconds = (performance.now() - this.started) / 1000;
    this.stats.itemsPerSecond = this.stats.seconds > 0 ? Math.round(this.stats.items / this.stats.seconds) : 0;
    this.opts.onProgress?.(this.stats);
    return this.stats;
  }
}

/**
 * Writes every request to `table` and returns the stats. The fourth argument may be the concurrency alone
 * (the older call form).
 */
export const writeBatches = async (
  db: Dynamo,
  table: string,
  requests: Iterable<WriteRequest> | AsyncIterable<WriteRequest>,
  options: WriteOptions | number = {},
): Promise<WriteStats> => {
  const opts: WriteOptions = typeof options === 'number' ? { concurrency: options } : options;
  const concurrency = Math.min(MAX_CONCURRENCY, Math.max(1, opts.concurrency ?? DEFAULT_CONCURRENCY));
  let keyNames = opts.keyNames;
  let putWcu = opts.putWcu;
  if (!keyNames || !putWcu) {
    const shape = tableShape(await db.requireTable(table));
    keyNames ??= keyAttributes(shape).map((k) => k.name);
    putWcu ??= (item) => estimatePutWcu(item, shape);
  }
  const keys = keyNames;
  const { BatchWriteItemCommand: BatchWriteCommand } = await import('@aws-sdk/client-dynamodb');
  const writer = new Writer(db, table, { ...opts, putWcu }, BatchWriteCommand);
  const inFlight = new Set<Promise<void>>();
  // Keys of the batches in flight: a batch with a key an earlier batch is still writing waits for that batch, so the
  // last request for a key wins across batches too, and a re-run converges on the same table.
  const inFlightKeys = new Map<string, Promise<void>>();
  let accepted = 0;
  let notConfirmed = 0;
  let rejected: WriteRequest | undefined;

  const launch = (batch: Map<string, WriteRequest>): void => {
    const before = new Set([...batch.keys()].map((k) => inFlightKeys.get(k)).filter((d): d is Promise<void> => d !== undefined));
    const p: Promise<void> = (async () => {
      if (before.size) await Promise.all(before);
      if (!writer.failure) await writer.send([...batch.values()]);
    })()
      .catch((error: unknown) => {
        if (error instanceof BatchFailed && error.unsure) notConfirmed += error.pending;
        if (!writer.failure && error instanceof BatchFailed) rejected = error.rejected;
        writer.failure ??= failureReason(error instanceof BatchFailed ? error.error : error, table);
      })
      .finally(() => {
        inFlight.delete(p);
        for (const k of batch.keys()) if (inFlightKeys.get(k) === p) inFlightKeys.delete(k);
      });
    inFlight.add(p);
    for (const k of batch.keys()) inFlightKeys.set(k, p);
  };

  const batcher = new Batcher({ keyNames: keys, maxWcu: opts.maxWcu, units: (r) => writer.units(r) });
  const interrupted = (): boolean => opts.signal?.aborted === true;
  try {
    for await (const request of requests) {
      if (writer.failure || interrupted()) break;
      accepted++;
      const closed = batcher.add(request);
      writer.stats.duplicates = batcher.duplicates;
      if (!closed) continue;
      launch(closed);
      while (inFlight.size >= concurrency && !interrupted()) await Promise.race(inFlight);
    }
  } catch (error) {
    // The requests themselves failed (a reader that throws): the batches in flight still finish before it is said.
    await Promise.all(inFlight);
    throw error;
  }
  const last = batcher.take();
  if (last && !writer.failure && !interrupted()) launch(last);
  await Promise.all(inFlight);
  const stats = writer.progress();
  if (interrupted() && !writer.failure) {
    throw new DdbError('cancelled', `stopped by Ctrl-C after the batches in flight: ${count(stats.items)} item(s) written, the rest not`, {
      suggestion: 'run the same command again to finish (writes are idempotent: what is there is rewritten)',
    });
  }
  if (writer.failure) throw new WriteFailed(writer.failure, stats, accepted - stats.duplicates - stats.items - notConfirmed, notConfirmed, rejected);
  return stats;
};
