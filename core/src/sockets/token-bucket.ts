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
    this.tokens = Math.min(this.rate.burst, this.tokens + ((now - this.at) * this.rate.perSecond) / 1000);
    this.at = now;
    if (this.tokens < amount) return false;
    this.tokens -= amount;
    return true;
  }
}
