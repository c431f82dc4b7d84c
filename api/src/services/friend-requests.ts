/** The friend request lifecycle: send, accept, decline, cancel; and ending a friendship. */
import { blockedEitherWay, FriendRequest, Friendship, User, type Db } from '@volley/core';
import { newId, fieldProblem } from '@volley/shared';
import type { RouteDeps } from '../context.js';
import { apiError } from '../errors.js';
import { pendingRequestBetween } from './relation.js';
import { uniqueViolation } from './unique-violation.js';

type Deps = Pick<RouteDeps, 'db' | 'effects'>;

/** Both directions are stored (see migration 002); an existing friendship is left as it is. */
async function befriend(db: Db, a: string, b: string): Promise<void> {
  await Friendship.query(db).insert([{ userId: a, friendId: b }, { userId: b, friendId: a }]).onConflict(['user_id', 'friend_id']).ignore();
}

async function announceFriendship({ db, effects }: Deps, request: FriendRequest): Promise<void> {
  const accepter = await User.query(db).findById(request.toUserId).throwIfNotFound();
  await effects.notify(request.fromUserId, { kind: 'friend_accepted', by: accepter.toPublic() });
  await effects.publish({ type: 'social.changed', userIds: [request.fromUserId, request.toUserId] });
}

/**
 * Sends a friend request, or accepts the one the other person already sent: two people asking
 * each other are friends, not two pending requests.
 */
export async function sendFriendRequest(deps: Deps, fromId: string, toId: string): Promise<{ request: FriendRequest; created: boolean }> {
  if (fromId === toId) throw apiError('validation_failed', { fields: { userId: [fieldProblem('self')] } });
  const outcome = await deps.db
    .transaction(async (trx) => {
      if (!(await User.query(trx).findById(toId))) throw apiError('not_found', { message: 'No such user.' });
      if (await blockedEitherWay(trx, fromId, toId)) throw apiError('blocked');
      if (await Friendship.query(trx).findById([fromId, toId])) throw apiError('already_friends');
      const pending = await pendingRequestBetween(trx, fromId, toId).forUpdate();
      if (pending?.fromUserId === fromId) throw apiError('friend_request_pending');
      if (pending) return { request: await decide(trx, pending, 'accepted'), created: false };
      return { request: await FriendRequest.query(trx).insert({ id: newId(), fromUserId: fromId, toUserId: toId }).returning('*'), created: true };
    })
    .catch((err: unknown) => {
      throw uniqueViolation(err) ? apiError('friend_request_pending') : err;
    });
  if (!outcome.created) await announceFriendship(deps, outcome.request);
  else {
    const sender = await User.query(deps.db).findById(fromId).throwIfNotFound();
    await deps.effects.notify(toId, { kind: 'friend_request', from: sender.toPublic(), requestId: outcome.request.id });
    await deps.effects.publish({ type: 'social.changed', userIds: [fromId, toId] });
  }
  return outcome;
}

async function decide(db: Db, request: FriendRequest, status: 'accepted' | 'declined' | 'cancelled'): Promise<FriendRequest> {
  if (status === 'accepted') await befriend(db, request.fromUserId, request.toUserId);
  return FriendRequest.query(db).patchAndFetchById(request.id, { status, decidedAt: new Date() });
}

/**
 * Accepts or declines (the recipient) or cancels (the sender) a pending request. A request the
 * user is not party to in that role is not theirs to see: 404.
 */
export async function decideFriendRequest(deps: Deps, userId: string, requestId: string, status: 'accepted' | 'declined' | 'cancelled'): Promise<FriendRequest> {
  const request = await deps.db.transaction(async (trx) => {
    const found = await FriendRequest.query(trx).findById(requestId).forUpdate();
    const party = status === 'cancelled' ? found?.fromUserId : found?.toUserId;
    if (!found || party !== userId) throw apiError('not_found');
    if (found.status !== 'pending') throw apiError('request_decided', { message: `This request was already ${found.status}.` });
    if (status === 'accepted' && (await blockedEitherWay(trx, found.fromUserId, found.toUserId))) throw apiError('blocked');
    return decide(trx, found, status);
  });
  if (status === 'accepted') await announceFriendship(deps, request);
  // Declined or cancelled, the other side's lists change too, with nothing to notify.
  else await deps.effects.publish({ type: 'social.changed', userIds: [request.fromUserId, request.toUserId] });
  return request;
}

/** Ends a friendship, both rows of it; 404 when there was none. */
export async function removeFriend({ db, effects }: Deps, userId: string, friendId: string): Promise<void> {
  const removed = await endFriendship(db, userId, friendId);
  if (removed === 0) throw apiError('not_found', { message: 'You are not friends.' });
  await effects.publish({ type: 'social.changed', userIds: [userId, friendId] });
}

/** Deletes both rows of a friendship; the number of rows removed. */
export async function endFriendship(db: Db, a: string, b: string): Promise<number> {
  // Counted from `returning`: under knex-pglite a bare delete resolves to the driver's result, not a count.
  const removed = await Friendship.query(db)
    .delete()
    .where((q) => q.where({ user_id: a, friend_id: b }).orWhere({ user_id: b, friend_id: a }))
    .returning('*');
  return removed.length;
}
