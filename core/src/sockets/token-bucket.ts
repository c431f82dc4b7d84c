import type { Rate } from '@volley/shared';

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
 * One bucket per key (a user id), made on the key's first use. Once many keys are held, those whose
 * bucket is full again are forgotten: memory follows the keys that spent lately.
 */
export class KeyedBuckets {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly rate: Rate,
    private readonly maxKeys = 10_000,
  ) {}

  take(key: string, now = Date.now()): boolean {
    return this.bucket(key, now).take(1, now);
  }

  /** Milliseconds until the key may spend `amount` (the n-th in a queue waits for n tokens). */
  waitFor(key: string, amount = 1, now = Date.now()): number {
    return this.bucket(key, now).waitFor(amount, now);
  }

  private bucket(key: string, now: number): TokenBucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.maxKeys) for (const [k, b] of this.buckets) if (b.full(now)) this.buckets.delete(k);
      bucket = new TokenBucket(this.rate, now);
      this.buckets.set(key, bucket);
    }
    return bucket;
  }
}
