/** The options every bulk-writing command shares (import, seed): how many batches in flight, and a WCU budget. */
import { type Command, InvalidArgumentError } from 'commander';
import { positiveInt } from '../app.js';
import { DEFAULT_CONCURRENCY, MAX_CONCURRENCY } from '../data/batch-writer.js';

export interface BulkOptions {
  concurrency: number;
  maxWcu?: number;
}

const concurrency = (value: string): number => {
  const n = positiveInt(value);
  if (n > MAX_CONCURRENCY) throw new InvalidArgumentError(`must be at most ${MAX_CONCURRENCY}.`);
  return n;
};

export const addBulkOptions = (cmd: Command): Command =>
  cmd
    .option('--concurrency <n>', `BatchWriteItem calls in flight, 1-${MAX_CONCURRENCY}`, concurrency, DEFAULT_CONCURRENCY)
    .option('--max-wcu <n>', 'write capacity units per second to stay within (a provisioned table\'s budget)', positiveInt);
