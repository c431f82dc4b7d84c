import { type Actor, ChannelInvitation, ConversationMember, conversationPolicy, type Db } from '@volley/core';
import type { RouteDeps } from '../context.js';
import { authorize, loadAccess, loadBan, type Access } from './conversation-access.js';
import { verifyPassword } from './passwords.js';

type Deps = Pick<RouteDeps, 'db' | 'effects'>;

/**
 * Joins a channel: a public one freely, a password one with its password, a private one with an
 * invitation (used up by joining) or its invite link (`link.invited`, checked by the caller). A
 * member joining again changes nothing.
 */
export async function joinConversation({ db, effects }: Deps, convId: string, actor: Actor, password: string | undefined, link?: { invited: true }): Promise<Access> {
  const { userId } = actor;
  const access = await loadAccess(db, convId, actor);
  const { conversation } = access;
  if (access.member) {
    authorize(access, actor, 'join');
    return access;
  }
  const ban = await loadBan(db, convId, userId);
  const needs = conversationPolicy.joinNeeds(conversation);
  const given = password === undefined || needs !== 'password' ? 'missing' : (await verifyPassword(conversation.passwordHash ?? undefined, password)) ? 'right' : 'wrong';
  const member = await db.transaction(async (trx) => {
    // Counted from `returning` (see endFriendship); a refusal below rolls the use back.
    const invited = needs === 'invitation' && (link?.invited || (await ChannelInvitation.query(trx).delete().where({ conversation_id: convId, user_id: userId }).returning('*')).length > 0);
    authorize(access, { ...actor, ban, proof: needs === 'invitation' ? { invited } : { password: given } }, 'join');
    return addMember(trx, convId, userId);
  });
  await effects.publish({ type: 'membership.added', convId, userId });
  return { conversation, member };
}

/** Adds a member (role member); an existing membership stays as it is. */
export async function addMember(db: Db, convId: string, userId: string): Promise<ConversationMember> {
  await ConversationMember.query(db).insert({ conversationId: convId, userId, role: 'member' }).onConflict(['conversation_id', 'user_id']).ignore();
  return ConversationMember.query(db).findById([convId, userId]).throwIfNotFound();
}
