/**
 * The one reader of a table's stream, shared by `streams tail` (records one by one) and `streams run` (batches): every
 * shard, from now (LATEST), from the oldest kept (TRIM_HORIZON), or after the positions a checkpoint saved. Shards
 * split and roll over (about every 4 hours in DynamoDB): a closed shard is read to its end, then its children — found
 * with DescribeStream — from their start, so every change of an item arrives in order.
 *
 * It yields what happens as it happens: a shard started or read to its end, a page of records (as the engine sent
 * them, TTL deletions marked as DynamoDB marks them: see `asDynamoDb`), and `idle` when a round over every shard found
 * nothing (before it waits). It stops when `signal` aborts.
 */
import type { Dynamo } from '../aws/dynamo.js';
import { IteratorLost, type RawRecord, type Shard, type Streams, TTL_IDENTITY } from '../aws/streams.js';
import { pause } from '../backoff.js';
import { DdbError } from '../errors.js';
import type { Io } from '../io.js';
import type { SweepLog } from '../ttl/sweep-log.js';

/** The table's stream (exit 2 with the fix when it has none): its ARN, view type and the table's key names. */
export const tableStream = async (db: Dynamo, table: string, abortSignal?: AbortSignal): Promise<{ arn: string; viewType: string | undefined; keyNames: string[] }> => {
  const description = await db.requireTable(table, abortSignal);
  const arn = description.LatestStreamArn;
  if (!description.StreamSpecification?.StreamEnabled || !arn) {
    throw new DdbError('input.invalid', `table ${table} has no stream`, {
      suggestion: `add "stream": "NEW_AND_OLD_IMAGES" to ${table} in the schema file, then run \`ddb schema-load\``,
    });
  }
  const keys = description.KeySchema ?? [];
  const keyNames = [...keys.filter((k) => k.KeyType === 'HASH'), ...keys.filter((k) => k.KeyType !== 'HASH')].map((k) => k.AttributeName!);
  return { arn, viewType: description.StreamSpecification.StreamViewType, keyNames };
};

export type StartType = 'LATEST' | 'TRIM_HORIZON';

/** Where a shard's reading stands: after a sequence number, at LATEST (nothing read yet), or read to its end. */
export type ShardPosition = { after: string } | 'LATEST' | 'DONE';

export type ReadEvent =
  | { kind: 'start'; shardId: string; type: StartType | 'AFTER_SEQUENCE_NUMBER' }
  | { kind: 'records'; shardId: string; records: RawRecord[] }
  | { kind: 'done'; shardId: string }
  | { kind: 'idle' }
  /** the stream was turned off and every shard read to its end: the last event */
  | { kind: 'ended' };

export interface ReadOptions {
  /** TRIM_HORIZON instead of LATEST, for shards the positions do not name */
  fromStart: boolean;
  /** saved positions (a checkpoint): these shards go on from there */
  positions?: ReadonlyMap<string, ShardPosition>;
  /** wait between polls when no shard had anything (ms) */
  idleMs?: number;
  /** DescribeStream again at least this often to find new shards (ms) */
  refreshMs?: number;
  signal: AbortSignal;
  /** ddb's own TTL sweeps of this engine (src/ttl/sweep-log.ts) */
  sweeps?: SweepLog;
}

/**
 * A TTL deletion as DynamoDB records it: a REMOVE with `userIdentity` {type Service, principal dynamodb.amazonaws.com}.
 * DynamoDB Local 3.3.0 deletes expired items itself (a job per table, about every 10 s) but records them with the
 * event name "UNKNOWN_TO_SDK_VERSION" (its own SDK's placeholder for an unknown enum value) and no identity; ddb's
 * own sweeps (`ttl sweep`, the sweeper) are plain DeleteItems, known from the sweep log. Both become what DynamoDB
 * would have recorded; every other record is left as it is.
 */
export const asDynamoDb = (r: RawRecord, table: string, sweeps?: SweepLog): RawRecord => {
  const identity = { Type: TTL_IDENTITY.type, PrincipalId: TTL_IDENTITY.principalId };
  if ((r.eventName as string) === 'UNKNOWN_TO_SDK_VERSION' && r.dynamodb && !r.dynamodb.NewImage) return { ...r, eventName: 'REMOVE', userIdentity: r.userIdentity ?? identity };
  if (!r.userIdentity && sweeps?.isSweep(table, r.eventName, r.dynamodb?.Keys, r.dynamodb?.ApproximateCreationDateTime)) return { ...r, userIdentity: identity };
  return r;
};

/**
 * How a reader of the stream stops: at `timeoutSeconds`, or at the first Ctrl-C (the command's io.interrupts; a second
 * one stops ddb at once). `signal` aborts then (the reading stops; what the consumer has in hand it may finish), with
 * the reason given to `onStop` once; `release()` when done.
 */
export const stopControl = (opts: { timeoutSeconds?: number; interrupts?: Io['interrupts'] }, onStop: (reason: 'timeout' | 'interrupt') => void): { signal: AbortSignal; release(): void } => {
  const abort = new AbortController();
  const stop = (reason: 'timeout' | 'interrupt'): void => {
    if (!abort.signal.aborted) onStop(reason);
    abort.abort();
  };
  const timer = opts.timeoutSeconds !== undefined ? setTimeout(() => stop('timeout'), opts.timeoutSeconds * 1000) : undefined;
  const trap = opts.interrupts?.trap();
  trap?.signal.addEventListener('abort', () => stop('interrupt'), { once: true });
  return {
    signal: abort.signal,
    release: () => {
      clearTimeout(timer);
      trap?.release();
      abort.abort();
    },
  };
};

