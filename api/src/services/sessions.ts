import { RefreshToken, type Db } from '@volley/core';
import type { SessionView } from '@volley/shared';

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

/** Ends one of the user's sessions; false when the user has no such live session. */
export async function endSession(db: Db, userId: string, familyId: string): Promise<boolean> {
  const ended = await RefreshToken.query(db).patch({ revokedAt: new Date() }).where({ user_id: userId, family_id: familyId }).whereNull('revoked_at');
  return ended > 0;
}
