import { isOpenAccount, User, type Db } from '@volley/core';
import type { LoginBody } from '@volley/shared';
import { apiError, ApiError } from '../errors.js';
import type { LoginThrottle } from '../throttles/index.js';
import { verifyPassword } from './passwords.js';

/** A sign-in that failed on its credentials (what the throttles count). */
export const isWrongCredentials = (err: unknown): boolean => err instanceof ApiError && err.code === 'invalid_credentials';

/**
 * Finds the user by username or email (case-insensitive) and checks the password. An unknown
 * login and a wrong password get the same answer, after the same work.
 */
export async function authenticateUser(db: Db, input: LoginBody, throttle: LoginThrottle, ip: string): Promise<User> {
  // Usernames cannot contain '@' and emails must: a login matches at most one user.
  const user = await User.query(db)
    .whereRaw('lower(username) = lower(?)', [input.login])
    .orWhereRaw('lower(email) = lower(?)', [input.login])
    .first();
  // An unknown login is throttled under its own name, so probing for accounts is as slow as guessing.
  const accountKey = user?.id ?? `login:${input.login.toLowerCase()}`;
  return throttle.attempt(ip, accountKey, async () => {
    // A bot has no password (its hash is empty): it signs in with its tokens only, and is answered like an unknown login;
    // so is a closed account, whatever its row still holds.
    const valid = await verifyPassword(user?.botOwnerId || !isOpenAccount(user) ? undefined : user?.passwordHash, input.password);
    if (!user || !valid) throw apiError('invalid_credentials');
    return user;
  }, isWrongCredentials);
}
