import { randomInt } from 'node:crypto';
import { isOpenAccount, OAuthIdentity, User, type Db } from '@volley/core';
import { newId, USERNAME_PATTERN, type OAuthErrorCode } from '@volley/shared';
import { joinWorld } from './register-user.js';
import type { ProviderProfile } from './oauth-client.js';
import { uniqueViolation } from './unique-violation.js';

/** A sign-in or link the callback refuses, with the reason the PWA shows. */
export class OAuthRefusal extends Error {
  constructor(readonly code: OAuthErrorCode) {
    super(code);
  }
}

/**
 * The account a provider's identity signs in to: the linked one, or a new one that takes the
 * provider's verified email (and can never change it). An email that an unlinked account already
 * has is refused, never linked: whoever controls an account at the provider would otherwise take
 * over the Volley account of that email. An identity still linked to a closed account (closing
 * removes its links: one it missed) never signs in to it: the link goes, and the person is new
 * here, as after a complete closing.
 */
export async function accountFromProvider(db: Db, provider: string, profile: ProviderProfile, beforeCreating: () => Promise<void>): Promise<User> {
  const linked = await OAuthIdentity.query(db).findById([provider, profile.subject]);
  if (linked) {
    const user = await User.query(db).findById(linked.userId);
    if (isOpenAccount(user)) return user!;
    await OAuthIdentity.query(db).delete().where({ provider, subject: profile.subject, user_id: linked.userId });
  }
  if (!profile.email || !profile.emailVerified) throw new OAuthRefusal('oauth_no_email');
  if (await User.query(db).whereRaw('lower(email) = lower(?)', [profile.email]).first()) throw new OAuthRefusal('oauth_email_taken');
  await beforeCreating();
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.transaction(async (trx) => {
        const username = await freeUsername(trx, profile.username, attempt);
        // No password: an empty hash never verifies (services/authenticate-user.ts).
        const user = await User.query(trx).insert({ id: newId(), username, email: profile.email!, displayName: username, passwordHash: '' }).returning('*');
        await OAuthIdentity.query(trx).insert({ provider, subject: profile.subject, userId: user.id, ownsEmail: true });
        await joinWorld(trx, user.id);
        return user;
      });
    } catch (err) {
      const index = uniqueViolation(err);
      if (index === 'users_email_lower') throw new OAuthRefusal('oauth_email_taken');
      // Two first sign-ins of one identity at once: the other one made the account.
      if (index === 'oauth_identities_pkey') return accountFromProvider(db, provider, profile, async () => {});
      if (index !== 'users_username_lower' || attempt >= 3) throw err;
    }
  }
}

/** Links the provider's identity to a signed-in account. */
export async function linkProvider(db: Db, provider: string, userId: string, profile: ProviderProfile): Promise<void> {
  const linked = await OAuthIdentity.query(db).findById([provider, profile.subject]);
  if (linked?.userId === userId) return;
  if (linked) throw new OAuthRefusal('oauth_linked_elsewhere');
  try {
    await OAuthIdentity.query(db).insert({ provider, subject: profile.subject, userId, ownsEmail: false });
  } catch (err) {
    // The account is linked to another identity at this provider: unlink it first.
    if (uniqueViolation(err)) throw new OAuthRefusal('oauth_linked_elsewhere');
    throw err;
  }
}

/**
 * Whether the account's email belongs to its OAuth provider (the account was created from it):
 * every route that changes an email must refuse then (403 `email_locked`).
 */
export async function emailLocked(db: Db, userId: string): Promise<boolean> {
  return (await OAuthIdentity.query(db).where({ user_id: userId, owns_email: true }).resultSize()) > 0;
}

/** The provider's name made a valid, free username: `ada_lovelace`, then `ada_lovelace_4821`. */
async function freeUsername(db: Db, wanted: string | undefined, attempt: number): Promise<string> {
  const base = (wanted ?? '').normalize('NFKD').replace(/\p{M}/gu, '').replace(/[^a-zA-Z0-9_]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 15) || 'player';
  const padded = base.length < 3 ? `${base}___`.slice(0, 3) : base;
  for (let i = attempt; i < attempt + 20; i++) {
    const candidate = i === 0 ? padded : `${padded}_${randomInt(1000, 10_000)}`;
    if (!USERNAME_PATTERN.test(candidate)) continue;
    if (!(await User.query(db).whereRaw('lower(username) = lower(?)', [candidate]).first())) return candidate;
  }
  return `player_${randomInt(1_000_000, 10_000_000)}`;
}
