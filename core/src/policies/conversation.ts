/**
 * Who may see, read, write, join and run a conversation (docs/architecture.md §3, "Who may do
 * what"): the one rule the HTTP api and the sync server apply. Pure: the caller loads the facts
 * (membership, ban, block, proof of a join) and says how a refusal is told on its wire. The
 * actor's token scope is part of every decision: a token that does not reach the conversation is
 * refused before anything else is asked.
 */
import type { ChannelAccess, ConversationKind, Role, TokenScope } from '@volley/shared';
import { can as scopeAllows } from './scope.js';

export interface ConversationSubject {
  id: string;
  kind: ConversationKind;
  /** A channel's; null for the world and DMs. */
  access: ChannelAccess | null;
  /** A tournament's room: known to its members only (the tournament's own rule lets people in). */
  tournament?: boolean;
}

export interface ConversationActor {
  userId: string;
  /** The token's reach (scope.ts); null for a person's access token, which may do all its user may. */
  scope: TokenScope | null;
  /** The actor's membership; undefined when they are not a member. */
  member: { role: Role; mutedUntil: Date | null } | undefined;
  /** Their ban from the conversation, if there is a row (whether or not it is still in force); until null: for good. */
  ban?: { until: Date | null } | undefined;
  /** In a DM: either of the two blocked the other. */
  blockedPeer?: boolean;
  /** Joining: what the actor brought for the proof `joinNeeds` names. */
  proof?: { password: 'right' | 'wrong' | 'missing' } | { invited: boolean };
}

/** Who the actor acts on (a moderation, a role, an invitation): undefined `role` for someone who is not a member. */
export interface ConversationTarget {
  userId: string;
  role: Role | undefined;
  /** Either of actor and target blocked the other. */
  blocked?: boolean;
  /** Their ban from the conversation, if there is a row. */
  ban?: { until: Date | null } | undefined;
}

export type ConversationAction =
  /** Know it, its name and its topic: members, and anyone for a listed channel. */
  | 'see'
  /** Its members, history and search, its rooms. */
  | 'read'
  /** Outbox ops that add words (send, edit, an invitation to play) or a reaction, and deleting one's own words. */
  | 'send'
  | 'edit'
  | 'react'
  | 'delete'
  | 'join'
  | 'ask_to_join'
  | 'leave'
  /** Rename, topic, password, roles, handing the channel over: the owner's. */
  | 'configure'
  /** Join requests and invitations: the owner's and admins' to read; with a target, adding them as a member (unless banned). */
  | 'admit'
  /** Kick, ban, mute and lifting them: the owner's and admins', on a target. */
  | 'moderate'
  /** Make the target an admin or a member again: the owner's, never on the owner. */
  | 'set_role'
  /** Invite the target into the channel: who admits, unless either blocked the other. */
  | 'invite'
  /** Pin messages and choose the accent colour: a DM's members (unless blocked), a channel's owner and admins. */
  | 'curate';

export type ConversationRefusal =
  /** The token does not reach the conversation, or is read-only and the action writes. */
  | { reason: 'token_scope' }
  /** The actor may not learn that it exists: a DM they are not in, an unlisted channel to `see`. */
  | { reason: 'hidden' }
  | { reason: 'not_member' }
  | { reason: 'banned'; until: Date | null }
  | { reason: 'muted'; until: Date }
  /** Between DM peers, or between the actor and the target. */
  | { reason: 'blocked' }
  /** Settings, roles, moderation and joining exist in channels only: the world and DMs have no owner. */
  | { reason: 'not_channel' }
  /** A member without the role the action needs. */
  | { reason: 'role' }
  | { reason: 'self' }
  /** The target is the owner, or an admin and the actor is not the owner. */
  | { reason: 'outranked' }
  | { reason: 'already_member' }
  /** Adding someone banned from the channel. */
  | { reason: 'target_banned' }
  /** Asking to join a channel anyone may join directly. */
  | { reason: 'open' }
  | { reason: 'wrong_password'; missing: boolean }
  | { reason: 'invitation_needed' }
  /** The owner leaves only once someone else owns the channel. */
  | { reason: 'owner_leaving' };

const MANAGERS: ReadonlySet<Role> = new Set(['owner', 'admin']);
const WORDS: ReadonlySet<ConversationAction> = new Set(['send', 'edit', 'react', 'delete']);
/** A mute silences: no new words. Reacting and deleting one's own message add none. */
const SILENCED_WHEN_MUTED: ReadonlySet<ConversationAction> = new Set(['send', 'edit']);
/** Deleting one's own words is allowed even in a blocked DM. */
const REFUSED_WHEN_BLOCKED: ReadonlySet<ConversationAction> = new Set(['send', 'edit', 'react']);

/**
 * Every channel people made is listed in the directory, private ones too (their name and topic
 * only): a private channel is found, then asked to join or joined by an invitation. A tournament's
 * room is not: its tournament is the way in.
 */
export const isListed = (c: ConversationSubject): boolean => c.kind === 'channel' && !c.tournament;

/** What joining the channel asks for: nothing (public), its password, or an invitation (private). */
export const joinNeeds = (c: ConversationSubject): 'nothing' | 'password' | 'invitation' =>
  c.access === 'password' ? 'password' : c.access === 'private' ? 'invitation' : 'nothing';

