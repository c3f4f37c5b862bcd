/**
 * Optimistic writes of the messaging patterns: read, build one TransactWriteItems whose conditions hold only if
 * nothing changed since the read, send it; when DynamoDB cancels it because something did change (a condition failed,
 * a concurrent transaction on the same items), read again and retry after a jittered backoff. A cancelled
 * transaction writes nothing, so a retry never duplicates anything.
 */
import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import { fullJitter } from '../backoff.js';
import { DdbError } from '../errors.js';

/** Attempts (read + transaction) before giving up with exit 8. Enough for 20 writers on one conversation at once. */
export const MAX_WRITE_ATTEMPTS = 10;
const BASE_DELAY_MS = 20;
const MAX_DELAY_MS = 1_000;

export interface RetryOptions {
  maxAttempts?: number;
  /** waits before attempt `attempt + 1` (tests: no wait) */
  backoff?: (attempt: number) => Promise<void>;
  /** the clock (tests: a fixed time) */
  now?: () => Date;
}

export const defaultBackoff = (attempt: number): Promise<void> => sleep(fullJitter(attempt, BASE_DELAY_MS, MAX_DELAY_MS)).then(() => undefined);

/** Reasons that mean "something changed under us" (or a passing throttle): read again and retry. */
const RETRYABLE = new Set(['None', 'ConditionalCheckFailed', 'TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded']);

export const isRetryable = (reasons: readonly string[]): boolean => reasons.length === 0 || reasons.every((r) => RETRYABLE.has(r));

/** A cancellation that a retry cannot fix (a validation error, an item collection too large): one line, exit 2. */
export const cancelledFor = (reasons: readonly string[], message: string): DdbError =>
  new DdbError('input.invalid', `DynamoDB cancelled the transaction (${reasons.join(', ')}): ${message.split('\n')[0]}; nothing was written`);

export const conflict = (what: string, attempts: number): DdbError =>
  new DdbError('write.conflict', `${what} was not written: concurrent changes cancelled all ${attempts} attempts; nothing was written`, {
    suggestion: 'run the command again',
  });

/** What one successful write consumed, per request (undefined where the engine reports nothing). */
export interface WriteCapacity {
  /** the reads before the write (the Query on the index; create-conversation's Query on the user's groups) */
  Query?: ConsumedCapacity;
  /** create-conversation after losing the race to create it: the pair marker, read strongly consistent */
  GetItem?: ConsumedCapacity;
  TransactWriteItems?: ConsumedCapacity[];
}
