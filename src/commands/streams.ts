/**
 * ddb streams tail [TABLE] — a table's stream records as they arrive, until Ctrl-C, --max-records or --timeout
 * (src/streams/tail.ts); ddb streams run HANDLER [TABLE] — a stream function run on them as Lambda would
 * (src/streams/run.ts). [API: DescribeTable, DescribeStream, GetShardIterator, GetRecords]
 */
import { InvalidArgumentError, Option } from 'commander';
import { defineCommand, defineGroup, type Deps } from '../runtime/define.js';
import { positiveInt } from '../runtime/options.js';
import { DEFAULT_TABLE } from '../paths.js';
import type { Tail } from '../streams/tail.js';
import { tailView } from '../render/stream.js';
import { runView } from '../render/stream-run.js';
import type { StreamRun } from '../streams/run.js';
import type { HandlerSpec } from '../streams/handler.js';
import type { Pattern } from '../streams/filter.js';

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

/** "until N record(s), S s, Ctrl-C" */
const untilText = (records: string | undefined, timeoutSeconds: number | undefined): string =>
  [records, timeoutSeconds !== undefined ? `${timeoutSeconds}s` : undefined, 'Ctrl-C'].filter(Boolean).join(', ');

export const run = async (input: Input, deps: Deps): Promise<Tail> => {
  const { openTail } = await import('../streams/tail.js');
  const { sweepLogFor } = await import('../ttl/sweep-log.js');
  const { defaultStateDir } = await import('../local/state.js');
  const tail = await openTail(await deps.dynamo(), { ...input, interrupts: deps.io.interrupts, sweepLog: sweepLogFor(deps.target, defaultStateDir(deps.io.env)) });
  const until = untilText(input.maxRecords !== undefined ? `${input.maxRecords} record(s)` : undefined, input.timeoutSeconds);
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

interface RunInput {
  handler: HandlerSpec;
  table: string;
  batchSize: number;
  windowSeconds: number;
  startingPosition: 'LATEST' | 'TRIM_HORIZON';
  filters: Pattern[];
  maxRetries: number;
  bisect: boolean;
  onFailure?: string;
  functionTimeoutSeconds: number;
  timeoutSeconds?: number;
  allowProd: boolean;
  yes: boolean;
}

const wholeIn =
  (min: number, max: number) =>
  (value: string): number => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value) || n < min || n > max) throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}.`);
    return n;
  };

const secondsUpTo =
  (max: number) =>
  (value: string): number => {
    const n = Number(value);
    if (!/^\d+(\.\d+)?$/.test(value) || n > max) throw new InvalidArgumentError(`must be a number of seconds from 0 to ${max}.`);
    return n;
  };

/** The function's environment: the engine ddb points at, so the SDK or boto3 inside reaches the same tables. */
const functionEnv = (deps: Deps, region: string, name: string): NodeJS.ProcessEnv => {
  const target = deps.target;
  const env: NodeJS.ProcessEnv = { ...deps.io.env, AWS_REGION: region, AWS_DEFAULT_REGION: region, AWS_LAMBDA_FUNCTION_NAME: name };
  if (target.kind === 'aws') return target.endpoint ? { ...env, AWS_ENDPOINT_URL_DYNAMODB: target.endpoint } : env;
  for (const key of ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL']) delete env[key];
  return { ...env, AWS_ENDPOINT_URL_DYNAMODB: target.endpoint, AWS_ACCESS_KEY_ID: 'ddblocal', AWS_SECRET_ACCESS_KEY: 'ddblocal', AWS_EC2_METADATA_DISABLED: 'true' };
};

export const runHandler = async (input: RunInput, deps: Deps): Promise<StreamRun> => {
  const { confirmAwsWrite } = await import('../runtime/consent.js');
  await confirmAwsWrite(deps, { table: input.table, what: "your stream function's writes", yes: input.yes, allowProd: input.allowProd });
  const db = await deps.dynamo();
  const region = db.region ?? 'us-east-1';
  const { openRun } = await import('../streams/run.js');
  const { sweepLogFor } = await import('../ttl/sweep-log.js');
  const { defaultStateDir } = await import('../local/state.js');
  const name = input.handler.file.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '');
  const run = await openRun(db, {
    ...input,
    stateDir: defaultStateDir(deps.io.env),
    endpoint: deps.target.kind === 'local' ? deps.target.endpoint : `aws:${region}`,
    region,
    env: functionEnv(deps, region, name),
    log: (text) => deps.io.stderr.write(text),
    interrupts: deps.io.interrupts,
    sweepLog: sweepLogFor(deps.target, defaultStateDir(deps.io.env)),
  });
  const from = run.resumed ? 'from its checkpoint' : run.startingPosition === 'LATEST' ? 'from new records (LATEST)' : 'from the oldest record kept (TRIM_HORIZON)';
  const until = untilText(undefined, input.timeoutSeconds);
  deps.report.note(`${input.handler.text} on ${input.table}'s stream ${from}, batches of up to ${input.batchSize}${input.filters.length ? `, ${input.filters.length} filter(s)` : ''}, until ${until}`, 'dim');
  return run;
};