/** The ban, while it is in force. */
export const banInForce = (ban: { until: Date | null } | undefined, now = new Date()): { until: Date | null } | undefined =>
  ban && (ban.until === null || new Date(ban.until) > now) ? { until: ban.until && new Date(ban.until) } : undefined;

/** Until when the member is muted, if they are now. */
export const mutedUntil = (member: { mutedUntil: Date | null } | undefined, now = new Date()): Date | undefined =>
  member?.mutedUntil && new Date(member.mutedUntil) > now ? new Date(member.mutedUntil) : undefined;

/**
 * Whether the actor's token reaches the conversation for `action` (scope.ts): reading to see or
 * read it, or to admit without a target (the join requests' list), writing for the rest. The
 * first question `refusal` asks; asked alone only where a decision is taken without the policy's
 * facts (a plain send the database records: send-message.ts).
 */
export const tokenReaches = (actor: Pick<ConversationActor, 'scope'>, action: ConversationAction, convId: string, target?: ConversationTarget): boolean =>
  scopeAllows(actor, action === 'see' || action === 'read' || (action === 'admit' && !target) ? 'read' : 'write', { conversation: convId });

/** Why the actor may not do `action` in the conversation now, or null when they may. */
export function refusal(actor: ConversationActor, action: ConversationAction, c: ConversationSubject, target?: ConversationTarget, now = new Date()): ConversationRefusal | null {
  if (!tokenReaches(actor, action, c.id, target)) return { reason: 'token_scope' };
  const { member } = actor;
  if (!member && (c.kind === 'dm' || (action === 'see' && !isListed(c)))) return { reason: 'hidden' };
  if (action === 'see') return null;
  if (action === 'read') return member ? null : { reason: 'not_member' };
  if (WORDS.has(action)) return wordsRefusal(actor, action, c, now);
  if (action === 'curate' && c.kind === 'dm') return wordsRefusal(actor, 'react', c, now);
  if (c.kind !== 'channel') return { reason: 'not_channel' };
  const ban = banInForce(actor.ban, now);
  switch (action) {
    case 'join':
      if (member) return null;
      if (ban) return { reason: 'banned', until: ban.until };
      return proofRefusal(actor, c);
    case 'ask_to_join':
      if (member) return { reason: 'already_member' };
      if (c.access !== 'private') return { reason: 'open' };
      return ban ? { reason: 'banned', until: ban.until } : null;
    case 'leave':
      if (!member) return { reason: 'not_member' };
      return member.role === 'owner' ? { reason: 'owner_leaving' } : null;
    case 'configure':
      return roleRefusal(actor, 'owner');
    case 'admit':
      return roleRefusal(actor, 'manager') ?? (banInForce(target?.ban, now) ? { reason: 'target_banned' } : null);
    case 'set_role':
      return roleRefusal(actor, 'owner') ?? (target?.role === 'owner' ? { reason: 'outranked' } : null);
    case 'invite':
      return roleRefusal(actor, 'manager') ?? (target?.blocked ? { reason: 'blocked' } : null);
    case 'moderate':
      return roleRefusal(actor, 'manager') ?? moderationRefusal(member!.role, actor.userId, target);
    case 'curate':
      return roleRefusal(actor, 'manager');
  }
  return null;
}

export const can = (actor: ConversationActor, action: ConversationAction, c: ConversationSubject, target?: ConversationTarget, now = new Date()): boolean =>
  refusal(actor, action, c, target, now) === null;

function wordsRefusal({ member, ban, blockedPeer }: ConversationActor, action: ConversationAction, c: ConversationSubject, now: Date): ConversationRefusal | null {
  if (!member) {
    // A banned user is no member; they are told why, and until when.
    const inForce = banInForce(ban, now);
    return inForce ? { reason: 'banned', until: inForce.until } : { reason: 'not_member' };
  }
  if (c.kind === 'dm' && blockedPeer && REFUSED_WHEN_BLOCKED.has(action)) return { reason: 'blocked' };
  const until = mutedUntil(member, now);
  return until && SILENCED_WHEN_MUTED.has(action) ? { reason: 'muted', until } : null;
}

function proofRefusal({ proof }: ConversationActor, c: ConversationSubject): ConversationRefusal | null {
  const needs = joinNeeds(c);
  if (needs === 'password') {
    const given = proof && 'password' in proof ? proof.password : 'missing';
    return given === 'right' ? null : { reason: 'wrong_password', missing: given === 'missing' };
  }
  if (needs === 'invitation') return proof && 'invited' in proof && proof.invited ? null : { reason: 'invitation_needed' };
  return null;
}

function roleRefusal({ member }: ConversationActor, needs: 'owner' | 'manager'): ConversationRefusal | null {
  if (!member) return { reason: 'not_member' };
  return (needs === 'owner' ? member.role === 'owner' : MANAGERS.has(member.role)) ? null : { reason: 'role' };
}

/**
 * Nobody acts on themselves or on the owner, and only the owner acts on an admin. A target who
 * is not a member may be banned ahead of time.
 */
function moderationRefusal(actorRole: Role, actorId: string, target: ConversationTarget | undefined): ConversationRefusal | null {
  if (!target) return null;
  if (target.userId === actorId) return { reason: 'self' };
  if (target.role === 'owner' || (target.role === 'admin' && actorRole !== 'owner')) return { reason: 'outranked' };
  return null;
}
