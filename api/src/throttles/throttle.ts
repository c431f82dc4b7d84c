import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RedisClient } from '@volley/core';
import type { Rate } from '@volley/shared';
import { apiError, type ApiError } from '../errors.js';

/** Where the counters live: this process, or Redis so that the budget holds across api instances. */
export type ThrottleStore = { redis: RedisClient; prefix: string } | undefined;

/** A 429 that says when to come back, in the header and in the body. */
export const throttled = (msBeforeNext: number): ApiError =>
  apiError('rate_limited', { retryAfter: Math.max(1, Math.ceil(msBeforeNext / 1000)) });

/**
 * A budget of attempts per key. A rate of `perSecond` in bursts of `burst` is kept as `burst`
 * attempts per window of `burst / perSecond` seconds (rate-limiter-flexible counts fixed windows):
 * the same long-run rate, and never more than a burst at once.
 */
export class Throttle {
  private readonly limiter: RateLimiterAbstract;

  constructor(name: string, rate: Rate, store: ThrottleStore) {
    const options = { keyPrefix: `${store?.prefix ?? ''}throttle:${name}`, points: rate.burst, duration: Math.ceil(rate.burst / rate.perSecond) };
    // While Redis is unreachable, each instance counts alone rather than letting everything through.
    this.limiter = store
      ? new RateLimiterRedis({ ...options, storeClient: store.redis, insuranceLimiter: new RateLimiterMemory(options) })
      : new RateLimiterMemory(options);
  }

  /** Counts one attempt under the key; 429 once the budget is spent (that attempt included). */
  async charge(key: string): Promise<void> {
    try {
      await this.limiter.consume(key);
    } catch (err) {
      if (err instanceof RateLimiterRes) throw throttled(err.msBeforeNext);
      throw err;
    }
  }

  /** 429 if the budget is spent, without counting an attempt. */
  async check(key: string): Promise<void> {
    const state = await this.limiter.get(key);
    if (state && state.remainingPoints <= 0) throw throttled(state.msBeforeNext);
  }

  /** Whether anything was counted under the key in its current window. */
  async counted(key: string): Promise<boolean> {
    return (await this.limiter.get(key)) !== null;
  }

  /** Marks the key as counted for `seconds`, whatever the budget (a fact to remember, such as a known address). */
  async remember(key: string, seconds: number): Promise<void> {
    await this.limiter.set(key, 1, seconds);
  }

  /** Forgets what was counted under the key. */
  async clear(key: string): Promise<void> {
    await this.limiter.delete(key);
  }

  /**
   * Runs a credential check charged only when it fails: refused at once while the budget is spent,
   * and each failure (an error `failed` recognises) counted before it is rethrown.
   */
  async guard<T>(key: string, run: () => Promise<T>, failed: (err: unknown) => boolean): Promise<T> {
    await this.check(key);
    try {
      return await run();
    } catch (err) {
      // The failure that spends the budget is still answered as itself; the next attempt gets the 429.
      if (failed(err)) await this.charge(key).catch(() => undefined);
      throw err;
    }
  }
}
