import { Block, FriendRequest, User } from '@volley/core';
import type { RouteDeps } from '../context.js';
import { apiError } from '../errors.js';
import { endFriendship } from './friend-requests.js';

type Deps = Pick<RouteDeps, 'db' | 'effects'>;

/**
 * Blocks a user (idempotent). Blocking ends what the two shared: the friendship and any pending
 * friend request, both ways, in the same transaction.
 */
export async function blockUser({ db, effects }: Deps, blockerId: string, blockedId: string): Promise<void> {
  if (blockerId === blockedId) throw apiError('validation_failed', { message: 'You cannot block yourself.' });
  await db.transaction(async (trx) => {
    if (!(await User.query(trx).findById(blockedId))) throw apiError('not_found', { message: 'No such user.' });
    await Block.query(trx).insert({ blockerId, blockedId }).onConflict(['blocker_id', 'blocked_id']).ignore();
    await endFriendship(trx, blockerId, blockedId);
    await FriendRequest.query(trx)
      .patch({ status: 'cancelled', decidedAt: new Date() })
      .where('status', 'pending')
      .where((q) => q.where({ from_user_id: blockerId, to_user_id: blockedId }).orWhere({ from_user_id: blockedId, to_user_id: blockerId }));
  });
  await effects.publish({ type: 'social.changed', userIds: [blockerId, blockedId] });
}

/** Lifts a block (idempotent). */
export async function unblockUser({ db, effects }: Deps, blockerId: string, blockedId: string): Promise<void> {
  // Counted from `returning` (see endFriendship).
  const removed = await Block.query(db).delete().where({ blocker_id: blockerId, blocked_id: blockedId }).returning('*');
  if (removed.length > 0) await effects.publish({ type: 'social.changed', userIds: [blockerId, blockedId] });
}
