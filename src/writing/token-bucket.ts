/**
 * A token bucket for `--max-wcu N`: N write capacity units per second, at most one second's worth saved up.
 * A batch takes its estimated WCU before it is sent; when DynamoDB reports what it really consumed, the difference is
 * settled (`adjust`), so the budget follows the consumed capacity, not the estimate. A batch larger than the bucket
 * may take it into debt (a 25 × 400 KB batch is 10,000 WCU): the next takers wait until the debt is paid off.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly ratePerSecond: number,
    readonly capacity: number = ratePerSecond,
    private readonly now: () => number = () => performance.now(),
    private readonly wait: (ms: number) => Promise<void> = sleep,
  ) {
    this.tokens = capacity;
    this.last = now();
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((t - this.last) / 1000) * this.ratePerSecond);
    this.last = t;
  }

  /** Waits until `n` tokens (or, for n above the capacity, a full bucket) are there, then takes them. */
  async take(n: number): Promise<void> {
    const need = Math.min(n, this.capacity);
    for (;;) {
      this.refill();
      if (this.tokens >= need) break;
      await this.wait(Math.ceil(((need - this.tokens) / this.ratePerSecond) * 1000));
    }
    this.tokens -= n;
  }

  /** Settles the estimate against what was really consumed: positive gives tokens back, negative takes more. */
  adjust(n: number): void {
    this.refill();
    this.tokens = Math.min(this.capacity, this.tokens + n);
  }

  get available(): number {
    this.refill();
    return this.tokens;
  }
}
