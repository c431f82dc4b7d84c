import type { Router } from '@koa/router';
import { Block, conversationPolicy, scopePolicy, Tournament, User, type Actor, type Db } from '@volley/core';
import { REGISTRATION_MAX_DAYS, type PlayedTournamentPage, type TournamentPage, fieldProblem } from '@volley/shared';
import type { AppState, AuthedContext, RouteDeps } from '../../context.js';
import { apiError } from '../../errors.js';
import { auth } from '../../middleware/auth.js';
import { newRouter } from '../routes-declared.js';
import { conversationOfRow, touches } from '../../middleware/touches.js';
import { validate } from '../../middleware/validate.js';
import { encodeCursor } from '../../pagination.js';
import { createTournament, invite, maySee, register, startNow, withdraw } from '../../tournaments/registration.js';
import { bracketView, tournamentDetail, tournamentViews } from '../../tournaments/views.js';
import { actorIn, loadAccess, loadBan } from '../../services/conversation-access.js';
import { historyPage } from '../../services/conversation-history.js';
import { CreateTournamentReq, PlayedTournamentsReq, TournamentInviteReq, TournamentListReq, TournamentMessagesReq, TournamentReq } from './schema.js';

type Query = ReturnType<typeof Tournament.query>;

/**
 * What a viewer may list: tournaments open to all, and invite-only ones they own, were invited to
 * or play in; none whose owner and the viewer blocked each other (registration.ts `maySee`, in SQL).
 */
const visibleTo = (db: Db, viewerId: string) => (query: Query) =>
  query
    .where((q) =>
      q
        .where('t.invite_only', false)
        .orWhere('t.owner_id', viewerId)
        .orWhereExists(db('tournament_invites as i').whereRaw('i.tournament_id = t.id').where('i.user_id', viewerId))
        .orWhereExists(db('tournament_players as p').whereRaw('p.tournament_id = t.id').where('p.user_id', viewerId)),
    )
    .whereNotExists(
      db('blocks as b').where((q) => q.where((r) => r.whereRaw('b.blocker_id = t.owner_id').where('b.blocked_id', viewerId)).orWhere((r) => r.where('b.blocker_id', viewerId).whereRaw('b.blocked_id = t.owner_id'))),
    );

/**
 * Registering or withdrawing joins or leaves the tournament's conversation: a bot token must write
 * there (core/src/policies/scope.ts), as on `/conversations/:id/…`. Reading it asks the
 * conversation policy, which weighs the token's scope itself.
 */
function refuseOutOfScope(actor: Actor, t: Tournament): void {
  if (t.conversationId && !scopePolicy.can(actor, 'write', { conversation: t.conversationId })) throw apiError('token_scope');
}

/** Newest first, `limit` per page; the cursor is the last id shown. */
function page<T>(rows: Tournament[], limit: number, view: (rows: Tournament[]) => Promise<T[]>): Promise<{ items: T[]; nextCursor: string | null }> {
  const shown = rows.slice(0, limit);
  return view(shown).then((items) => ({ items, nextCursor: rows.length > limit ? encodeCursor(shown.at(-1)!.id) : null }));
}

