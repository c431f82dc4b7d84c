/** Private channels: asking to join, the admins' decision, and invitations. */
import { type Actor, blockedEitherWay, ChannelInvitation, ConversationMember, JoinRequest, User } from '@volley/core';
import { newId } from '@volley/shared';
import type { RouteDeps } from '../context.js';
import { apiError } from '../errors.js';
import { accessFor, authorize, loadAccess, loadBan } from './conversation-access.js';
import { addMember } from './join-conversation.js';
import { uniqueViolation } from './unique-violation.js';

type Deps = Pick<RouteDeps, 'db' | 'effects'>;

/**
 * A pending request to join a private channel (the others are joined directly), with the
 * requester's words if any; the channel's owner and admins are told, each in their notifications.
 */
export async function requestToJoin({ db, effects }: Deps, convId: string, actor: Actor, message?: string): Promise<JoinRequest> {
  const { userId } = actor;
  const access = await loadAccess(db, convId, actor);
  authorize(access, { ...actor, ban: access.member ? undefined : await loadBan(db, convId, userId) }, 'ask_to_join');
  let request: JoinRequest;
  try {
    request = await JoinRequest.query(db).insert({ id: newId(), conversationId: convId, userId, message: message || null }).returning('*');
  } catch (err) {
    throw uniqueViolation(err) ? apiError('join_request_pending') : err;
  }
  const [from, managers] = await Promise.all([
    User.query(db).findById(userId).throwIfNotFound(),
    ConversationMember.query(db).where({ conversation_id: convId }).whereIn('role', ['owner', 'admin']).select('user_id'),
  ]);
  const conversation = { id: convId, name: access.conversation.name };
  for (const { userId: managerId } of managers) {
    // Someone who blocked the requester, or was blocked by them, is not asked about them.
    if (await blockedEitherWay(db, managerId, userId)) continue;
    await effects.notify(managerId, { kind: 'join_request', conversation, from: from.toPublic(), requestId: request.id, message: request.message });
  }
  return request;
}

/** My latest request to join the channel, whatever its outcome; undefined when I never asked. */
export async function myJoinRequest({ db }: Pick<Deps, 'db'>, convId: string, userId: string): Promise<JoinRequest | undefined> {
  return JoinRequest.query(db).where({ conversation_id: convId, user_id: userId }).orderBy('id', 'desc').first();
}

/** An admin accepts (the requester becomes a member) or rejects a pending request; the requester is told. */
export async function decideJoinRequest({ db, effects }: Deps, requestId: string, actor: Actor, accept: boolean): Promise<JoinRequest> {
  const { request, conversation } = await db.transaction(async (trx) => {
    const found = await JoinRequest.query(trx).findById(requestId).forUpdate();
    if (!found) throw apiError('not_found');
    const access = await accessFor(trx, found.conversationId, actor, 'admit');
    if (found.status !== 'pending') throw apiError('request_decided', { message: `This request was already ${found.status}.` });
    if (accept) {
      // Banned after asking: the admin is told why (target_banned).
      authorize(access, actor, 'admit', { userId: found.userId, role: undefined, ban: await loadBan(trx, found.conversationId, found.userId) });
      await addMember(trx, found.conversationId, found.userId);
    }
    const decided = { status: accept ? ('accepted' as const) : ('rejected' as const), decidedBy: actor.userId, decidedAt: new Date() };
    return { request: await JoinRequest.query(trx).patchAndFetchById(found.id, decided), conversation: access.conversation };
  });
  if (accept) await effects.publish({ type: 'membership.added', convId: conversation.id, userId: request.userId });
  await effects.notify(request.userId, { kind: 'join_request_decided', conversation: { id: conversation.id, name: conversation.name }, accepted: accept });
  return request;
}

/**
 * An admin invites a user, who may then join even a private channel; the invitee is told. An
 * admin's own bot is added at once: there is nobody else to accept for it.
 */
export async function inviteToChannel({ db, effects }: Deps, convId: string, actor: Actor, userId: string): Promise<void> {
  const actorId = actor.userId;
  const access = await accessFor(db, convId, actor, 'admit');
  const { conversation } = access;
  const [inviter, invitee] = await Promise.all([User.query(db).findById(actorId).throwIfNotFound(), User.query(db).findById(userId)]);
  if (!invitee || invitee.deletedAt) throw apiError('not_found', { message: 'No such user.' });
  const target = await ConversationMember.query(db).findById([convId, userId]);
  authorize(access, actor, 'invite', { userId, role: target?.role, blocked: await blockedEitherWay(db, actorId, userId) });
  if (target) throw apiError('already_member');
  if (invitee.botOwnerId === actorId) {
    authorize(access, actor, 'admit', { userId, role: undefined, ban: await loadBan(db, convId, userId) });
    await addMember(db, convId, userId);
    return void (await effects.publish({ type: 'membership.added', convId, userId }));
  }
  await ChannelInvitation.query(db).insert({ conversationId: convId, userId, invitedBy: actorId }).onConflict(['conversation_id', 'user_id']).ignore();
  await effects.notify(userId, { kind: 'channel_invite', conversation: { id: conversation.id, name: conversation.name }, by: inviter.toPublic() });
}
