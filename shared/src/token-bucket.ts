import type { FrameBudget, Rate } from './budgets.js';

/**
 * A token bucket: refills `perSecond` tokens a second up to `burst`; spending more than it holds
 * fails and spends nothing. Two numbers per bucket, so a socket can hold several.
 */
export class TokenBucket {
  private tokens: number;
  private at: number;

  constructor(
    private readonly rate: Rate,
    now = Date.now(),
  ) {
    this.tokens = rate.burst;
    this.at = now;
  }

  take(amount = 1, now = Date.now()): boolean {
    this.refill(now);
    if (this.tokens < amount) return false;
    this.tokens -= amount;
    return true;
  }

  /** Milliseconds until `amount` tokens are there (0: now). */
  waitFor(amount = 1, now = Date.now()): number {
    this.refill(now);
    return this.tokens >= amount ? 0 : Math.ceil(((amount - this.tokens) * 1000) / this.rate.perSecond);
  }

  /** True once the bucket holds its whole burst again: forgetting it changes nothing. */
  full(now = Date.now()): boolean {
    this.refill(now);
    return this.tokens >= this.rate.burst;
  }

  private refill(now: number): void {
    this.tokens = Math.min(this.rate.burst, this.tokens + ((now - this.at) * this.rate.perSecond) / 1000);
    this.at = now;
  }
}

/**
 * A frame budget (budgets.ts) as two buckets: a frame spends one of its frames and its length of
 * its bytes, or nothing. The server enforces the budgets with them, and the client library paces
 * its frames by them so that it is never closed for going over.
 */
export class FrameBuckets {
  private readonly frames: TokenBucket;
  private readonly bytes: TokenBucket;

  constructor(budget: FrameBudget, now = Date.now()) {
    this.frames = new TokenBucket(budget.frames, now);
    this.bytes = new TokenBucket(budget.bytes, now);
  }

  take(bytes: number, now = Date.now()): boolean {
    if (this.waitFor(bytes, now) > 0) return false;
    return this.frames.take(1, now) && this.bytes.take(bytes, now);
  }

  /** Milliseconds until a frame of `bytes` may be spent (0: now). */
  waitFor(bytes: number, now = Date.now()): number {
    return Math.max(this.frames.waitFor(1, now), this.bytes.waitFor(bytes, now));
  }
}
