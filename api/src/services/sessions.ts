import { RefreshToken, type Db } from '@volley/core';
import type { SessionView } from '@volley/shared';
import type { RouteDeps } from '../context.js';
import { revokeSessions, type SessionsToEnd } from './refresh-tokens.js';
import type { Effects } from './effects.js';

interface FamilyRow {
  familyId: string;
  signedInAt: Date;
  lastSeenAt: Date;
}

/** The account's live sessions, most recently seen first: each family with a token neither revoked nor expired. */
export async function listSessions(db: Db, userId: string, currentId: string | undefined): Promise<SessionView[]> {
  const live = RefreshToken.query(db).where('user_id', userId).whereNull('revoked_at').where('expires_at', '>', new Date());
  const families = (await live
    .clone()
    .select('family_id')
    .min('created_at as signed_in_at')
    .max('created_at as last_seen_at')
    .groupBy('family_id')
    .orderBy('last_seen_at', 'desc')) as unknown as FamilyRow[];
  if (families.length === 0) return [];
  // The newest token of each family says where the session was last seen from.
  const newest = await live.clone().whereIn('family_id', families.map((f) => f.familyId)).orderBy('created_at', 'desc');
  return families.map((family) => {
    const token = newest.find((t) => t.familyId === family.familyId)!;
    return {
      id: family.familyId,
      device: token.userAgent,
      address: token.address,
      signedInAt: new Date(family.signedInAt).toISOString(),
      lastSeenAt: new Date(family.lastSeenAt).toISOString(),
      current: family.familyId === currentId,
    };
  });
}

/**
 * Tells every process that these sessions ended: their access tokens are refused and their sockets
 * closed at once (core/src/site-gate.ts), not when the tokens expire.
 */
export async function announceEndedSessions(effects: Effects, sessionIds: string[]): Promise<void> {
  if (sessionIds.length > 0) await effects.publish({ type: 'site.changed', endedSessions: sessionIds });
}

/** Ends the user's sessions named (one, or all but the caller's); false when none was live. */
export async function endSessions({ db, effects }: Pick<RouteDeps, 'db' | 'effects'>, which: SessionsToEnd & { userId: string }): Promise<boolean> {
  const ended = await revokeSessions(db, which);
  await announceEndedSessions(effects, ended);
  return ended.length > 0;
}
