import type { Router } from '@koa/router';
import { Block, blockedEitherWay, Game, User } from '@volley/core';
import type { MatchHistoryPage } from '@volley/shared';
import type { AppState, AuthedContext, RouteDeps } from '../../context.js';
import { apiError } from '../../errors.js';
import { auth } from '../../middleware/auth.js';
import { newRouter } from '../routes-declared.js';
import { conversationOfRow, touches } from '../../middleware/touches.js';
import { validate } from '../../middleware/validate.js';
import { encodeCursor } from '../../pagination.js';
import { acceptInvitation, declineInvitation } from '../../services/answer-invitation.js';
import { authorizeGame } from '../../services/game-access.js';
import { gameStats } from '../../services/game-ranking.js';
import { gameView, matchesOf, matchView, type MatchRow } from '../../services/game-views.js';
import { ByIdReq, MatchHistoryReq } from './schema.js';

export function gameRoutes(deps: RouteDeps): Router<AppState> {
  const { db, credentials } = deps;
  const router = newRouter<AppState>();
  const authed = auth(credentials);
  /** A user as the viewer may see them: one who blocked the viewer does not exist for them (as their profile). */
  const visibleUser = async (id: string, viewerId: string) => {
    const user = await User.query(db).findById(id);
    if (!user || (await Block.query(db).findById([user.id, viewerId]))) throw apiError('not_found', { message: 'No such user.' });
    return user;
  };

  router.post('/games/:id/accept', authed, validate(ByIdReq), conversationOfRow(db, 'games', { param: 'id' }), async (ctx: AuthedContext<ByIdReq>) => {
    ctx.body = await acceptInvitation(deps, ctx.state.actor, ctx.state.input.params.id);
  });

  router.post('/games/:id/decline', authed, validate(ByIdReq), conversationOfRow(db, 'games', { param: 'id' }), async (ctx: AuthedContext<ByIdReq>) => {
    await declineInvitation(deps, ctx.state.actor, ctx.state.input.params.id);
    ctx.status = 204;
  });

  /** Any signed-in user may watch, unless blocked either way by a player. */
  router.get('/games/:id', authed, validate(ByIdReq), conversationOfRow(db, 'games', { param: 'id' }), async (ctx: AuthedContext<ByIdReq>) => {
    const game = await Game.query(db).findById(ctx.state.input.params.id);
    if (!game) throw apiError('not_found', { message: 'No such game.' });
    await authorizeGame(db, ctx.state.actor, 'watch', game, 'No such game.');
    ctx.body = await gameView(db, game);
  });

  router.get('/users/:id/matches', authed, touches.account, validate(MatchHistoryReq), async (ctx: AuthedContext<MatchHistoryReq>) => {
    const user = await visibleUser(ctx.state.input.params.id, ctx.state.user.userId);
    const { cursor, limit } = ctx.state.input.query;
    const query = matchesOf(db, user.id).orderBy('m.id', 'desc').limit(limit + 1);
    const rows = (await (cursor === undefined ? query : query.where('m.id', '<', cursor))) as MatchRow[];
    const items = rows.slice(0, limit);
    const body: MatchHistoryPage = { items: items.map((row) => matchView(row, user.id)), nextCursor: rows.length > limit ? encodeCursor(items.at(-1)!.id) : null };
    ctx.body = body;
  });

  router.get('/users/:id/game-stats', authed, touches.account, validate(ByIdReq), async (ctx: AuthedContext<ByIdReq>) => {
    const user = await visibleUser(ctx.state.input.params.id, ctx.state.user.userId);
    // The game to watch is offered only where watching is allowed.
    const showLiveGame = !(await blockedEitherWay(db, ctx.state.user.userId, user.id));
    ctx.body = await gameStats(db, user, { showLiveGame });
  });

  return router;
}
