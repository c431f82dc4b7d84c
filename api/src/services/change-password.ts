import { fieldProblem } from '@volley/shared';
import { User, type AccessClaims } from '@volley/core';
import type { ChangePasswordBody } from '@volley/shared';
import type { RouteDeps } from '../context.js';
import { apiError, ApiError } from '../errors.js';
import { bearerRefused } from '../middleware/auth.js';
import { requireStrongPassword } from './password-strength.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { revokeSessions } from './refresh-tokens.js';
import { announceEndedSessions } from './sessions.js';

const isWrongPassword = (err: unknown) => err instanceof ApiError && err.code === 'wrong_password';

/**
 * Replaces the account's password once the current one is shown (wrong ones throttled per user),
 * and ends every other session: whoever knew the old password is signed out everywhere else.
 */
export async function changePassword({ db, throttles, effects }: Pick<RouteDeps, 'db' | 'throttles' | 'effects'>, claims: AccessClaims, input: ChangePasswordBody): Promise<void> {
  const user = await User.query(db).findById(claims.userId);
  if (!user) throw bearerRefused('unauthenticated');
  await throttles.credential.guard(user.id, async () => {
    if (!(await verifyPassword(user.passwordHash, input.current))) throw apiError('wrong_password', { fields: { current: [fieldProblem('wrong_password')] } });
  }, isWrongPassword);
  await requireStrongPassword(input.next, user, 'next');
  const ended = await db.transaction(async (trx) => {
    await User.query(trx).findById(user.id).patch({ passwordHash: await hashPassword(input.next) });
    return revokeSessions(trx, { userId: user.id, except: claims.sessionId });
  });
  await announceEndedSessions(effects, ended);
}
