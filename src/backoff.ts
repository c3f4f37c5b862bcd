/**
 * Backoff shared by the SDK retry strategy (src/aws/retry.ts) and the batch writer's UnprocessedItems resends:
 * capped exponential with full jitter, random(0, min(cap, base·2^attempt))
 * (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/). Kept free of the SDK so that
 * importing the writer does not load it.
 */
export const DEFAULT_MAX_DELAY_MS = 5_000;

export const fullJitter = (attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number =>
  Math.floor(random() * Math.min(capMs, baseMs * 2 ** attempt));

/** The cap, lowered by DDB_RETRY_MAX_DELAY_MS (documented; the fault tests use it to keep give-ups short). */
export const maxDelayFromEnv = (env: NodeJS.ProcessEnv = process.env): number => {
  const n = Number(env.DDB_RETRY_MAX_DELAY_MS);
  return Number.isFinite(n) && n > 0 ? n : DEFAULT_MAX_DELAY_MS;
};

/** Waits `ms`, or less when `signal` aborts first (never rejects). */
export const pause = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
