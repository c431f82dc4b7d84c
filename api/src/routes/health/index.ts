import { Router } from '@koa/router';
import type { ApiDeps, AppState } from '../../context.js';
import { apiError } from '../../errors.js';

/** `GET /healthz` for probes and balancers: ok while the database answers and the api is not draining. */
export function healthRoutes({ db }: ApiDeps, isDraining: () => boolean): Router<AppState> {
  const router = new Router<AppState>();

  router.get('/healthz', async (ctx) => {
    if (isDraining()) throw apiError('unavailable', { message: 'Shutting down.' });
    try {
      await db.raw('select 1');
    } catch (err) {
      ctx.state.log.error({ err: { message: (err as Error).message } }, 'health check: database unreachable');
      throw apiError('unavailable', { message: 'The database is unreachable.' });
    }
    ctx.body = { status: 'ok' };
  });

  return router;
}
