import { User, type Db } from '@volley/core';
import type { LoginBody } from '@volley/shared';
import { apiError } from '../errors.js';
import { verifyPassword } from './passwords.js';

/**
 * Finds the user by username or email (case-insensitive) and checks the password. An unknown
 * login and a wrong password get the same answer, after the same work.
 */
export async function authenticateUser(db: Db, input: LoginBody): Promise<User> {
  // Usernames cannot contain '@' and emails must: a login matches at most one user.
  const user = await User.query(db)
    .whereRaw('lower(username) = lower(?)', [input.login])
    .orWhereRaw('lower(email) = lower(?)', [input.login])
    .first();
  const valid = await verifyPassword(user?.passwordHash, input.password);
  if (!user || !valid) throw apiError('invalid_credentials');
  return user;
}
