/** Option parsers and option sets shared by commands: a bad value is commander's one-line usage error (exit 2). */
import { type Command, InvalidArgumentError } from 'commander';
import type { Io } from '../io.js';
import { DEFAULT_SCHEMA, projectPath } from '../paths.js';
import { DdbError } from '../errors.js';

/** DynamoDB's Limit is a 32-bit integer: a --limit beyond it would end in the engine's InternalFailure. */
export const MAX_INT = 2_147_483_647;

export const positiveInt = (value: string): number => {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('must be a whole number of 1 or more.');
  if (Number(value) > MAX_INT) throw new InvalidArgumentError(`must be at most ${MAX_INT}.`);
  return Number(value);
};

export const port = (value: string): number => {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 65535) throw new InvalidArgumentError('must be a port number from 1 to 65535.');
  return n;
};

/** A whole number from 1 to max. */
export const upTo =
  (max: number) =>
  (value: string): number => {
    const n = positiveInt(value);
    if (n > max) throw new InvalidArgumentError(`must be at most ${max}.`);
    return n;
  };

/** --random-seed: a whole number from 0 to 2^32 − 1 (what the generator's 32-bit seed holds). */
export const randomSeed = (value: string): number => {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 0xffffffff) throw new InvalidArgumentError('must be a whole number from 0 to 4294967295.');
  return n;
};

/** The options every bulk-writing command shares (import, seed): how many batches in flight, and a WCU budget. */
export interface BulkOptions {
  concurrency: number;
  maxWcu?: number;
}

export const addBulkOptions = (cmd: Command, defaults: { concurrency: number; max: number }): Command =>
  cmd
    .option('--concurrency <n>', `BatchWriteItem calls in flight, 1-${defaults.max}`, upTo(defaults.max), defaults.concurrency)
    .option('--max-wcu <n>', "write capacity units per second to stay within (a provisioned table's budget)", positiveInt);

/** --ttl-interval: seconds between TTL sweeps of a local engine, 0 for none. */
export const ttlInterval = (value: string): number => {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || n > 86_400) throw new InvalidArgumentError('must be a number of seconds from 0 (no sweeps) to 86400.');
  return n;
};

/** --dry-run (and the schema file it takes key types from) of a command that sends requests to one table. */
export interface PlanOptions {
  dryRun: boolean;
  /** resolved */
  schemaFile: string;
  /** --schema as given; undefined: the project's schema/tables.json */
  schemaGiven?: string;
}

export const addPlanOptions = (cmd: Command): Command =>
  cmd
    .option('--dry-run', 'print the requests it would send, and send nothing (no engine, no credentials when the schema file declares the table)')
    .option('--schema <file>', `with --dry-run: the schema file whose declared table gives the key types (default: ${DEFAULT_SCHEMA})`);

export const planOptions = (opts: { dryRun?: boolean; schema?: string }, io: Io): PlanOptions => ({
  dryRun: Boolean(opts.dryRun),
  schemaFile: projectPath(io.cwd, opts.schema ?? DEFAULT_SCHEMA),
  ...(opts.schema !== undefined ? { schemaGiven: opts.schema } : {}),
});

/** Items query and sql read unless --limit says otherwise (then the "more:" command reads on). */
export const DEFAULT_QUERY_LIMIT = 100;

/** `--count` reads every matching item: the options that page or shape the items make no sense with it. */
export const checkCount = (opts: { count?: boolean; limit?: number; startingToken?: string; projection?: string }): void => {
  if (opts.count && (opts.limit !== undefined || opts.startingToken !== undefined || opts.projection !== undefined)) {
    throw new DdbError('usage', '--count counts every matching item: it takes no --limit, --starting-token or --projection');
  }
};

/**
 * The options of `names` as given, as words again (`--index gsi1 --desc`), in that order: the next-page command
 * ("more: ddb … --starting-token T") repeats them. A flag given is its name; a value, its name and the value.
 */
export const optionWords = <O extends object>(opts: O, names: readonly (keyof O & string)[]): (string | number)[] =>
  names.flatMap((name) => {
    const value: unknown = opts[name];
    const flag = `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    if (value === undefined || value === false) return [];
    return value === true ? [flag] : [flag, typeof value === 'number' ? value : String(value)];
  });
