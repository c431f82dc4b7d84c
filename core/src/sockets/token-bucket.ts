import { TokenBucket, type Rate } from '@volley/shared';

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
