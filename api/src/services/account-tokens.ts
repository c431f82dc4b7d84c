/**
 * One-time tokens mailed to a user (password reset, email change): 32 random bytes, only their
 * SHA-256 stored, good for 30 minutes and once.
 */
import { createHash, randomBytes } from 'node:crypto';
import { newId } from '@volley/shared';
import type { Db } from '@volley/core';
import { apiError } from '../errors.js';

export type AccountTokenKind = 'password_reset' | 'email_change';

export const ACCOUNT_TOKEN_TTL_MS = 30 * 60_000;

const digest = (token: string): string => createHash('sha256').update(token).digest('hex');

/** A new token for the user; the earlier unused ones of the same kind stop working. */
export async function issueAccountToken(db: Db, userId: string, kind: AccountTokenKind, email: string | null = null): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db.transaction(async (trx) => {
    await trx('account_tokens').where({ user_id: userId, kind }).whereNull('used_at').update({ used_at: trx.fn.now() });
    await trx('account_tokens').insert({
      id: newId(),
      user_id: userId,
      kind,
      token_hash: digest(token),
      email,
      expires_at: new Date(Date.now() + ACCOUNT_TOKEN_TTL_MS),
    });
  });
  return token;
}

/**
 * Marks the token used, inside the caller's transaction, and says whose it is; 400 `invalid_token`
 * for a token unknown, used, expired or of another kind (the same answer for each).
 */
export async function useAccountToken(trx: Db, token: string, kind: AccountTokenKind): Promise<{ userId: string; email: string | null }> {
  const row = (await trx('account_tokens')
    .where({ token_hash: digest(token), kind })
    .whereNull('used_at')
    .where('expires_at', '>', new Date())
    .forUpdate()
    .first()) as { id: string; user_id: string; email: string | null } | undefined;
  if (!row) throw apiError('invalid_token');
  await trx('account_tokens').where({ id: row.id }).update({ used_at: new Date() });
  return { userId: row.user_id, email: row.email };
}
