/**
 * Who may act in a conversation now, for every outbox op: the facts are loaded here, the rule is
 * core/src/policies/conversation.ts, and a refusal is told here as the op's rejection. The actor
 * is the op's author with the scope of the token that wrote it (op-writers.ts).
 */
import { blockedEitherWay, ConversationBan, conversationPolicy, type Db } from '@volley/core';
import type { OutboxOp, RejectReason } from '@volley/shared';
import type { Membership } from '../rooms/membership.js';

/** The author and the token the op came through: what the policy weighs besides the facts loaded here. */
export type OpActor = Pick<conversationPolicy.ConversationActor, 'userId' | 'scope'>;

export type Refusal = { kind: 'rejected'; reason: RejectReason; detail?: string };

/** What the ops do to a conversation: an invitation to play is sent like a message; pins and the accent curate it. */
export type WordAction = Extract<conversationPolicy.ConversationAction, 'send' | 'edit' | 'react' | 'delete' | 'curate'>;

/** What each op does, as the policy names it. */
export const ACTIONS: { [K in OutboxOp['op']]: WordAction } = { send: 'send', invite: 'send', edit: 'edit', react: 'react', delete: 'delete', pin: 'curate', accent: 'curate' };

/** Why the actor may not do `action` in the conversation now, if they may not (`db` may be a transaction). */
export async function refusal(db: Db, { conversation, member }: Membership, actor: OpActor, action: WordAction): Promise<Refusal | null> {
  const { userId } = actor;
  const ban = member ? undefined : await ConversationBan.query(db).findById([conversation.id, userId]);
  const peer = member && conversation.kind === 'dm' && conversation.dmKey ? (conversation.dmKey.split(':').find((id) => id !== userId) ?? userId) : undefined;
  const blockedPeer = peer !== undefined && (await blockedEitherWay(db, userId, peer));
  const refused = conversationPolicy.refusal({ ...actor, member, ban, blockedPeer }, action, conversation);
  return refused && rejection(refused);
}

/** A refusal as the outbox tells it: a ban with until when (empty: for good), a mute with until when. */
export function rejection(refused: conversationPolicy.ConversationRefusal): Refusal {
  switch (refused.reason) {
    case 'hidden':
    case 'not_member':
      return { kind: 'rejected', reason: 'not_member' };
    case 'banned':
      return { kind: 'rejected', reason: 'banned', detail: refused.until?.toISOString() ?? '' };
    case 'muted':
      return { kind: 'rejected', reason: 'muted', detail: refused.until.toISOString() };
    case 'blocked':
      return { kind: 'rejected', reason: 'blocked' };
    case 'token_scope':
      return { kind: 'rejected', reason: 'token_scope' };
    default:
      return { kind: 'rejected', reason: 'forbidden' };
  }
}
