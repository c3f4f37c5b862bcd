/**
 * `ddb streams run HANDLER [TABLE]`: the table's stream fed to a function on this machine as Lambda's event source
 * mapping feeds it (https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html). Per shard, in order: records read
 * (./read-shards.ts, the reader `streams tail` uses), turned into Lambda's event records (./lambda-event.ts), passed
 * through the filters (./filter.ts), gathered into batches of up to --batch-size — sent as soon as records are there,
 * or after --batching-window seconds — and handed to the function (./handler.ts).
 *
 * A batch that fails is retried whole (--max-retries; -1, Lambda's default, until it succeeds) after a short pause;
 * with --bisect-on-error it is first split in two, each half retried on its own (splitting uses up no retries), so a
 * bad record ends up alone. A batch out of retries is described to --on-failure (the record an on-failure
 * destination gets) and left behind, as Lambda discards it. After every batch that succeeded or was left behind the
 * checkpoint (./checkpoint.ts) moves past it, so a restart resumes there: nothing missed, nothing delivered twice
 * unless ddb died in the middle of a batch (at-least-once, as in Lambda).
 *
 * Ctrl-C stops reading and lets the invocation in flight finish; --timeout does the same after S seconds.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Dynamo } from '../aws/dynamo.js';
import { pause } from '../backoff.js';
import type { Io } from '../io.js';
import { SweepLog } from '../ttl/sweep-log.js';
import { Checkpoint } from './checkpoint.js';
import { passes, type Pattern } from './filter.js';
import { Handler, type HandlerSpec } from './handler.js';
import { type LambdaRecord, lambdaRecord } from './lambda-event.js';
import { readShards, stopControl, tableStream } from './read-shards.js';

export interface RunOptions {
  table: string;
  handler: HandlerSpec;
  batchSize: number;
  /** seconds to gather records before a batch goes (0: at once) */
  windowSeconds: number;
  startingPosition: 'LATEST' | 'TRIM_HORIZON';
  filters: readonly Pattern[];
  /** retries of a failed batch; -1: until it succeeds */
  maxRetries: number;
  bisect: boolean;
  /** where failed batches are described, one JSON object per line */
  onFailure?: string;
  functionTimeoutSeconds: number;
  /** stop after this many seconds */
  timeoutSeconds?: number;
  /** the checkpoint's folder (the per-user state folder) and what it is kept for */
  stateDir: string;
  endpoint: string;
  region: string;
  /** the function's environment */
  env: NodeJS.ProcessEnv;
  /** what the function prints */
  log: (text: string) => void;
  interrupts?: Io['interrupts'];
  sweepLog?: string;
  idleMs?: number;
}

/** The pause before retry n: 0.5 s × 2^(n−1), at most 10 s. */
const retryPauseMs = (attempt: number): number => Math.min(10_000, 500 * 2 ** (attempt - 1));

/** One invocation of the function. */
export interface BatchLine {
  /** when it ended (ISO 8601) */
  at: string;
  invocation: number;
  shardId: string;
  records: number;
  firstSequence: string;
  lastSequence: string;
  attempt: number;
  ms: number;
  outcome: 'ok' | 'failed';
  /** after a failure: retried, split in two, described to --on-failure, dropped, or left for the next run */
  then?: 'retry' | 'bisect' | 'on-failure' | 'discard' | 'stop';
  error?: string;
}

export interface RunStats {
  invocations: number;
  /** records in batches that succeeded */
  delivered: number;
  /** records no filter passed */
  filtered: number;
  /** records of batches out of retries */
  discarded: number;
  stoppedBy?: 'timeout' | 'interrupt' | 'stream-ended';
}

export interface StreamRun {
  table: string;
  streamArn: string;
  handler: string;
  checkpoint: string;
  resumed: boolean;
  startingPosition: RunOptions['startingPosition'];
  stats: RunStats;
  lines: AsyncIterable<BatchLine>;
}

