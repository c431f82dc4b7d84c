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

/** The token's row if it is live: known, unused, unexpired and of this kind. */
const liveToken = (db: Db, token: string, kind: AccountTokenKind) =>
  db('account_tokens').where({ token_hash: digest(token), kind }).whereNull('used_at').where('expires_at', '>', new Date());

type TokenRow = { id: string; user_id: string; email: string | null };

/**
 * Whose the token is, without using it: for a check that should not hold the transaction that
 * uses it. 400 `invalid_token` as `useAccountToken`.
 */
export async function accountTokenOwner(db: Db, token: string, kind: AccountTokenKind): Promise<string> {
  const row = (await liveToken(db, token, kind).first()) as TokenRow | undefined;
  if (!row) throw apiError('invalid_token');
  return row.user_id;
}

/**
 * Marks the token used, inside the caller's transaction, and says whose it is; 400 `invalid_token`
 * for a token unknown, used, expired or of another kind (the same answer for each).
 */
export async function useAccountToken(trx: Db, token: string, kind: AccountTokenKind): Promise<{ userId: string; email: string | null }> {
  const row = (await liveToken(trx, token, kind).forUpdate().first()) as TokenRow | undefined;
  if (!row) throw apiError('invalid_token');
  await trx('account_tokens').where({ id: row.id }).update({ used_at: new Date() });
  return { userId: row.user_id, email: row.email };
}
