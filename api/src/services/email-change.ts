/** Changing the email (docs/architecture.md §5, "Accounts"): the new address confirms it by a mailed link. */
import { fieldProblem } from '@volley/shared';
import { User, type Db } from '@volley/core';
import type { EmailChangeBody } from '@volley/shared';
import { apiError } from '../errors.js';
import { emailLocked } from './oauth-accounts.js';
import type { Mailer } from '../mail/mailer.js';
import { issueAccountToken, useAccountToken } from './account-tokens.js';
import { verifyPassword } from './passwords.js';
import { uniqueViolation } from './unique-violation.js';

const TAKEN = fieldProblem('taken');

/**
 * Whether the account may change its email. The one place to refuse it: an account whose email
 * belongs to a sign-in provider (OAuth) keeps the provider's address.
 */
export function mayChangeEmail(user: User): boolean {
  return !user.botOwnerId && !user.deletedAt;
}

/** Checks the password, then mails a confirmation link to the new address. */
export async function requestEmailChange(db: Db, mailer: Mailer, userId: string, input: EmailChangeBody): Promise<void> {
  const user = await User.query(db).findById(userId);
  if (!user) throw apiError('unauthenticated');
  mailer.requireDelivery();
  if (!(await verifyPassword(user.passwordHash, input.password))) throw apiError('wrong_password');
  if (!mayChangeEmail(user)) throw apiError('forbidden', { message: 'This account cannot change its email.' });
  if (await emailLocked(db, userId)) throw apiError('email_locked');
  await refuseTaken(db, input.email, userId);
  const token = await issueAccountToken(db, userId, 'email_change', input.email);
  await mailer.send({ to: input.email, kind: 'email_change', locale: user.locale, link: mailer.link('/confirm-email', token), email: input.email });
}

/** Switches the email to the one the token was mailed to. */
export async function confirmEmailChange(db: Db, token: string): Promise<User> {
  try {
    return await db.transaction(async (trx) => {
      const { userId, email } = await useAccountToken(trx, token, 'email_change');
      await refuseTaken(trx, email!, userId);
      return User.query(trx).patchAndFetchById(userId, { email: email! });
    });
  } catch (err) {
    throw uniqueViolation(err) ? apiError('conflict', { fields: { email: [TAKEN] } }) : err;
  }
}

async function refuseTaken(db: Db, email: string, userId: string): Promise<void> {
  const other = await User.query(db).whereRaw('lower(email) = lower(?)', [email]).whereNot({ id: userId }).first();
  if (other) throw apiError('conflict', { fields: { email: [TAKEN] } });
}