/** Checks the table's stream and loads the function (a cold start) before anything is read. */
export const openRun = async (db: Dynamo, opts: RunOptions): Promise<StreamRun> => {
  const { arn } = await tableStream(db, opts.table);
  const handler = new Handler(opts.handler, { env: opts.env, timeoutMs: opts.functionTimeoutSeconds * 1000, log: opts.log, region: opts.region });
  await handler.start();
  const checkpoint = new Checkpoint(opts.stateDir, { endpoint: opts.endpoint, streamArn: arn, handler: `${opts.handler.file}:${opts.handler.name}` });
  const stats: RunStats = { invocations: 0, delivered: 0, filtered: 0, discarded: 0 };
  const streams = await db.streams();
  const context: Context = { opts, arn, handler, checkpoint, stats, sweeps: new SweepLog(opts.sweepLog) };
  return {
    table: opts.table,
    streamArn: arn,
    handler: opts.handler.text,
    checkpoint: checkpoint.path,
    resumed: checkpoint.resumed,
    startingPosition: opts.startingPosition,
    stats,
    lines: runLines(streams, context),
  };
};

interface Context {
  opts: RunOptions;
  arn: string;
  handler: Handler;
  checkpoint: Checkpoint;
  stats: RunStats;
  sweeps: SweepLog;
}

interface ShardBuffer {
  pending: LambdaRecord[];
  /** when the oldest pending record arrived (ms) */
  since: number;
  /** the last record read, sent or filtered out */
  lastSeen?: string;
  done: boolean;
}

async function* runLines(streams: Awaited<ReturnType<Dynamo['streams']>>, c: Context): AsyncGenerator<BatchLine> {
  const { opts, checkpoint, stats } = c;
  // Ctrl-C or --timeout stop the reading; the invocation in flight finishes
  const control = stopControl(opts, (reason) => (stats.stoppedBy ??= reason));
  const signal = control.signal;
  const buffers = new Map<string, ShardBuffer>();
  const windowMs = opts.windowSeconds * 1000;
  const events = readShards(streams, c.arn, opts.table, {
    fromStart: opts.startingPosition === 'TRIM_HORIZON',
    positions: checkpoint.resumed ? checkpoint.positions : undefined,
    idleMs: opts.idleMs,
    signal,
    sweeps: c.sweeps,
  });
  try {
    for await (const event of events) {
      if (event.kind === 'ended') stats.stoppedBy ??= 'stream-ended';
      if (event.kind === 'start') {
        buffers.set(event.shardId, { pending: [], since: 0, done: false });
        if (event.type === 'LATEST' && !checkpoint.positions.has(event.shardId)) {
          checkpoint.set(event.shardId, 'LATEST');
          checkpoint.save();
        }
      } else if (event.kind === 'done') {
        const buffer = buffers.get(event.shardId);
        if (buffer) buffer.done = true;
        else {
          checkpoint.set(event.shardId, 'DONE');
          checkpoint.save();
        }
      } else if (event.kind === 'records') {
        const buffer = buffers.get(event.shardId)!;
        for (const raw of event.records) {
          const record = lambdaRecord(raw, c.arn);
          buffer.lastSeen = raw.dynamodb?.SequenceNumber ?? buffer.lastSeen;
          if (!passes(opts.filters, record)) {
            stats.filtered++;
            continue;
          }
          if (!buffer.pending.length) buffer.since = Date.now();
          buffer.pending.push(record);
        }
      }
      for (const [shardId, buffer] of buffers) {
        while (buffer.pending.length && (buffer.pending.length >= opts.batchSize || buffer.done || Date.now() - buffer.since >= windowMs)) {
          const batch = buffer.pending.splice(0, opts.batchSize);
          if (!(yield* deliver(c, shardId, batch, signal))) return; // stopped before it was settled: read again next time
          buffer.since = Date.now();
          if (signal.aborted) return;
        }
        if (!buffer.pending.length) settleShard(checkpoint, shardId, buffer);
        if (buffer.done && !buffer.pending.length) buffers.delete(shardId);
      }
    }
  } finally {
    control.release();
    await c.handler.stop();
  }
}

