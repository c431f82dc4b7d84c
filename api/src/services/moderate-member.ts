/**
 * Kick, ban and mute in channels, and lifting bans and mutes. A ban and a mute are the person's in
 * the conversation (`conversation_bans`, `conversation_mutes`), not their membership's: leaving and
 * joining again ends neither (docs/architecture.md §3, "Who may do what").
 */
import { type Actor, ChannelInvitation, ConversationBan, ConversationMember, ConversationMute, User, type Db } from '@volley/core';
import type { RouteDeps } from '../context.js';
import { apiError } from '../errors.js';
import { authorize, loadAccess } from './conversation-access.js';
import { audit } from './site-admin.js';

type Deps = Pick<RouteDeps, 'db' | 'effects'>;

export type Sanction = { kind: 'kick' } | { kind: 'ban'; minutes: number | null; reason: string } | { kind: 'mute'; minutes: number };

/** The target's membership, locked, once the policy lets the actor (an admin or the owner) act on them. */
async function authorizeOn(db: Db, convId: string, actor: Actor, targetId: string) {
  const access = await loadAccess(db, convId, actor, true);
  authorize(access, actor, 'moderate');
  const target = await ConversationMember.query(db).findById([convId, targetId]).forUpdate();
  authorize(access, actor, 'moderate', { userId: targetId, role: target?.role });
  return { conversation: access.conversation, target };
}

const minutesFromNow = (minutes: number): Date => new Date(Date.now() + minutes * 60_000);

/**
 * Applies a sanction. A kick or ban removes the membership; the sync servers close the user's
 * sockets on `membership.removed`, and the user is told in their notifications.
 */
export async function moderate({ db, effects }: Deps, convId: string, actor: Actor, targetId: string, sanction: Sanction): Promise<void> {
  const { userId: actorId, address } = actor;
  const { conversation, wasMember, until } = await db.transaction(async (trx) => {
    const { conversation, target } = await authorizeOn(trx, convId, actor, targetId);
    if (!target && sanction.kind !== 'ban') throw apiError('not_found', { message: 'This user is not a member.' });
    if (!target && !(await User.query(trx).findById(targetId))) throw apiError('not_found', { message: 'No such user.' });
    const detail = sanction.kind === 'kick' ? {} : sanction.kind === 'mute' ? { minutes: sanction.minutes } : { minutes: sanction.minutes, reason: sanction.reason };
    await audit(trx, { userId: actorId, address }, { action: `channel.${sanction.kind}`, targetUserId: targetId, conversationId: convId, detail });
    if (sanction.kind === 'mute') {
      // The membership's `muted_until` follows by trigger (migration 052), now and at every later join.
      const mute = { conversationId: convId, userId: targetId, byUserId: actorId, until: minutesFromNow(sanction.minutes) };
      await ConversationMute.query(trx).insert(mute).onConflict(['conversation_id', 'user_id']).merge();
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
export async function lift(db: Db, convId: string, actor: Actor, targetId: string, what: 'ban' | 'mute'): Promise<void> {
  const { userId: actorId, address } = actor;
  await db.transaction(async (trx) => {
    const { target } = await authorizeOn(trx, convId, actor, targetId);
    // Before the audit line, which names the user: no such user is a 404, not a broken foreign key.
    if (!target && !(await User.query(trx).findById(targetId))) throw apiError('not_found', { message: 'No such user.' });
    await audit(trx, { userId: actorId, address }, { action: `channel.un${what}`, targetUserId: targetId, conversationId: convId });
    if (what === 'ban') await ConversationBan.query(trx).deleteById([convId, targetId]);
    else await ConversationMute.query(trx).deleteById([convId, targetId]);
  });
}
