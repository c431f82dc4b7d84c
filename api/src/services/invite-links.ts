/**
 * A private channel's invite link: any member copies it, an admin revokes it, anyone holding it
 * joins by it as by an invitation, unless banned from the channel or blocked either way with
 * whoever made the link. The token is 32 random bytes: the link is as hard to guess as a session.
 */
import { randomBytes } from 'node:crypto';
import { type Actor, blockedEitherWay, ChannelInviteLink, Conversation } from '@volley/core';
import type { RouteDeps } from '../context.js';
import { apiError } from '../errors.js';
import { accessFor, memberFor, type Access } from './conversation-access.js';
import { joinConversation } from './join-conversation.js';
import { uniqueViolation } from './unique-violation.js';

type Deps = Pick<RouteDeps, 'db' | 'effects'>;

const newToken = (): string => randomBytes(32).toString('base64url');

/** The link in force for the channel, made now if there is none; for its members. */
export async function inviteLinkOf({ db }: Pick<Deps, 'db'>, convId: string, actor: Actor): Promise<ChannelInviteLink> {
  const { conversation } = await memberFor(db, convId, actor, 'read');
  // A public channel's own address lets anyone in; a password channel's password is its way in.
  if (conversation.access !== 'private' || conversation.tournament) throw apiError('forbidden', { message: 'Only private channels have an invite link.' });
  const inForce = () => ChannelInviteLink.query(db).where({ conversation_id: convId }).whereNull('revoked_at').first();
  const found = await inForce();
  if (found) return found;
  try {
    return await ChannelInviteLink.query(db).insert({ token: newToken(), conversationId: convId, createdBy: actor.userId }).returning('*');
  } catch (err) {
    // Two members asked at once: the other one's link is the channel's.
    if (!uniqueViolation(err)) throw err;
    const raced = await inForce();
    if (!raced) throw err;
    return raced;
  }
}

/** Ends the link in force (if any): it joins nobody any more. The channel's owner and admins only. */
export async function revokeInviteLink({ db }: Pick<Deps, 'db'>, convId: string, actor: Actor): Promise<void> {
  await accessFor(db, convId, actor, 'admit');
  await ChannelInviteLink.query(db).patch({ revokedAt: new Date() }).where({ conversation_id: convId }).whereNull('revoked_at');
}

/** The channel a link in force leads to; 404 for an unknown or revoked token, alike. */
async function linkInForce({ db }: Pick<Deps, 'db'>, token: string): Promise<{ link: ChannelInviteLink; conversation: Conversation }> {
  const link = await ChannelInviteLink.query(db).findById(token);
  const conversation = link && !link.revokedAt ? await Conversation.query(db).findById(link.conversationId) : undefined;
  if (!link || !conversation) throw apiError('not_found', { message: 'This invite link does not work any more.' });
  return { link, conversation };
}

/** What the link leads to, before joining: the channel's name and topic. */
export async function inviteLinkPreview(deps: Pick<Deps, 'db'>, token: string): Promise<Conversation> {
  return (await linkInForce(deps, token)).conversation;
}

/** Joins the channel the link leads to, as an invitation would let in; a member already in stays. */
export async function joinByInviteLink(deps: Deps, token: string, actor: Actor): Promise<Access> {
  const { link, conversation } = await linkInForce(deps, token);
  if (await blockedEitherWay(deps.db, link.createdBy, actor.userId)) throw apiError('blocked');
  return joinConversation(deps, conversation.id, actor, undefined, { invited: true });
}
