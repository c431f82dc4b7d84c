import type { Router } from '@koa/router';
import type { AppState, AuthedContext, RouteDeps } from '../../context.js';
import { apiError } from '../../errors.js';
import { auth } from '../../middleware/auth.js';
import { newRouter } from '../routes-declared.js';
import { touches } from '../../middleware/touches.js';
import { validate } from '../../middleware/validate.js';
import { endSessions, listSessions } from '../../services/sessions.js';
import { EndSessionReq } from './schema.js';

/** The account's sessions (device, address, last seen): listed, one ended, or all others. */
export function sessionRoutes({ db, effects, credentials }: RouteDeps): Router<AppState> {
  const router = newRouter<AppState>();
  const authed = auth(credentials);

  router.get('/me/sessions', authed, touches.person, async (ctx: AuthedContext) => {
    ctx.body = { items: await listSessions(db, ctx.state.user.userId, ctx.state.user.sessionId) };
  });

  /** Signs out every other session; this one goes on. */
  router.delete('/me/sessions', authed, touches.person, async (ctx: AuthedContext) => {
    await endSessions({ db, effects }, { userId: ctx.state.user.userId, except: ctx.state.user.sessionId });
    ctx.status = 204;
  });

  router.delete('/me/sessions/:id', authed, touches.person, validate(EndSessionReq), async (ctx: AuthedContext<EndSessionReq>) => {
    if (!(await endSessions({ db, effects }, { userId: ctx.state.user.userId, familyId: ctx.state.input.params.id }))) throw apiError('not_found', { message: 'No such session.' });
    ctx.status = 204;
  });

  return router;
}
