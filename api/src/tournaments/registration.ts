/**
 * Creating a tournament and its registration: joining, leaving, invitations and the owner's early
 * start. Each change runs under the tournament's row lock, so the count of players, the start
 * once full and a withdrawal never race (docs/architecture.md §9).
 */
import { blockedEitherWay, Conversation, ConversationMember, conversationPolicy, Tournament, TournamentPlayer, User, type Db } from '@volley/core';
import { newId, type CreateTournamentBody } from '@volley/shared';
import type { RouteDeps } from '../context.js';
import { apiError } from '../errors.js';
import { loadBan } from '../services/conversation-access.js';
import { step } from './clock.js';
import { cancelTournament, lockTournament, nothingTold, settleTournament, startTournament, type Told } from './progress.js';

type Deps = Pick<RouteDeps, 'db' | 'effects'>;

/** A new tournament, open for registration, and its conversation (a private channel the owner owns). */
export async function createTournament(db: Db, ownerId: string, input: CreateTournamentBody): Promise<Tournament> {
  return await db.transaction(async (trx) => {
    const conversation = await Conversation.query(trx).insert({ id: newId(), kind: 'channel', tournament: true, name: input.name, access: 'private', topic: `Tournament: ${input.name}`, ownerId }).returning('*');
    await ConversationMember.query(trx).insert({ conversationId: conversation.id, userId: ownerId, role: 'owner' });
    return await Tournament.query(trx)
      .insert({
        id: newId(),
        name: input.name,
        ownerId,
        format: input.format,
        size: input.size,
        settings: input.settings,
        inviteOnly: input.inviteOnly,
        registrationEndsAt: input.registrationEndsAt ? new Date(input.registrationEndsAt) : null,
        noShowMs: input.noShowSeconds * 1000,
        status: 'registration',
        conversationId: conversation.id,
      })
      .returning('*');
  });
}

/** Whether the user may see the tournament at all: not blocked either way by its owner; invite-only ones to the invited, players and owner. */
export async function maySee(db: Db, t: Tournament, userId: string): Promise<boolean> {
  if (t.ownerId === userId) return true;
  if (await blockedEitherWay(db, t.ownerId, userId)) return false;
  if (!t.inviteOnly) return true;
  // One after another: `db` may be a transaction, one connection.
  if ((await db('tournament_invites').where({ tournament_id: t.id, user_id: userId }).first()) !== undefined) return true;
  return (await TournamentPlayer.query(db).findById([t.id, userId])) !== undefined;
}

/** The tournament as the user may see it, locked when `trx` is a transaction; 404 otherwise. */
async function visible(trx: Db, id: string, userId: string): Promise<Tournament> {
  const t = await lockTournament(trx, id);
  if (!t || !(await maySee(trx, t, userId))) throw apiError('not_found', { message: 'No such tournament.' });
  return t;
}

/**
 * Registers the user: while registration is open, with a place left, invited when invite-only,
 * not banned from the tournament's conversation, and blocked either way by no registered player
 * (they could be paired). A player registered already stays registered. The last place starts a
 * tournament that starts once full. The owner is told of each player who registers.
 */
export async function register(deps: Deps, id: string, userId: string): Promise<void> {
  await step(deps, async (trx) => {
    const told = nothingTold();
    const t = await visible(trx, id, userId);
    if (await TournamentPlayer.query(trx).findById([t.id, userId])) return told;
    if (t.status !== 'registration') throw apiError('tournament_closed');
    if (t.inviteOnly && t.ownerId !== userId && !(await trx('tournament_invites').where({ tournament_id: t.id, user_id: userId }).first())) {
      throw apiError('forbidden', { message: 'This tournament is by invitation only.' });
    }
    if (t.conversationId && conversationPolicy.banInForce(await loadBan(trx, t.conversationId, userId))) throw apiError('banned', { message: 'You are banned from this tournament.' });
    const players = await TournamentPlayer.query(trx).where('tournament_id', t.id);
    const ids = players.map((p) => p.userId);
    const blocked = ids.length > 0 && (await trx('blocks').where((q) => q.where('blocker_id', userId).whereIn('blocked_id', ids)).orWhere((q) => q.where('blocked_id', userId).whereIn('blocker_id', ids)).first());
    if (blocked) throw apiError('blocked', { message: 'You and a registered player blocked each other.' });
    if (players.length >= t.size) throw apiError('tournament_full');
    await TournamentPlayer.query(trx).insert({ tournamentId: t.id, userId });
    told.changed.add(t.id);
    if (t.ownerId !== userId) {
      const player = (await User.query(trx).findById(userId).throwIfNotFound()).toPublic();
      told.notifications.push([t.ownerId, { kind: 'tournament_registration', tournament: { id: t.id, name: t.name }, player, players: players.length + 1, size: t.size }]);
    }
    if (t.conversationId) await joinConversation(trx, t.conversationId, userId, told);
    if (players.length + 1 === t.size && t.registrationEndsAt === null) await startTournament(trx, t, told);
    return told;
  });
}

