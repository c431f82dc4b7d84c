import { createHash, randomBytes } from 'node:crypto';
import { RefreshToken, User, type Db } from '@volley/core';
import { newId } from '@volley/shared';

/** Only the SHA-256 is stored: a leaked table holds no usable token. */
const digest = (token: string): string => createHash('sha256').update(token).digest('hex');

/** A refresh token as the cookie carries it: 32 random bytes, base64url. */
export const REFRESH_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Issues a refresh token; a new family (a new sign-in) unless `familyId` continues one. */
export async function issueRefreshToken(db: Db, userId: string, ttlSeconds: number, familyId = newId()): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await RefreshToken.query(db).insert({
    id: newId(),
    userId,
    familyId,
    tokenHash: digest(token),
    expiresAt: new Date(Date.now() + ttlSeconds * 1000),
  });
  return token;
}

/**
 * A token rotated this recently may come back once more without being a theft: a page that
 * navigates while its refresh is in flight loses the answer (and the new cookie with it), then
 * sends the old token again. It gets another successor in the same family; later reuse still
 * revokes the family. The window is the exposure a stolen token has (Auth0, Okta do the same).
 */
export const REUSE_GRACE_MS = 10_000;

export type Rotation = { outcome: 'rotated'; user: User; token: string } | { outcome: 'reused' } | { outcome: 'invalid' };

/**
 * Trades a refresh token for the next one of its family. A token presented a second time, past
 * the grace window, means it was copied: the whole family is revoked, the thief's copy and the
 * owner's alike.
 */
export async function rotateRefreshToken(db: Db, token: string, ttlSeconds: number): Promise<Rotation> {
  return db.transaction(async (trx) => {
    // The row lock serialises two rotations of one token: the second sees it used.
    const current = await RefreshToken.query(trx).where('token_hash', digest(token)).forUpdate().first();
    if (!current || current.revokedAt || new Date(current.expiresAt).getTime() <= Date.now()) return { outcome: 'invalid' };
    if (current.usedAt && Date.now() - new Date(current.usedAt).getTime() > REUSE_GRACE_MS) {
      await revokeFamily(trx, current.familyId);
      return { outcome: 'reused' };
    }
    if (!current.usedAt) await RefreshToken.query(trx).findById(current.id).patch({ usedAt: new Date() });
    const user = await User.query(trx).findById(current.userId).throwIfNotFound();
    return { outcome: 'rotated', user, token: await issueRefreshToken(trx, user.id, ttlSeconds, current.familyId) };
  });
}

/** Signs out the session the token belongs to: its whole family stops working. */
export async function revokeRefreshTokenFamily(db: Db, token: string): Promise<void> {
  const family = await RefreshToken.query(db).select('family_id').where('token_hash', digest(token)).first();
  if (family) await revokeFamily(db, family.familyId);
}

async function revokeFamily(db: Db, familyId: string): Promise<void> {
  await RefreshToken.query(db).patch({ revokedAt: new Date() }).where('family_id', familyId).whereNull('revoked_at');
}
