/**
 * `ddb streams tail`: a table's stream records as they arrive, from now (LATEST) or from the oldest kept
 * (TRIM_HORIZON, 24 hours in DynamoDB), across every shard. Shards split and roll over (about every 4 hours in
 * DynamoDB): a closed shard is read to its end, then its children — found with DescribeStream — from their start, so
 * every change of an item arrives in order. It stops at --max-records, at --timeout, or on Ctrl-C (SIGINT).
 *
 * The records are an async iterable read by the output step (the view), so each one is printed as it arrives.
 */
import { IteratorLost, type Shard, type StreamRecord, type Streams } from '../aws/streams.js';
import type { Dynamo } from '../aws/dynamo.js';
import { DdbError } from '../errors.js';
import { whereText } from '../target.js';
import type { Io } from '../io.js';

export type { StreamRecord } from '../aws/streams.js';

export type StopReason = 'max-records' | 'timeout' | 'interrupt' | 'stream-ended';

export interface TailOptions {
  table: string;
  /** TRIM_HORIZON instead of LATEST */
  fromStart: boolean;
  maxRecords?: number;
  timeoutSeconds?: number;
  /** wait between polls when no shard had anything (ms) */
  idleMs?: number;
  /** DescribeStream again at least this often to find new shards (ms) */
  refreshMs?: number;
  /** Ctrl-C (the command's io.interrupts): the first one ends the tail cleanly; without it Ctrl-C stops ddb at once */
  interrupts?: Io['interrupts'];
}

export interface TailStats {
  records: number;
  shardsRead: number;
  stoppedBy?: StopReason;
}

export interface Tail {
  table: string;
  streamArn: string;
  viewType: string | undefined;
  /** the table's key attributes, partition first */
  keyNames: string[];
  fromStart: boolean;
  stats: TailStats;
  /** the records; iterate once */
  records: AsyncIterable<StreamRecord>;
}

type ShardStatus = 'reading' | 'done';

/**
 * Pure: which shards to start reading now, and from where. A shard is started once, and only after its parent has
 * been read to the end (or when the parent is no longer listed: trimmed away, or never ours to read). At the very
 * first look with LATEST, closed shards hold only the past: they count as read, and open shards start at LATEST.
 */
export const shardsToStart = (shards: readonly Shard[], known: Map<string, ShardStatus>, opts: { first: boolean; fromStart: boolean }): { shardId: string; type: 'LATEST' | 'TRIM_HORIZON' }[] => {
  if (opts.first && !opts.fromStart) {
    for (const s of shards) if (s.SequenceNumberRange?.EndingSequenceNumber !== undefined) known.set(s.ShardId!, 'done');
    return shards.filter((s) => s.SequenceNumberRange?.EndingSequenceNumber === undefined).map((s) => ({ shardId: s.ShardId!, type: 'LATEST' }));
  }
  const listed = new Set(shards.map((s) => s.ShardId));
  return shards
    .filter((s) => !known.has(s.ShardId!) && (!s.ParentShardId || !listed.has(s.ParentShardId) || known.get(s.ParentShardId) === 'done'))
    .map((s) => ({ shardId: s.ShardId!, type: 'TRIM_HORIZON' }));
};

/** The table's stream (exit 2 with the fix when it has none), ready to be read lazily. */
export const openTail = async (db: Dynamo, opts: TailOptions): Promise<Tail> => {
  // --timeout counts from now, whatever the server does: a DescribeTable that gets no answer is abandoned at the deadline
  const deadline = opts.timeoutSeconds !== undefined ? Date.now() + opts.timeoutSeconds * 1000 : undefined;
  const table = await db.requireTable(opts.table, deadline !== undefined ? AbortSignal.timeout(deadline - Date.now()) : undefined).catch((error: unknown) => {
    if ((error as { name?: string }).name !== 'AbortError') throw error;
    throw new DdbError('endpoint.unreachable', `no answer ${whereText(db.target, db.region)} within --timeout ${opts.timeoutSeconds}s`, { suggestion: 'check the engine and the network', cause: error });
  });
  const arn = table.LatestStreamArn;
  if (!table.StreamSpecification?.StreamEnabled || !arn) {
    throw new DdbError('input.invalid', `table ${opts.table} has no stream`, {
      suggestion: `add "stream": "NEW_AND_OLD_IMAGES" to ${opts.table} in the schema file, then run \`ddb schema-load\``,
    });
  }
  const keys = table.KeySchema ?? [];
  const keyNames = [...keys.filter((k) => k.KeyType === 'HASH'), ...keys.filter((k) => k.KeyType !== 'HASH')].map((k) => k.AttributeName!);
  const stats: TailStats = { records: 0, shardsRead: 0 };
  const streams = await db.streams();
  return { table: opts.table, streamArn: arn, viewType: table.StreamSpecification.StreamViewType, keyNames, fromStart: opts.fromStart, stats, records: readRecords(streams, arn, { ...opts, deadline }, stats) };
};

