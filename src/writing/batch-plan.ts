/**
 * What the bulk writer (./batch-writer.ts) sends, as data: its BatchWriteItem request, and its batches as the steps of
 * a plan — pure, so `ddb seed --dry-run` prints exactly what a run would send (on a table that holds none of the keys
 * yet: resent UnprocessedItems are not in a plan).
 */
import type { BatchWriteItemCommandInput } from '@aws-sdk/client-dynamodb';
import type { Step } from '../plan/step.js';
import type { AttributeMap } from '../values/attribute.js';
import { count } from '../text.js';

/** Items in DynamoDB JSON, sent as they are: exact whatever they hold (plain callers convert with toAttributeMap). */
export type Item = AttributeMap;
export type WriteRequest = { PutRequest: { Item: Item } } | { DeleteRequest: { Key: Item } };

/** BatchWriteItem takes at most 25 requests. */
export const BATCH_SIZE = 25;
/** A plan lists a load of up to this many requests in full; a larger one, its first and a count of the rest. */
export const LISTED_BATCHES = 10;

/** A request's key, as the batches tell two requests for one item apart. */
export const keyOf = (r: WriteRequest, keyNames: readonly string[]): string => {
  const source = 'PutRequest' in r ? r.PutRequest.Item : r.DeleteRequest.Key;
  return JSON.stringify(keyNames.map((k) => source[k]));
};

/** One batch as sent. ReturnConsumedCapacity: asked for when the caller says (against AWS, by default). */
export const batchWriteInput = (table: string, requests: WriteRequest[], returnCapacity: boolean): BatchWriteItemCommandInput => ({
  RequestItems: { [table]: requests },
  ...(returnCapacity ? { ReturnConsumedCapacity: 'TOTAL' } : {}),
});

export interface BatchingOptions {
  keyNames: readonly string[];
  /** --max-wcu: a batch holds no more than the budget's worth (at least one request) */
  maxWcu?: number;
  /** a request's estimated WCU (with maxWcu) */
  units?: (r: WriteRequest) => number;
}

/**
 * How requests become batches, the writer's and the plan's alike: 25 a batch; the last request for a key wins within
 * a batch (BatchWriteItem refuses two for one key); under a --max-wcu budget smaller than a batch, a batch holds no
 * more than the budget's worth (at least one request) — a 25-item batch taken on a 1 WCU/s budget would start the
 * load at 25× it. Keyed by each request's key (keyOf).
 */
export class Batcher {
  /** requests replaced by a later one for the same key in the same batch */
  duplicates = 0;
  private batch = new Map<string, WriteRequest>();
  private units = 0;

  constructor(private readonly opts: BatchingOptions) {}

  /** Adds a request; returns the batch this closes, if any (a full one, or the one before a budget's worth). */
  add(request: WriteRequest): Map<string, WriteRequest> | undefined {
    const key = keyOf(request, this.opts.keyNames);
    if (this.batch.delete(key)) this.duplicates++; // set again below, at the end: the last request for a key wins
    const units = this.opts.maxWcu ? (this.opts.units?.(request) ?? 1) : 0;
    const cut = this.opts.maxWcu && this.batch.size && this.units + units > this.opts.maxWcu ? this.take() : undefined;
    this.units += units;
    this.batch.set(key, request);
    return this.batch.size >= BATCH_SIZE ? this.take() : cut;
  }

  /** The batch so far (undefined when empty), and a new one begun. */
  take(): Map<string, WriteRequest> | undefined {
    const batch = this.batch;
    this.batch = new Map();
    this.units = 0;
    return batch.size ? batch : undefined;
  }
}

export interface BatchPlanOptions extends BatchingOptions {
  returnCapacity: boolean;
  /** the runs that send these steps (src/plan/step.ts `when`) */
  when?: string;
}

/**
 * The batches the writer makes of `requests` (Batcher), in order, as plan steps. Up to LISTED_BATCHES are steps in
 * full; beyond, the first, whose `more` counts the rest (the requests are walked, not kept: a generated load of
 * millions stays in flat memory).
 */
export const batchWriteSteps = (table: string, requests: Iterable<WriteRequest>, opts: BatchPlanOptions): Step[] => {
  const listed: WriteRequest[][] = [];
  let batches = 0;
  let items = 0;
  const batcher = new Batcher(opts);
  const keep = (batch: Map<string, WriteRequest> | undefined): void => {
    if (!batch) return;
    if (listed.length < LISTED_BATCHES) listed.push([...batch.values()]);
    batches++;
    items += batch.size;
  };
  for (const request of requests) keep(batcher.add(request));
  keep(batcher.take());
  const step = (b: WriteRequest[]): Step => ({ api: 'BatchWriteItem', input: batchWriteInput(table, b, opts.returnCapacity), read: false, ...(opts.when ? { when: opts.when } : {}) });
  if (batches <= LISTED_BATCHES) return listed.map(step);
  return [{ ...step(listed[0]!), more: `then ${count(batches - 1)} more BatchWriteItem requests like it: ${count(items)} items in all, up to ${BATCH_SIZE} a request` }];
};
