/**
 * The SDK retry strategy ddb uses, chosen on purpose (https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html):
 *
 * - **standard mode**, not adaptive: adaptive adds one client-wide rate limiter that cuts the sending rate on every
 *   throttle; the batch writer already paces itself (bounded concurrency, `--max-wcu` token bucket, backoff on
 *   UnprocessedItems), and a second, hidden limiter would make its throughput unpredictable.
 * - **maxAttempts 8** (SDK default 3): a bulk load against a busy table meets bursts of throttling that outlast three
 *   tries; eight tries with the caps below ride out ~15 s of throttling per request before giving up.
 * - **capped full-jitter backoff**: random(0, min(cap, base·2^retry)), base 50 ms (1 s after a throttle, as the SDK
 *   does), cap 5 s instead of the SDK's 20 s so one unlucky request does not stall a load for long. `DDB_RETRY_MAX_DELAY_MS`
 *   lowers the cap (the fault tests use it to keep "endless throttling" short).
 * - the SDK's **retry quota** stays on: once retries keep failing (an endpoint that always throttles) the quota runs
 *   dry and requests fail at once, so a hopeless load gives up in bounded time instead of retrying forever.
 * - a refused connection to a *local* endpoint is not retried: nothing listens there, and "start the engine" should be
 *   said at once, not after seconds of backoff.
 *
 * It also counts the retries it grants, by kind, so bulk commands can report throttles.
 */
import { StandardRetryStrategy } from '@smithy/core/retry';
import type { RetryErrorInfo, RetryStrategyV2, RetryToken, StandardRetryBackoffStrategy, StandardRetryToken } from '@smithy/types';

import { DEFAULT_MAX_DELAY_MS, fullJitter } from '../data/backoff.js';

export const MAX_ATTEMPTS = 8;

export interface RetryCounters {
  throttling: number;
  transient: number;
}

class CappedBackoff implements StandardRetryBackoffStrategy {
  private base = 50;
  constructor(private readonly capMs: number) {}
  setDelayBase(delay: number): void {
    this.base = delay;
  }
  computeNextBackoffDelay(attempt: number): number {
    return fullJitter(attempt, this.base, this.capMs);
  }
}

export class DdbRetryStrategy implements RetryStrategyV2 {
  readonly mode = 'standard';
  readonly counters: RetryCounters = { throttling: 0, transient: 0 };
  private readonly inner: StandardRetryStrategy;

  constructor(private readonly opts: { local: boolean; maxAttempts?: number; maxDelayMs?: number }) {
    this.inner = new StandardRetryStrategy({ maxAttempts: opts.maxAttempts ?? MAX_ATTEMPTS, backoff: new CappedBackoff(opts.maxDelayMs ?? DEFAULT_MAX_DELAY_MS) });
  }

  acquireInitialRetryToken(scope: string): Promise<RetryToken> {
    return this.inner.acquireInitialRetryToken(scope);
  }

  async refreshRetryTokenForRetry(token: RetryToken, info: RetryErrorInfo): Promise<RetryToken> {
    const code = (info.error as { code?: string } | undefined)?.code;
    if (this.opts.local && code === 'ECONNREFUSED') throw new Error('connection refused: not retried');
    const next = await this.inner.refreshRetryTokenForRetry(token as StandardRetryToken, info);
    if (info.errorType === 'THROTTLING') this.counters.throttling++;
    else this.counters.transient++;
    return next;
  }

  recordSuccess(token: RetryToken): void {
    this.inner.recordSuccess(token as StandardRetryToken);
  }
}