export function tournamentRoutes(deps: RouteDeps): Router<AppState> {
  const { db, credentials } = deps;
  const router = newRouter<AppState>();
  const authed = auth(credentials);
  /** The tournament if the viewer may see it; 404 otherwise, as if there were none. */
  const visible = async (id: string, viewerId: string) => {
    const t = await Tournament.query(db).findById(id);
    if (!t || !(await maySee(db, t, viewerId))) throw apiError('not_found', { message: 'No such tournament.' });
    return t;
  };

  router.post('/tournaments', authed, touches.account, validate(CreateTournamentReq), async (ctx: AuthedContext<CreateTournamentReq>) => {
    const { body } = ctx.state.input;
    if (body.registrationEndsAt !== undefined && Date.parse(body.registrationEndsAt) <= Date.now()) throw apiError('validation_failed', { fields: { registrationEndsAt: [fieldProblem('not_future')] } });
    if (body.registrationEndsAt !== undefined && Date.parse(body.registrationEndsAt) > Date.now() + REGISTRATION_MAX_DAYS * 86_400_000) throw apiError('validation_failed', { fields: { registrationEndsAt: [fieldProblem('too_far', REGISTRATION_MAX_DAYS)] } });
    const t = await createTournament(db, ctx.state.user.userId, body);
    ctx.status = 201;
    ctx.body = await tournamentDetail(db, t, ctx.state.user.userId);
  });

  router.get('/tournaments', authed, touches.account, validate(TournamentListReq), async (ctx: AuthedContext<TournamentListReq>) => {
    const me = ctx.state.user.userId;
    const { status, cursor, limit } = ctx.state.input.query;
    const query = Tournament.query(db).alias('t').modify(visibleTo(db, me)).orderBy('t.id', 'desc').limit(limit + 1);
    if (status) query.where('t.status', status);
    if (cursor !== undefined) query.where('t.id', '<', cursor);
    const body: TournamentPage = await page(await query, limit, (rows) => tournamentViews(db, rows, me));
    ctx.body = body;
  });

  router.get('/tournaments/:id', authed, touches.account, validate(TournamentReq), async (ctx: AuthedContext<TournamentReq>) => {
    ctx.body = await tournamentDetail(db, await visible(ctx.state.input.params.id, ctx.state.user.userId), ctx.state.user.userId);
  });

  router.get('/tournaments/:id/bracket', authed, touches.account, validate(TournamentReq), async (ctx: AuthedContext<TournamentReq>) => {
    ctx.body = await bracketView(db, await visible(ctx.state.input.params.id, ctx.state.user.userId));
  });

  /**
   * Its conversation: whoever may read it (its members) reads all of it; anyone else who may see
   * the tournament, a user banned from the conversation too, reads only its system lines, the
   * pairings and results (the players' chat stays theirs).
   */
  router.get('/tournaments/:id/messages', authed, validate(TournamentMessagesReq), conversationOfRow(db, 'tournaments', { param: 'id' }), async (ctx: AuthedContext<TournamentMessagesReq>) => {
    const { userId } = ctx.state.user;
    const t = await visible(ctx.state.input.params.id, userId);
    if (!t.conversationId) return void (ctx.body = { items: [], nextCursor: null });
    const access = await loadAccess(db, t.conversationId, ctx.state.actor);
    const ban = await loadBan(db, t.conversationId, userId);
    const member = conversationPolicy.can(actorIn(access, { ...ctx.state.actor, ban }), 'read', access.conversation);
    ctx.body = await historyPage(db, t.conversationId, ctx.state.input.query, !member);
  });

  router.post('/tournaments/:id/register', authed, touches.account, validate(TournamentReq), async (ctx: AuthedContext<TournamentReq>) => {
    const { id } = ctx.state.input.params;
    refuseOutOfScope(ctx.state.actor, await visible(id, ctx.state.user.userId));
    await register(deps, id, ctx.state.user.userId);
    ctx.body = await tournamentDetail(db, await visible(id, ctx.state.user.userId), ctx.state.user.userId);
  });

  router.post('/tournaments/:id/withdraw', authed, touches.account, validate(TournamentReq), async (ctx: AuthedContext<TournamentReq>) => {
    refuseOutOfScope(ctx.state.actor, await visible(ctx.state.input.params.id, ctx.state.user.userId));
    await withdraw(deps, ctx.state.input.params.id, ctx.state.user.userId);
    ctx.status = 204;
  });

  router.post('/tournaments/:id/invitations', authed, touches.account, validate(TournamentInviteReq), async (ctx: AuthedContext<TournamentInviteReq>) => {
    await invite(deps, ctx.state.input.params.id, ctx.state.user.userId, ctx.state.input.body.userId);
    ctx.status = 204;
  });

  router.post('/tournaments/:id/start', authed, touches.account, validate(TournamentReq), async (ctx: AuthedContext<TournamentReq>) => {
    const { id } = ctx.state.input.params;
    await startNow(deps, id, ctx.state.user.userId);
    ctx.body = await tournamentDetail(db, await visible(id, ctx.state.user.userId), ctx.state.user.userId);
  });

  /** The tournaments a user played (started ones), newest first; hidden, as their matches, from users they blocked. */
  router.get('/users/:id/tournaments', authed, touches.account, validate(PlayedTournamentsReq), async (ctx: AuthedContext<PlayedTournamentsReq>) => {
    const me = ctx.state.user.userId;
    const user = await User.query(db).findById(ctx.state.input.params.id);
    if (!user || (await Block.query(db).findById([user.id, me]))) throw apiError('not_found', { message: 'No such user.' });
    const { cursor, limit } = ctx.state.input.query;
    const query = Tournament.query(db)
      .alias('t')
      .modify(visibleTo(db, me))
      .whereExists(db('tournament_players as tp').whereRaw('tp.tournament_id = t.id').where('tp.user_id', user.id))
      .whereIn('t.status', ['running', 'finished'])
      .orderBy('t.id', 'desc')
      .limit(limit + 1);
    if (cursor !== undefined) query.where('t.id', '<', cursor);
    const body: PlayedTournamentPage = await page(await query, limit, async (rows) => (await tournamentViews(db, rows, me)).map((tournament) => ({ tournament, won: tournament.winner?.id === user.id })));
    ctx.body = body;
  });

  return router;
}
