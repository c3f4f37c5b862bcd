/**
 * The SDK retry strategy ddb gives its client, chosen on purpose
 * (https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html):
 *
 * - **standard mode's rules**, not adaptive: throttling and transient errors (5xx, dropped or reset connections,
 *   timeouts) are retried, nothing else. Adaptive mode adds a client-wide rate limiter that cuts the sending rate on
 *   every throttle; the batch writer already paces itself (bounded concurrency, the `--max-wcu` token bucket, backoff on
 *   UnprocessedItems), and a second, hidden limiter would make its throughput unpredictable.
 * - **8 attempts** (SDK default 3): a bulk load against a busy table meets bursts of throttling that outlast three tries.
 * - **capped full-jitter backoff**: random(0, min(cap, base·2^retry)), base 50 ms, 1 s after a throttle (the SDK's
 *   own bases), cap 5 s instead of the SDK's 20 s, so one unlucky request does not stall a load for long.
 *   `DDB_RETRY_MAX_DELAY_MS` lowers the cap (the fault tests use it to keep "endless throttling" short).
 * - **no retry quota**: the SDK's standard strategy shares 500 tokens per client and charges 14 per transient retry.
 *   With 16 requests in flight, one second of 500s on all of them empties it and the whole import fails in under a
 *   second (measured through the fault proxy: 0.9 s). The quota guards against retry storms, which ddb's bounded
 *   concurrency already rules out; the time a hopeless load takes to give up is bounded by attempts × cap instead
 *   (measured: ~20 s of endless throttling, ~6 s of endless 500s or dropped connections, with the defaults).
 * - a read timeout (a server that accepted the request and stays silent, --cli-read-timeout) is tried at most
 *   TIMEOUT_ATTEMPTS times, as the AWS CLI's standard mode tries any request: each attempt already waited the whole
 *   timeout, and eight of them would hold a command for eight minutes.
 * - a refused connection to a *local* endpoint is not retried: nothing listens there, and "start the engine" should be
 *   said at once, not after seconds of backoff.
 *
 * It also counts the retries it grants, by kind, so bulk commands can report throttles.
 */
import type { RetryErrorInfo, RetryStrategyV2, RetryToken } from '@smithy/types';
import { DEFAULT_MAX_DELAY_MS, fullJitter } from '../backoff.js';

export const MAX_ATTEMPTS = 8;
export const TIMEOUT_ATTEMPTS = 3;

/**
 * The Node HTTP handler names every transport error TimeoutError (ECONNRESET and EPIPE too): a timeout proper is the
 * one it raised itself, with no socket error code — silence for the read timeout, or no connection in time.
 */
export const isTimeout = (error: unknown): boolean => {
  const e = error as { name?: string; code?: string; message?: string } | undefined;
  return e?.name === 'TimeoutError' && e.code === undefined && /inactivity|did not establish a connection/.test(e.message ?? '');
};
const BASE_DELAY_MS = 50;
const THROTTLING_BASE_DELAY_MS = 1_000;

export interface RetryCounters {
  throttling: number;
  transient: number;
}

/** retries so far, and the delay the SDK's retry middleware waits before the next attempt */
const token = (retryCount: number, delay: number): RetryToken => ({ getRetryCount: () => retryCount, getRetryDelay: () => delay });

export class DdbRetryStrategy implements RetryStrategyV2 {
  readonly mode = 'standard';
  readonly counters: RetryCounters = { throttling: 0, transient: 0 };
  private readonly maxAttempts: number;
  private readonly maxDelayMs: number;

  constructor(private readonly opts: { local: boolean; maxAttempts?: number; maxDelayMs?: number }) {
    this.maxAttempts = opts.maxAttempts ?? MAX_ATTEMPTS;
    this.maxDelayMs = opts.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
  }

  async acquireInitialRetryToken(): Promise<RetryToken> {
    return token(0, 0);
  }

  async refreshRetryTokenForRetry(previous: RetryToken, info: RetryErrorInfo): Promise<RetryToken> {
    const retries = previous.getRetryCount();
    const throttled = info.errorType === 'THROTTLING';
    const code = (info.error as { code?: string } | undefined)?.code;
    const refusedLocally = this.opts.local && code === 'ECONNREFUSED';
    const timedOut = isTimeout(info.error) && retries + 1 >= TIMEOUT_ATTEMPTS;
    if ((!throttled && info.errorType !== 'TRANSIENT') || refusedLocally || timedOut || retries + 1 >= this.maxAttempts) {
      throw new Error('no retry'); // the middleware then throws the request's own error
    }
    this.counters[throttled ? 'throttling' : 'transient']++;
    return token(retries + 1, fullJitter(retries, throttled ? THROTTLING_BASE_DELAY_MS : BASE_DELAY_MS, this.maxDelayMs));
  }

  recordSuccess(): void {}
}
