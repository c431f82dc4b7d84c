import { Block, FriendRequest, Friendship, type Db } from '@volley/core';
import type { Relation } from '@volley/shared';

/** How the viewer relates to a user, as the profile's buttons need it. */
export async function relationOf(db: Db, viewerId: string, userId: string): Promise<Relation> {
  if (viewerId === userId) return 'self';
  if (await Block.query(db).findById([viewerId, userId])) return 'blocked';
  if (await Friendship.query(db).findById([viewerId, userId])) return 'friend';
  const pending = await pendingRequestBetween(db, viewerId, userId);
  if (!pending) return 'none';
  return pending.fromUserId === viewerId ? 'request_sent' : 'request_received';
}

/** The pending friend request between two users, whichever sent it. */
export function pendingRequestBetween(db: Db, a: string, b: string) {
  return FriendRequest.query(db)
    .where('status', 'pending')
    .where((q) => q.where({ from_user_id: a, to_user_id: b }).orWhere({ from_user_id: b, to_user_id: a }))
    .first();
}

/** For `.whereNotExists(...)`: a block, either way, between the viewer and the user in `column`. */
export const blockWith = (db: Db, viewerId: string, column: string) =>
  Block.query(db).where((b) => b.where('blocker_id', viewerId).whereColumn('blocked_id', column).orWhere('blocked_id', viewerId).whereColumn('blocker_id', column));
