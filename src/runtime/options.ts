/** Option parsers shared by commands: a bad value is commander's one-line usage error (exit 2). */
import { type Command, InvalidArgumentError } from 'commander';

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
