import { createHash, randomBytes } from 'node:crypto';
import { isOpenAccount, RefreshToken, User, type Db } from '@volley/core';
import { newId } from '@volley/shared';

/** Only the SHA-256 is stored: a leaked table holds no usable token. */
const digest = (token: string): string => createHash('sha256').update(token).digest('hex');

/** A refresh token as the cookie carries it: 32 random bytes, base64url. */
export const REFRESH_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** A refresh token and the sign-in (family) it belongs to. */
export interface IssuedToken {
  token: string;
  familyId: string;
}

/** Where a request comes from, as the sessions list shows it. */
export interface Device {
  userAgent: string;
  address: string;
}

/** Issues a refresh token; a new family (a new sign-in) unless `familyId` continues one. */
export async function issueRefreshToken(db: Db, userId: string, ttlSeconds: number, device: Device, familyId = newId()): Promise<IssuedToken> {
  const token = randomBytes(32).toString('base64url');
  await RefreshToken.query(db).insert({
    id: newId(),
    userId,
    familyId,
    tokenHash: digest(token),
    userAgent: device.userAgent.slice(0, 256),
    address: device.address,
    expiresAt: new Date(Date.now() + ttlSeconds * 1000),
  });
  return { token, familyId };
}

/**
 * A token rotated this recently may come back once more without being a theft: two tabs of one
 * browser refreshing at once, or a page that navigates while its refresh is in flight (it loses the
 * answer and the new cookie, then sends the old token again). It gets another successor in the same
 * family, but only when it comes from the browser that rotated it first (its client-binding
 * cookie): a copy replayed from anywhere else, in the window or after it, ends the family.
 */
export const REUSE_GRACE_MS = 10_000;

/** `reused` names the session it ended, whose access tokens must be refused too. */
/** `invalid` names the token's account when it was one (revoked, expired): a refusal may say why the session ended. */
export type Rotation = { outcome: 'rotated'; user: User; issued: IssuedToken } | { outcome: 'reused'; ended: string[] } | { outcome: 'invalid'; userId?: string };

/**
 * Trades a refresh token for the next one of its family. `client` is the presenting browser's
 * client-binding value (undefined when it has none). A token presented a second time, but for the
 * same browser's race, means it was copied: the whole family is revoked, the thief's copy and the
 * owner's alike.
 */
export async function rotateRefreshToken(db: Db, token: string, ttlSeconds: number, client: string | undefined, device: Device): Promise<Rotation> {
  const clientHash = client === undefined ? null : digest(client);
  return db.transaction(async (trx) => {
    // The row lock serialises two rotations of one token: the second sees it used.
    const current = await RefreshToken.query(trx).where('token_hash', digest(token)).forUpdate().first();
    if (!current) return { outcome: 'invalid' };
    if (current.revokedAt || new Date(current.expiresAt).getTime() <= Date.now()) return { outcome: 'invalid', userId: current.userId };
    if (current.usedAt) {
      const sameBrowser = clientHash !== null && current.usedByClient === clientHash;
      if (!sameBrowser || Date.now() - new Date(current.usedAt).getTime() > REUSE_GRACE_MS) {
        return { outcome: 'reused', ended: await revokeSessions(trx, { familyId: current.familyId }) };
      }
    } else {
      await RefreshToken.query(trx).findById(current.id).patch({ usedAt: new Date(), usedByClient: clientHash });
    }
    const user = await User.query(trx).findById(current.userId).throwIfNotFound();
    // A closed account's families end as it closes; one that closing missed ends now.
    if (!isOpenAccount(user)) {
      await revokeSessions(trx, { familyId: current.familyId });
      return { outcome: 'invalid' };
    }
    return { outcome: 'rotated', user, issued: await issueRefreshToken(trx, user.id, ttlSeconds, device, current.familyId) };
  });
}

/** Signs out the session the token belongs to: its whole family stops working. The sessions ended (none or that one). */
export async function revokeRefreshTokenFamily(db: Db, token: string): Promise<string[]> {
  const family = await RefreshToken.query(db).select('family_id').where('token_hash', digest(token)).first();
  return family ? revokeSessions(db, { familyId: family.familyId }) : [];
}

/** Which sessions to end: a user's (all, one, or all but one), or one family whoever it is. */
export type SessionsToEnd = { userId: string; familyId?: string; except?: string } | { familyId: string };

/**
 * Revokes every live refresh token of the sessions named, a family always as a whole (the site
 * gate reads a revoked token as its family ended), and drops their devices' push subscriptions;
 * returns the sessions (families) this ended.
 */
export async function revokeSessions(db: Db, which: SessionsToEnd): Promise<string[]> {
  const query = db('refresh_tokens').whereNull('revoked_at');
  if ('userId' in which) query.where('user_id', which.userId);
  if (which.familyId !== undefined) query.where('family_id', which.familyId);
  if ('except' in which && which.except !== undefined) query.whereNot('family_id', which.except);
  const rows = (await query.update({ revoked_at: new Date() }, ['family_id'])) as { family_id: string }[];
  const ended = [...new Set(rows.map((row) => row.family_id))];
  // A device signed out receives no more pushes for the account.
  if (ended.length > 0) await db('push_subscriptions').whereIn('session_id', ended).delete();
  return ended;
}
