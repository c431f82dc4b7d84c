import { Router } from '@koa/router';
import { User } from '@volley/core';
import type { AppState, AuthedContext, RouteDeps } from '../../context.js';
import { apiError } from '../../errors.js';
import { auth } from '../../middleware/auth.js';
import { leaderboard } from '../../services/game-ranking.js';

export function leaderboardRoutes({ db, credentials }: RouteDeps): Router<AppState> {
  const router = new Router<AppState>();

  /** The top 100 players and the viewer's own line. */
  router.get('/leaderboard', auth(credentials), async (ctx: AuthedContext) => {
    const me = await User.query(db).findById(ctx.state.user.userId).select('id', 'username', 'display_name', 'rating');
    if (!me) throw apiError('unauthenticated');
    ctx.body = await leaderboard(db, me);
  });

  return router;
}
