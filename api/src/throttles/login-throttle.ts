import type { ThrottleRates } from '@volley/core';
import { Throttle, type ThrottleStore } from './throttle.js';

/**
 * How long an address that signed in to an account stays known to it. Under 24.8 days: the memory
 * store expires keys with a timer, which cannot hold longer (Node clamps it to 1 ms).
 */
const KNOWN_ADDRESS_SECONDS = 20 * 86_400;

/**
 * Sign-in attempts, throttled so that guessing is slow and a victim is not locked out
 * (docs/architecture.md §5, "Throttles"):
 * - every attempt counts against its address (Synapse's rc_login.address), a budget sized for a
 *   class signing in together from one school address;
 * - failures count against the pair (account, address): an attacker locks out only themselves;
 * - failures from addresses that never signed in to the account also count against the account,
 *   a slower ceiling for attackers with many addresses, which the owner's known addresses skip.
 */
export class LoginThrottle {
  private readonly address: Throttle;
  private readonly pair: Throttle;
  private readonly account: Throttle;
  private readonly known: Throttle;

  constructor(rates: ThrottleRates, store: ThrottleStore) {
    this.address = new Throttle('login_address', rates.loginAddress, store);
    this.pair = new Throttle('login_pair', rates.login, store);
    this.account = new Throttle('login_account', rates.loginAccount, store);
    this.known = new Throttle('login_known', { perSecond: 1, burst: 1 }, store);
  }

  /**
   * Runs `check` (the password's verification) for `accountKey` from `ip`, or answers 429 without
   * running it. A failure is an error `failed` recognises.
   */
  async attempt<T>(ip: string, accountKey: string, check: () => Promise<T>, failed: (err: unknown) => boolean): Promise<T> {
    await this.address.charge(ip);
    const pair = `${accountKey}|${ip}`;
    const known = await this.known.counted(pair);
    await this.pair.check(pair);
    if (!known) await this.account.check(accountKey);
    try {
      const result = await check();
      await Promise.all([this.known.remember(pair, KNOWN_ADDRESS_SECONDS), this.pair.clear(pair)]);
      return result;
    } catch (err) {
      if (failed(err)) {
        const charges = [this.pair.charge(pair), ...(known ? [] : [this.account.charge(accountKey)])];
        // A failure that spends a budget is still answered as itself; the next attempt gets the 429.
        await Promise.allSettled(charges);
      }
      throw err;
    }
  }
}
