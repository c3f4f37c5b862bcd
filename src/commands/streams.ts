/**
 * ddb streams tail [TABLE] — a table's stream records as they arrive, until Ctrl-C, --max-records or --timeout
 * (src/streams/tail.ts). [API: DescribeTable, DescribeStream, GetShardIterator, GetRecords]
 */
import { InvalidArgumentError } from 'commander';
import { defineCommand, defineGroup, type Deps } from '../runtime/define.js';
import { positiveInt } from '../runtime/options.js';
import { DEFAULT_TABLE } from '../paths.js';
import type { Tail } from '../streams/tail.js';
import { tailView } from '../render/stream.js';

interface Input {
  table: string;
  fromStart: boolean;
  maxRecords?: number;
  timeoutSeconds?: number;
}

const seconds = (value: string): number => {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || n <= 0) throw new InvalidArgumentError('must be a number of seconds above 0.');
  return n;
};

export const run = async (input: Input, deps: Deps): Promise<Tail> => {
  const { openTail } = await import('../streams/tail.js');
  const { sweepLogFor } = await import('../ttl/sweep-log.js');
  const tail = await openTail(await deps.dynamo(), { ...input, interrupts: deps.io.interrupts, sweepLog: sweepLogFor(deps.target, deps.io.env) });
  const until = [input.maxRecords !== undefined ? `${input.maxRecords} record(s)` : '', input.timeoutSeconds !== undefined ? `${input.timeoutSeconds}s` : '', 'Ctrl-C'].filter(Boolean).join(', ');
  deps.report.note(`${input.fromStart ? 'every record kept (TRIM_HORIZON)' : 'new records (LATEST)'} of ${input.table}'s stream (${tail.viewType ?? 'stream'}), until ${until}`, 'dim');
  return tail;
};

const tailCommand = defineCommand({
  name: 'tail',
  description: "print a table's stream records as they arrive (time, event, keys), following shard splits [API: DescribeStream, GetShardIterator, GetRecords]",
  configure: (cmd) =>
    cmd
      .argument('[table]', 'table name', DEFAULT_TABLE)
      .option('--from-start', 'from the oldest record the stream keeps (TRIM_HORIZON) instead of from now (LATEST)')
      .option('--max-records <n>', 'stop after N records (exit 0)', positiveInt)
      .option('--timeout <seconds>', 'stop after this many seconds (exit 0)', seconds),
  input: ([table]: [string], opts: { fromStart?: boolean; maxRecords?: number; timeout?: number }): Input => ({
    table,
    fromStart: Boolean(opts.fromStart),
    maxRecords: opts.maxRecords,
    timeoutSeconds: opts.timeout,
  }),
  run,
  view: tailView,
});

export const command = defineGroup('streams', "a table's DynamoDB stream", [tailCommand]);
