import { connectRedis, type Config } from '@volley/core';
import { LoginThrottle } from './login-throttle.js';
import { Throttle } from './throttle.js';

export { Throttle } from './throttle.js';
export { LoginThrottle } from './login-throttle.js';

/** Every throttle of the api's credential and abuse paths; counted in Redis when there is one. */
export interface Throttles {
  login: LoginThrottle;
  /** Registrations per address, an account made by the OAuth provider's first sign-in included. */
  register: Throttle;
  /** Sign-ins and links started with the OAuth provider, per address. */
  oauthStart: Throttle;
  /** Wrong channel passwords per user. */
  channelPassword: Throttle;
  /**
   * Failed credential checks per user: the current password when changing it. The hook for the
   * other checks of an account's own secrets (reset, 2FA codes, bot-token creation) as they come.
   */
  credential: Throttle;
  close(): Promise<void>;
}

export function createThrottles(config: Pick<Config, 'throttles' | 'redis' | 'redisPrefix'>): Throttles {
  const redis = config.redis ? connectRedis(config.redis, { maxRetriesPerRequest: 1 }) : undefined;
  // Errors reach the limiter's promise (and its in-memory insurance); the client must not crash the process on them.
  redis?.on('error', () => undefined);
  // The install's prefix: two installs on one Redis count apart.
  const store = redis ? { redis, prefix: config.redisPrefix } : undefined;
  const rates = config.throttles;
  return {
    login: new LoginThrottle(rates, store),
    register: new Throttle('register', rates.register, store),
    oauthStart: new Throttle('oauth_start', rates.oauthStart, store),
    channelPassword: new Throttle('channel_password', rates.channelPassword, store),
    credential: new Throttle('credential', rates.credential, store),
    async close() {
      await redis?.quit().catch(() => undefined);
    },
  };
}
