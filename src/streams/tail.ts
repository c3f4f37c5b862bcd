/**
 * `ddb streams tail`: a table's stream records as they arrive, from now (LATEST) or from the oldest kept
 * (TRIM_HORIZON, 24 hours in DynamoDB), across every shard. Shards split and roll over (about every 4 hours in
 * DynamoDB): a closed shard is read to its end, then its children — found with DescribeStream — from their start, so
 * every change of an item arrives in order. It stops at --max-records, at --timeout, or on Ctrl-C (SIGINT).
 *
 * The records are an async iterable read by the output step (the view), so each one is printed as it arrives. The
 * reading itself is ./read-shards.ts, which `streams run` shares.
 */
import { plainRecord, type StreamRecord, type Streams } from '../aws/streams.js';
import type { Dynamo } from '../aws/dynamo.js';
import { DdbError } from '../errors.js';
import { whereText } from '../target.js';
import type { Io } from '../io.js';
import { SweepLog } from '../ttl/sweep-log.js';
import { readShards, stopControl, tableStream } from './read-shards.js';

export type { StreamRecord } from '../aws/streams.js';
export { shardsToStart } from './read-shards.js';

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
  /** the local engine's TTL sweep log (src/ttl/sweep-log.ts): its REMOVE records get DynamoDB's TTL identity */
  sweepLog?: string;
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

/** The table's stream (exit 2 with the fix when it has none), ready to be read lazily. */
export const openTail = async (db: Dynamo, opts: TailOptions): Promise<Tail> => {
  // --timeout counts from now, whatever the server does: a DescribeTable that gets no answer is abandoned at the deadline
  const deadline = opts.timeoutSeconds !== undefined ? Date.now() + opts.timeoutSeconds * 1000 : undefined;
  const described = deadline !== undefined ? AbortSignal.timeout(Math.max(0, deadline - Date.now())) : undefined;
  const { arn, viewType, keyNames } = await tableStream(db, opts.table, described).catch((error: unknown) => {
    if ((error as { name?: string }).name !== 'AbortError' && !described?.aborted) throw error;
    throw new DdbError('endpoint.unreachable', `no answer ${whereText(db.target, db.region)} within --timeout ${opts.timeoutSeconds}s`, { suggestion: 'check the engine and the network', cause: error });
  });
  const stats: TailStats = { records: 0, shardsRead: 0 };
  const streams = await db.streams();
  // what is left of --timeout once the table is described
  const rest = deadline !== undefined ? { timeoutSeconds: Math.max(0, deadline - Date.now()) / 1000 } : {};
  return { table: opts.table, streamArn: arn, viewType, keyNames, fromStart: opts.fromStart, stats, records: readRecords(streams, arn, { ...opts, ...rest }, stats, new SweepLog(opts.sweepLog)) };
};

async function* readRecords(streams: Streams, arn: string, opts: TailOptions, stats: TailStats, sweeps: SweepLog): AsyncGenerator<StreamRecord> {
  // max-records ends the reading here; a timeout or Ctrl-C through the signal
  const control = stopControl(opts, (reason) => (stats.stoppedBy ??= reason));
  try {
    if (opts.maxRecords === 0) return;
    const events = readShards(streams, arn, opts.table, { fromStart: opts.fromStart, idleMs: opts.idleMs, refreshMs: opts.refreshMs, signal: control.signal, sweeps });
    for await (const event of events) {
      if (event.kind === 'ended') stats.stoppedBy ??= 'stream-ended';
      if (event.kind === 'start') stats.shardsRead++;
      if (event.kind !== 'records') continue;
      for (const raw of event.records) {
        stats.records++;
        yield plainRecord(raw);
        if (opts.maxRecords !== undefined && stats.records >= opts.maxRecords) {
          stats.stoppedBy ??= 'max-records';
          return;
        }
      }
    }
  } finally {
    control.release();
  }
}
