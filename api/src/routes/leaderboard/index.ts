import { Router } from '@koa/router';
import type { AppState, AuthedContext, RouteDeps } from '../../context.js';
import { auth } from '../../middleware/auth.js';
import { leaderboard } from '../../services/game-ranking.js';

export function leaderboardRoutes({ db, tokens }: RouteDeps): Router<AppState> {
  const router = new Router<AppState>();

  /** The top 100 players and the viewer's own line. */
  router.get('/leaderboard', auth(tokens), async (ctx: AuthedContext) => {
    ctx.body = await leaderboard(db, ctx.state.user.userId);
  });

  return router;
}