const runCommand = defineCommand({
  name: 'run',
  description: "run your stream function (Node or Python) on the table's stream as Lambda's event source mapping would: its event shape, batches, filters, retries, bisection, on-failure records, a checkpoint [API: GetRecords]",
  configure: (cmd) =>
    cmd
      .argument('<handler>', 'FILE.mjs|.js|.cjs[:export] (default export: handler) or FILE.py[:function] (default: lambda_handler)')
      .argument('[table]', 'table name', DEFAULT_TABLE)
      .option('--batch-size <n>', 'most records per invocation (Lambda: BatchSize)', wholeIn(1, 10_000), 100)
      .option('--batching-window <seconds>', 'gather records this long before invoking (Lambda: MaximumBatchingWindowInSeconds)', secondsUpTo(300), 0)
      .addOption(new Option('--starting-position <position>', 'where a first run starts (later runs resume from the checkpoint)').choices(['latest', 'trim-horizon']).default('latest'))
      .option('--filter <pattern>', 'a Lambda filter-criteria pattern, as JSON; repeat for several (a record passes when any matches)', (v: string, all: string[]) => [...all, v], [] as string[])
      .option('--max-retries <n>', 'retries of a failed batch; -1: until it succeeds (Lambda: MaximumRetryAttempts)', wholeIn(-1, 10_000), -1)
      .option('--bisect-on-error', 'split a failed batch in two and retry each half (Lambda: BisectBatchOnFunctionError)')
      .option('--on-failure <file>', 'append a description of each batch given up on, as an on-failure destination gets it (one JSON per line)')
      .option('--function-timeout <seconds>', 'stop an invocation that takes longer (Lambda: Timeout)', seconds, 60)
      .option('--timeout <seconds>', 'stop after this many seconds (exit 0)', seconds)
      .option('--allow-prod', 'allow running against a table in AWS (the function gets your AWS credentials; then a typed yes, or --yes)')
      .option('-y, --yes', 'with --allow-prod: do not ask'),
  input: async ([handler, table]: [string, string], opts: { batchSize: number; batchingWindow: number; startingPosition: string; filter: string[]; maxRetries: number; bisectOnError?: boolean; onFailure?: string; functionTimeout: number; timeout?: number; allowProd?: boolean; yes?: boolean }, io): Promise<RunInput> => {
    const { parseHandler } = await import('../streams/handler.js');
    const { parsePattern } = await import('../streams/filter.js');
    const { resolve } = await import('node:path');
    return {
      handler: parseHandler(handler, io.cwd),
      table,
      batchSize: opts.batchSize,
      windowSeconds: opts.batchingWindow,
      startingPosition: opts.startingPosition === 'trim-horizon' ? 'TRIM_HORIZON' : 'LATEST',
      filters: opts.filter.map(parsePattern),
      maxRetries: opts.maxRetries,
      bisect: Boolean(opts.bisectOnError),
      onFailure: opts.onFailure ? resolve(io.cwd, opts.onFailure) : undefined,
      functionTimeoutSeconds: opts.functionTimeout,
      timeoutSeconds: opts.timeout,
      allowProd: Boolean(opts.allowProd),
      yes: Boolean(opts.yes),
    };
  },
  run: runHandler,
  view: runView,
});

export const command = defineGroup('streams', "a table's DynamoDB stream", [tailCommand, runCommand]);
