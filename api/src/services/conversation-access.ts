/**
 * Who may see and act on a conversation, at the api: the facts are loaded here, the rule is
 * core/src/policies/conversation.ts, and a refusal is told here in the api's error shape. Each
 * takes the request's whole actor, so the policy weighs the token's scope with the membership.
 */
import { fieldProblem } from '@volley/shared';
import { type Actor, Conversation, ConversationBan, ConversationMember, conversationPolicy, type Db } from '@volley/core';
import { apiError, type ApiError } from '../errors.js';

type Action = conversationPolicy.ConversationAction;

/** What some actions need known beyond the actor and its membership: a ban, a block between DM peers, a join's proof. */
export type Facts = Pick<conversationPolicy.ConversationActor, 'ban' | 'blockedPeer' | 'proof'>;

export interface Access {
  conversation: Conversation;
  /** The actor's membership; undefined when they are not a member. */
  member: ConversationMember | undefined;
}

/** The conversation and the actor's membership; 404 when there is no such conversation. `forUpdate` locks both rows. */
export async function loadAccess(db: Db, convId: string, actor: Actor, forUpdate = false): Promise<Access> {
  const conversation = await Conversation.query(db).findById(convId).modify((q) => {
    if (forUpdate) q.forUpdate();
  });
  if (!conversation) throw apiError('not_found');
  const member = await ConversationMember.query(db).findById([convId, actor.userId]).modify((q) => {
    if (forUpdate) q.forUpdate();
  });
  return { conversation, member };
}

/** The user's ban from the conversation, if there is a row (the policy says whether it is in force). */
export async function loadBan(db: Db, convId: string, userId: string): Promise<ConversationBan | undefined> {
  return ConversationBan.query(db).findById([convId, userId]);
}

/** Throws what the policy refuses, as the api tells it; `actor` with the facts the action needs beyond the membership. */
export function authorize(access: Access, actor: Actor & Facts, action: Action, target?: conversationPolicy.ConversationTarget): void {
  const refusal = conversationPolicy.refusal(actorIn(access, actor), action, access.conversation, target);
  if (refusal) throw refused(refusal);
}

/** The actor as the conversation policy takes it: its user and token scope, with its membership there and the facts given. */
export const actorIn = (access: Access, { userId, scope, ban, blockedPeer, proof }: Actor & Facts): conversationPolicy.ConversationActor => ({ userId, scope, member: access.member, ban, blockedPeer, proof });

/** The conversation and the actor's membership, once the policy allows the actor `action` there. */
export async function accessFor(db: Db, convId: string, actor: Actor, action: Action, forUpdate = false): Promise<Access> {
  const access = await loadAccess(db, convId, actor, forUpdate);
  authorize(access, actor, action);
  return access;
}

/** The same, for an action only members have: their membership is certain. */
export async function memberFor(db: Db, convId: string, actor: Actor, action: Action, forUpdate = false): Promise<Access & { member: ConversationMember }> {
  const access = await accessFor(db, convId, actor, action, forUpdate);
  return access as Access & { member: ConversationMember };
}

export function refused(refusal: conversationPolicy.ConversationRefusal): ApiError {
  switch (refusal.reason) {
    case 'hidden':
      return apiError('not_found');
    case 'token_scope':
      return apiError('token_scope');
    case 'banned': {
      const { until } = refusal;
      return apiError('banned', {
        message: until ? `You are banned from this channel until ${until.toISOString()}.` : 'You are banned from this channel for good.',
        ...(until && { extra: { until: until.toISOString() } }),
      });
    }
    case 'blocked':
      return apiError('blocked');
    case 'wrong_password':
      return apiError('wrong_password', { fields: { password: [fieldProblem(refusal.missing ? 'required' : 'wrong_password')] } });
    case 'already_member':
      return apiError('already_member', { message: 'You are already a member.' });
    case 'target_banned':
      return apiError('member_banned');
    case 'open':
      return apiError('channel_open');
    case 'owner_leaving':
      return apiError('owner_must_transfer');
    case 'not_channel':
      return apiError('forbidden', { message: 'Only channels have this.' });
    case 'invitation_needed':
      return apiError('invitation_needed');
    case 'self':
      return apiError('forbidden', { message: 'You cannot do that to yourself.' });
    case 'outranked':
      return apiError('forbidden', { message: 'Nobody acts on the owner, and only the owner on an admin.' });
    case 'not_member':
    case 'role':
    case 'muted':
      return apiError('forbidden');
  }
}