/** Nothing of the shard waits to be sent: the checkpoint may move past everything read (filtered records too). */
const settleShard = (checkpoint: Checkpoint, shardId: string, buffer: ShardBuffer): void => {
  const current = checkpoint.positions.get(shardId);
  const position = buffer.done ? 'DONE' : buffer.lastSeen ? { after: buffer.lastSeen } : undefined;
  if (position === undefined || JSON.stringify(position) === JSON.stringify(current)) return;
  checkpoint.set(shardId, position);
  checkpoint.save();
};

/** Hands `records` to the function until they are settled (true) or ddb is stopping (false). */
async function* deliver(c: Context, shardId: string, records: LambdaRecord[], signal: AbortSignal): AsyncGenerator<BatchLine, boolean> {
  const { opts, stats, checkpoint } = c;
  const first = records[0]!.dynamodb.SequenceNumber ?? '';
  const last = records[records.length - 1]!.dynamodb.SequenceNumber ?? '';
  for (let attempt = 1; ; attempt++) {
    const started = Date.now();
    const answer = await c.handler.invoke({ Records: records });
    stats.invocations++;
    const line: BatchLine = { at: new Date().toISOString(), invocation: stats.invocations, shardId, records: records.length, firstSequence: first, lastSequence: last, attempt, ms: Date.now() - started, outcome: answer.ok ? 'ok' : 'failed' };
    if (answer.ok) {
      stats.delivered += records.length;
      checkpoint.set(shardId, { after: last });
      checkpoint.save();
      yield line;
      return true;
    }
    line.error = `${answer.error.errorType}: ${answer.error.errorMessage}`;
    const outOfRetries = opts.maxRetries >= 0 && attempt > opts.maxRetries;
    line.then = signal.aborted ? 'stop' : opts.bisect && records.length > 1 ? 'bisect' : !outOfRetries ? 'retry' : opts.onFailure ? 'on-failure' : 'discard';
    yield line;
    if (line.then === 'stop') return false;
    if (line.then === 'bisect') {
      const half = Math.ceil(records.length / 2);
      return (yield* deliver(c, shardId, records.slice(0, half), signal)) && (yield* deliver(c, shardId, records.slice(half), signal));
    }
    if (line.then === 'on-failure' || line.then === 'discard') {
      if (opts.onFailure) describeFailure(opts.onFailure, c, shardId, records, attempt);
      stats.discarded += records.length;
      checkpoint.set(shardId, { after: last });
      checkpoint.save();
      return true;
    }
    await pause(retryPauseMs(attempt), signal);
    if (signal.aborted) return false;
  }
}

/** The record Lambda sends an on-failure destination for a DynamoDB stream batch it gives up on. */
const describeFailure = (file: string, c: Context, shardId: string, records: LambdaRecord[], attempts: number): void => {
  const arrival = (r: LambdaRecord) => (r.dynamodb.ApproximateCreationDateTime !== undefined ? new Date(r.dynamodb.ApproximateCreationDateTime * 1000).toISOString().replace(/\.000Z$/, 'Z') : undefined);
  const failure = {
    requestContext: { requestId: randomUUID(), functionArn: `arn:aws:lambda:${c.opts.region}:000000000000:function:${c.handler.functionName}`, condition: 'RetryAttemptsExhausted', approximateInvokeCount: attempts },
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    version: '1.0',
    timestamp: new Date().toISOString(),
    DDBStreamBatchInfo: {
      shardId,
      startSequenceNumber: records[0]!.dynamodb.SequenceNumber,
      endSequenceNumber: records[records.length - 1]!.dynamodb.SequenceNumber,
      approximateArrivalOfFirstRecord: arrival(records[0]!),
      approximateArrivalOfLastRecord: arrival(records[records.length - 1]!),
      batchSize: records.length,
      streamArn: c.arn,
    },
  };
  mkdirSync(dirname(file), { recursive: true });
  appendFileSync(file, `${JSON.stringify(failure)}\n`);
};
