import { Router } from '@koa/router';
import { User } from '@volley/core';
import type { MeResponse } from '@volley/shared';
import type { ApiDeps, AppState, AuthedContext } from '../../context.js';
import { auth, bearerRefused } from '../../middleware/auth.js';

export function meRoutes({ db, tokens }: ApiDeps): Router<AppState> {
  const router = new Router<AppState>();

  router.get('/me', auth(tokens), async (ctx: AuthedContext) => {
    const user = await User.query(db).findById(ctx.state.user.userId);
    // A valid token for an account that no longer exists.
    if (!user) throw bearerRefused('unauthenticated');
    const body: MeResponse = { user: { ...user.toPublic(), email: user.email } };
    ctx.body = body;
  });

  return router;
}