interface Reader {
  iterator: string | undefined;
  type: 'LATEST' | 'TRIM_HORIZON';
  lastSequence?: string;
}

async function* readRecords(streams: Streams, arn: string, opts: TailOptions & { deadline?: number }, stats: TailStats): AsyncGenerator<StreamRecord> {
  const idleMs = opts.idleMs ?? 250;
  const refreshMs = opts.refreshMs ?? 30_000;
  const abort = new AbortController();
  const stop = (reason: StopReason): void => {
    stats.stoppedBy ??= reason;
    abort.abort();
  };
  const timer = opts.deadline !== undefined ? setTimeout(() => stop('timeout'), Math.max(0, opts.deadline - Date.now())) : undefined;
  const trap = opts.interrupts?.trap();
  trap?.signal.addEventListener('abort', () => stop('interrupt'), { once: true });
  const signal = abort.signal;
  const known = new Map<string, ShardStatus>();
  const readers = new Map<string, Reader>();
  let lastRefresh = 0;

  const iteratorFor = (shardId: string, r: Reader): Promise<string | undefined> =>
    r.lastSequence ? streams.iterator(arn, shardId, 'AFTER_SEQUENCE_NUMBER', r.lastSequence, signal) : streams.iterator(arn, shardId, r.type, undefined, signal);

  /** Starts the shards that are due; true when the stream is over (turned off and every shard read to its end). */
  const refresh = async (first: boolean): Promise<boolean> => {
    lastRefresh = Date.now();
    const { status, shards } = await streams.describe(arn, opts.table, signal);
    for (const { shardId, type } of shardsToStart(shards, known, { first, fromStart: opts.fromStart })) {
      const reader: Reader = { iterator: undefined, type };
      reader.iterator = await iteratorFor(shardId, reader);
      known.set(shardId, 'reading');
      readers.set(shardId, reader);
      stats.shardsRead++;
    }
    return readers.size === 0 && (status === 'DISABLED' || status === 'DISABLING') && shards.every((s) => known.get(s.ShardId!) === 'done');
  };

  try {
    if (opts.maxRecords === 0) return;
    if (await refresh(true)) {
      stats.stoppedBy ??= 'stream-ended';
      return;
    }
    while (!signal.aborted) {
      let got = 0;
      let closed = false;
      for (const [shardId, reader] of readers) {
        let page;
        try {
          page = await streams.records(reader.iterator!, signal);
        } catch (error) {
          if (!(error instanceof IteratorLost)) throw error;
          // Expired (unused for 15 minutes): a fresh one after the last record seen. Trimmed: from the oldest kept.
          if (error.reason === 'trimmed') {
            reader.lastSequence = undefined;
            reader.type = 'TRIM_HORIZON';
          }
          reader.iterator = await iteratorFor(shardId, reader);
          continue;
        }
        for (const record of page.records) {
          reader.lastSequence = record.dynamodb.SequenceNumber ?? reader.lastSequence;
          stats.records++;
          got++;
          yield record;
          if (opts.maxRecords !== undefined && stats.records >= opts.maxRecords) {
            stats.stoppedBy ??= 'max-records';
            return;
          }
        }
        if (page.next) reader.iterator = page.next;
        else {
          known.set(shardId, 'done');
          readers.delete(shardId);
          closed = true;
        }
      }
      // A closed shard's children are due now; otherwise look for new shards now and then (every second while none is read).
      if (closed || Date.now() - lastRefresh >= (readers.size ? refreshMs : 1_000)) {
        if (await refresh(false)) {
          stats.stoppedBy ??= 'stream-ended';
          return;
        }
      }
      if (got === 0) await sleep(idleMs, signal);
    }
  } catch (error) {
    if (!signal.aborted) throw error;
  } finally {
    clearTimeout(timer);
    trap?.release();
  }
}

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