type ShardStatus = 'reading' | 'done';

/**
 * Pure: which shards to start reading now, and from where. A shard is started once, and only after its parent has
 * been read to the end (or when the parent is no longer listed: trimmed away, or never ours to read). At the very
 * first look with LATEST, closed shards hold only the past: they count as read, and open shards start at LATEST.
 */
export const shardsToStart = (shards: readonly Shard[], known: Map<string, ShardStatus>, opts: { first: boolean; fromStart: boolean }): { shardId: string; type: StartType }[] => {
  if (opts.first && !opts.fromStart) {
    for (const s of shards) if (s.SequenceNumberRange?.EndingSequenceNumber !== undefined) known.set(s.ShardId!, 'done');
    return shards.filter((s) => s.SequenceNumberRange?.EndingSequenceNumber === undefined).map((s) => ({ shardId: s.ShardId!, type: 'LATEST' }));
  }
  const listed = new Set(shards.map((s) => s.ShardId));
  return shards
    .filter((s) => !known.has(s.ShardId!) && (!s.ParentShardId || !listed.has(s.ParentShardId) || known.get(s.ParentShardId) === 'done'))
    .map((s) => ({ shardId: s.ShardId!, type: 'TRIM_HORIZON' }));
};

interface Reader {
  iterator: string | undefined;
  type: StartType;
  lastSequence?: string;
}

export async function* readShards(streams: Streams, arn: string, table: string, opts: ReadOptions): AsyncGenerator<ReadEvent> {
  const idleMs = opts.idleMs ?? 250;
  const refreshMs = opts.refreshMs ?? 30_000;
  const signal = opts.signal;
  const known = new Map<string, ShardStatus>();
  const readers = new Map<string, Reader>();
  const events: ReadEvent[] = [];
  const resumed = opts.positions ?? new Map<string, ShardPosition>();
  // A checkpoint names where each shard it knew stands; the others are new since: from their start.
  const fromStart = opts.fromStart || resumed.size > 0;
  for (const [shardId, p] of resumed) if (p === 'DONE') known.set(shardId, 'done');
  let lastRefresh = 0;

  const iteratorFor = (shardId: string, r: Reader): Promise<string | undefined> =>
    r.lastSequence ? streams.iterator(arn, shardId, 'AFTER_SEQUENCE_NUMBER', r.lastSequence, signal) : streams.iterator(arn, shardId, r.type, undefined, signal);

  const startReader = async (shardId: string, reader: Reader): Promise<void> => {
    reader.iterator = await iteratorFor(shardId, reader);
    known.set(shardId, 'reading');
    readers.set(shardId, reader);
    events.push({ kind: 'start', shardId, type: reader.lastSequence ? 'AFTER_SEQUENCE_NUMBER' : reader.type });
  };

  /** Starts the shards that are due; true when the stream is over (turned off and every shard read to its end). */
  const refresh = async (first: boolean): Promise<boolean> => {
    lastRefresh = Date.now();
    const { status, shards } = await streams.describe(arn, table, signal);
    if (first) {
      for (const s of shards) {
        const p = resumed.get(s.ShardId!);
        if (p && p !== 'DONE') await startReader(s.ShardId!, typeof p === 'object' ? { iterator: undefined, type: 'TRIM_HORIZON', lastSequence: p.after } : { iterator: undefined, type: 'LATEST' });
      }
    }
    const before = new Set(known.keys());
    for (const { shardId, type } of shardsToStart(shards, known, { first, fromStart })) await startReader(shardId, { iterator: undefined, type });
    // closed shards the first look from LATEST passed over
    for (const [shardId, status] of known) if (status === 'done' && !before.has(shardId)) events.push({ kind: 'done', shardId });
    return readers.size === 0 && (status === 'DISABLED' || status === 'DISABLING') && shards.every((s) => known.get(s.ShardId!) === 'done');
  };

  try {
    const ended = await refresh(true);
    yield* events.splice(0);
    if (ended) return yield { kind: 'ended' };
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
        if (page.records.length) {
          reader.lastSequence = page.records[page.records.length - 1]!.dynamodb?.SequenceNumber ?? reader.lastSequence;
          got += page.records.length;
          yield { kind: 'records', shardId, records: page.records.map((r) => asDynamoDb(r, table, opts.sweeps)) };
        }
        if (page.next) reader.iterator = page.next;
        else {
          known.set(shardId, 'done');
          readers.delete(shardId);
          closed = true;
          yield { kind: 'done', shardId };
        }
        if (signal.aborted) break;
      }
      // A closed shard's children are due now; otherwise look for new shards now and then (every second while none is read).
      if (!signal.aborted && (closed || Date.now() - lastRefresh >= (readers.size ? refreshMs : 1_000))) {
        const ended = await refresh(false);
        yield* events.splice(0);
        if (ended) return yield { kind: 'ended' };
      }
      if (got === 0 && !signal.aborted) {
        yield { kind: 'idle' };
        await pause(idleMs, signal);
      }
    }
  } catch (error) {
    if (!signal.aborted) throw error;
  }
}
