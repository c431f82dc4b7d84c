/** Who may see and act on a conversation: the checks every conversation route starts with. */
import { Conversation, ConversationMember, type Db, type MemberRole } from '@volley/core';
import { apiError } from '../errors.js';

export interface Access {
  conversation: Conversation;
  /** The actor's membership; undefined for a non-member looking at a listed channel. */
  member: ConversationMember | undefined;
}

/** Public and password channels are listed in the directory: anyone may know they exist. */
export const isListed = (c: Conversation): boolean => c.kind === 'channel' && c.access !== 'private';

/**
 * The conversation and the actor's membership; 404 for a DM the actor is not in. A private
 * channel is not hidden: an invitation or a join request starts from its id.
 * `forUpdate` locks both rows until the transaction ends.
 */
export async function accessTo(db: Db, convId: string, userId: string, forUpdate = false): Promise<Access> {
  const conversation = await Conversation.query(db).findById(convId).modify((q) => {
    if (forUpdate) q.forUpdate();
  });
  if (!conversation) throw apiError('not_found');
  const member = await ConversationMember.query(db).findById([convId, userId]).modify((q) => {
    if (forUpdate) q.forUpdate();
  });
  if (!member && conversation.kind === 'dm') throw apiError('not_found');
  return { conversation, member };
}

/** The actor's membership, when it has one of these roles (any role when none is given). */
export function requireRole(access: Access, ...roles: MemberRole[]): ConversationMember {
  const { member } = access;
  if (!member || (roles.length > 0 && !roles.includes(member.role))) throw apiError('forbidden');
  return member;
}

/** Settings, roles and moderation exist in channels only: the world and DMs have no owner. */
export function requireChannel(access: Access): void {
  if (access.conversation.kind !== 'channel') throw apiError('forbidden', { message: 'Only channels have this.' });
}

/** A channel and the actor's membership with one of these roles: where settings, roles and moderation start. */
export async function channelActor(
  db: Db,
  convId: string,
  userId: string,
  roles: MemberRole[],
  forUpdate = false,
): Promise<{ conversation: Conversation; member: ConversationMember }> {
  const access = await accessTo(db, convId, userId, forUpdate);
  requireChannel(access);
  return { conversation: access.conversation, member: requireRole(access, ...roles) };
}
