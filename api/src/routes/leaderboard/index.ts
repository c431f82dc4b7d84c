import type { Router } from '@koa/router';
import { newRouter } from '../routes-declared.js';
import { touches } from '../../middleware/touches.js';
import { User } from '@volley/core';
import { LeaderboardQuery } from '@volley/shared';
import type { AppState, AuthedContext, RouteDeps } from '../../context.js';
import { apiError } from '../../errors.js';
import { auth } from '../../middleware/auth.js';
import { validate, type RequestInput } from '../../middleware/validate.js';
import { leaderboard } from '../../services/game-ranking.js';

const LeaderboardReq = { query: LeaderboardQuery };
type LeaderboardReq = RequestInput<typeof LeaderboardReq>;

export function leaderboardRoutes({ db, credentials }: RouteDeps): Router<AppState> {
  const router = newRouter<AppState>();

  /** The top 100 players and the viewer's own line; `?games=tournament` counts tournament games only. */
  router.get('/leaderboard', auth(credentials), touches.account, validate(LeaderboardReq), async (ctx: AuthedContext<LeaderboardReq>) => {
    const me = await User.query(db).findById(ctx.state.user.userId).select('id', 'username', 'display_name', 'rating');
    if (!me) throw apiError('unauthenticated');
    ctx.body = await leaderboard(db, me, ctx.state.input.query.games);
  });

  return router;
}
