/**
 * Forgotten password (docs/architecture.md §5, "Accounts"): a mailed link to the PWA's reset
 * page; using it sets the password and ends every session of the account.
 */
import { User } from '@volley/core';
import type { PasswordResetConfirmBody } from '@volley/shared';
import type { RouteDeps } from '../context.js';
import type { Mailer } from '../mail/mailer.js';
import { accountTokenOwner, issueAccountToken, useAccountToken } from './account-tokens.js';
import { requireStrongPassword } from './password-strength.js';
import { hashPassword } from './passwords.js';
import { endEverySession } from './site-admin.js';

type Deps = Pick<RouteDeps, 'db' | 'effects'> & { mailer: Mailer };

/**
 * Mails a reset link if `login` names an account that has a password. Nothing tells the caller
 * whether it did: the mail goes out after the answer, so neither the answer nor its delay says
 * whether the account exists.
 */
export async function requestPasswordReset({ db, mailer }: Deps, login: string, onError: (err: unknown) => void): Promise<void> {
  // Said to everyone alike, before looking the login up.
  mailer.requireDelivery();
  const user = await User.query(db)
    .whereRaw('lower(username) = lower(?)', [login])
    .orWhereRaw('lower(email) = lower(?)', [login])
    .first();
  // Bots have no password, deleted accounts no mailbox.
  if (!user || user.botOwnerId || user.deletedAt) return;
  void issueAccountToken(db, user.id, 'password_reset')
    .then((token) => mailer.send({ to: user.email, kind: 'password_reset', locale: user.locale, link: mailer.link('/reset-password', token) }))
    .catch(onError);
}

/** Sets the password and signs the account out everywhere: refresh tokens revoked, older access tokens refused, sockets closed. */
export async function confirmPasswordReset({ db, effects }: Deps, input: PasswordResetConfirmBody): Promise<string> {
  // The same rules as at registration: a reset is no way round them. Judged before the transaction,
  // which would hold its connection (PGlite's only one) while the checker's process answers.
  const owner = await User.query(db).findById(await accountTokenOwner(db, input.token, 'password_reset')).throwIfNotFound();
  await requireStrongPassword(input.password, owner);
  const { userId, endedSessions } = await db.transaction(async (trx) => {
    // Used now, if no one used it meanwhile; it is the same account's.
    const { userId } = await useAccountToken(trx, input.token, 'password_reset');
    await User.query(trx).findById(userId).patch({ passwordHash: await hashPassword(input.password) });
    return { userId, endedSessions: await endEverySession(trx, userId) };
  });
  await effects.publish({ type: 'site.changed', endedSessions });
  return userId;
}
