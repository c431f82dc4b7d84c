/** Kick, ban and mute in channels, and lifting bans and mutes. */
import { ChannelInvitation, ConversationBan, ConversationMember, User, type Db } from '@volley/core';
import type { RouteDeps } from '../context.js';
import { apiError } from '../errors.js';
import { channelActor } from './conversation-access.js';
import { audit } from './site-admin.js';

type Deps = Pick<RouteDeps, 'db' | 'effects'>;

export type Sanction = { kind: 'kick' } | { kind: 'ban'; minutes: number | null; reason: string } | { kind: 'mute'; minutes: number };

/**
 * Admins and the owner moderate; nobody acts on themselves or on the owner, and only the owner
 * acts on an admin. `target` is undefined for someone who is not a member (a ban ahead of time).
 */
export function mayModerate(actor: ConversationMember, target: Pick<ConversationMember, 'userId' | 'role'> | undefined): boolean {
  if (actor.role === 'member' || actor.userId === target?.userId) return false;
  if (!target || target.role === 'member') return true;
  return target.role === 'admin' && actor.role === 'owner';
}

/** The actor (an admin or the owner) and the target's membership, locked, once the rule allows it. */
async function authorize(db: Db, convId: string, actorId: string, targetId: string) {
  const { conversation, member: actor } = await channelActor(db, convId, actorId, ['owner', 'admin'], true);
  if (actorId === targetId) throw apiError('forbidden', { message: 'You cannot do that to yourself.' });
  const target = await ConversationMember.query(db).findById([convId, targetId]).forUpdate();
  if (!mayModerate(actor, target)) throw apiError('forbidden');
  return { conversation, target };
}

const minutesFromNow = (minutes: number): Date => new Date(Date.now() + minutes * 60_000);

/**
 * Applies a sanction. A kick or ban removes the membership; the sync servers close the user's
 * sockets on `membership.removed`, and the user is told in their notifications.
 */
export async function moderate({ db, effects }: Deps, convId: string, actorId: string, targetId: string, sanction: Sanction, address: string | null = null): Promise<void> {
  const { conversation, wasMember, until } = await db.transaction(async (trx) => {
    const { conversation, target } = await authorize(trx, convId, actorId, targetId);
    if (!target && sanction.kind !== 'ban') throw apiError('not_found', { message: 'This user is not a member.' });
    if (!target && !(await User.query(trx).findById(targetId))) throw apiError('not_found', { message: 'No such user.' });
    const detail = sanction.kind === 'kick' ? {} : sanction.kind === 'mute' ? { minutes: sanction.minutes } : { minutes: sanction.minutes, reason: sanction.reason };
    await audit(trx, { userId: actorId, address }, { action: `channel.${sanction.kind}`, targetUserId: targetId, conversationId: convId, detail });
    if (sanction.kind === 'mute') {
      await ConversationMember.query(trx).findById([convId, targetId]).patch({ mutedUntil: minutesFromNow(sanction.minutes) });
      return { conversation, wasMember: true, until: null };
    }
    const until = sanction.kind === 'ban' && sanction.minutes !== null ? minutesFromNow(sanction.minutes) : null;
    if (sanction.kind === 'ban') {
      const ban = { conversationId: convId, userId: targetId, byUserId: actorId, until, reason: sanction.reason };
      await ConversationBan.query(trx).insert(ban).onConflict(['conversation_id', 'user_id']).merge();
      await ChannelInvitation.query(trx).deleteById([convId, targetId]);
    }
    await ConversationMember.query(trx).deleteById([convId, targetId]);
    return { conversation, wasMember: target !== undefined, until };
  });
  if (sanction.kind === 'mute') return;
  const reason = sanction.kind === 'kick' ? 'kicked' : 'banned';
  if (wasMember) await effects.publish({ type: 'membership.removed', convId, userId: targetId, reason });
  const by = (await User.query(db).findById(actorId).throwIfNotFound()).toPublic();
  const ref = { id: conversation.id, name: conversation.name };
  await effects.notify(targetId, reason === 'kicked' ? { kind: 'kicked', conversation: ref, by } : { kind: 'banned', conversation: ref, by, until: until?.toISOString() ?? null });
}

/** Lifts a ban or a mute (idempotent); the same rule as imposing it. */
export async function lift(db: Db, convId: string, actorId: string, targetId: string, what: 'ban' | 'mute', address: string | null = null): Promise<void> {
  await db.transaction(async (trx) => {
    const { target } = await authorize(trx, convId, actorId, targetId);
    if (!target && what === 'mute') throw apiError('not_found', { message: 'This user is not a member.' });
    // Before the audit line, which names the user: no such user is a 404, not a broken foreign key.
    if (!target && !(await User.query(trx).findById(targetId))) throw apiError('not_found', { message: 'No such user.' });
    await audit(trx, { userId: actorId, address }, { action: `channel.un${what}`, targetUserId: targetId, conversationId: convId });
    if (what === 'ban') await ConversationBan.query(trx).deleteById([convId, targetId]);
    else await ConversationMember.query(trx).findById([convId, targetId]).patch({ mutedUntil: null });
  });
}