/** Withdraws the user before the start; they leave its conversation too (the owner stays its owner). */
export async function withdraw(deps: Deps, id: string, userId: string): Promise<void> {
  await step(deps, async (trx) => {
    const told = nothingTold();
    const t = await visible(trx, id, userId);
    if (t.status !== 'registration') throw apiError('tournament_closed', { message: 'The tournament has started: a player no longer withdraws.' });
    const removed = await TournamentPlayer.query(trx).delete().where({ tournament_id: t.id, user_id: userId }).returning('*');
    if (removed.length > 0) told.changed.add(t.id);
    if (removed.length > 0 && t.conversationId && t.ownerId !== userId) {
      await ConversationMember.query(trx).delete().where({ conversation_id: t.conversationId, user_id: userId });
      told.events.push({ type: 'membership.removed', convId: t.conversationId, userId, reason: 'left' });
    }
    return told;
  });
}

/**
 * A closed account's tournaments go on without it (docs/architecture.md §9): it is withdrawn from
 * those still registering, and its matches in those running are forfeited at once (progress.ts).
 * One it owns that has not started is cancelled: nobody is left to start it early or invite to it,
 * and its players learn it now rather than at a start that may never come. Once running, a
 * tournament needs no owner: it runs to its end as before.
 */
export async function closedInTournaments(deps: Deps, userId: string): Promise<void> {
  const ids = (await deps.db('tournaments')
    .whereIn('status', ['registration', 'running'])
    .where((q) => q.where('owner_id', userId).orWhereIn('id', deps.db('tournament_players').where('user_id', userId).select('tournament_id')))
    .pluck('id')) as string[];
  for (const id of ids) {
    await step(deps, async (trx) => {
      const t = await lockTournament(trx, id);
      if (t?.status === 'running') return settleTournament(trx, id);
      const told = nothingTold();
      if (t?.status !== 'registration') return told;
      if (t.ownerId === userId) await cancelTournament(trx, t, told, 'its owner left Volley');
      else if ((await TournamentPlayer.query(trx).delete().where({ tournament_id: t.id, user_id: userId })) > 0) told.changed.add(t.id);
      return told;
    });
  }
}

/** The owner lets a user register for an invite-only tournament (and see it); the user is told once. */
export async function invite(deps: Deps, id: string, ownerId: string, userId: string): Promise<void> {
  const told = await deps.db.transaction(async (trx) => {
    const t = await visible(trx, id, ownerId);
    if (t.ownerId !== ownerId) throw apiError('forbidden', { message: 'Only the owner invites.' });
    if (!(await User.query(trx).findById(userId)) || (await blockedEitherWay(trx, ownerId, userId))) throw apiError('not_found', { message: 'No such user.' });
    const added = await trx('tournament_invites').insert({ tournament_id: t.id, user_id: userId }).onConflict(['tournament_id', 'user_id']).ignore().returning('user_id');
    return added.length > 0 ? { tournament: { id: t.id, name: t.name }, by: (await User.query(trx).findById(ownerId))!.toPublic() } : null;
  });
  if (told) await deps.effects.notify(userId, { kind: 'tournament_invite', ...told });
}

/** The owner starts the tournament before its window ends or it is full, with at least two players. */
export async function startNow(deps: Deps, id: string, ownerId: string): Promise<void> {
  await step(deps, async (trx) => {
    const told = nothingTold();
    const t = await visible(trx, id, ownerId);
    if (t.ownerId !== ownerId) throw apiError('forbidden', { message: 'Only the owner starts the tournament.' });
    if (t.status !== 'registration') throw apiError('tournament_closed', { message: 'The tournament has started already.' });
    const players = await TournamentPlayer.query(trx).where('tournament_id', t.id).resultSize();
    if (players < 2) throw apiError('too_few_players');
    await startTournament(trx, t, told);
    return told;
  });
}

async function joinConversation(trx: Db, convId: string, userId: string, told: Told): Promise<void> {
  const added: unknown[] = await trx('conversation_members').insert({ conversation_id: convId, user_id: userId, role: 'member' }).onConflict(['conversation_id', 'user_id']).ignore().returning('user_id');
  if (added.length > 0) told.events.push({ type: 'membership.added', convId, userId });
}
