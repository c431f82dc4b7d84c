import type { Router } from '@koa/router';
import { newRouter } from '../routes-declared.js';
import { createReadiness, healthAnswer } from '@volley/core';
import type { ApiDeps, AppState } from '../../context.js';

/**
 * `GET /healthz` (alive) and `GET /readyz` (can serve: not draining, database, Redis when configured,
 * migrations) for probes and balancers; the same answers as the sync server's.
 */
export function healthRoutes({ db, bus, config }: ApiDeps, isDraining: () => boolean): Router<AppState> {
  const router = newRouter<AppState>();
  const readiness = createReadiness({ db, bus, redis: Boolean(config.redis) }, isDraining);

  router.get(['/healthz', '/readyz'], async (ctx) => {
    const answer = (await healthAnswer(ctx.path, readiness))!;
    if (answer.status !== 200) ctx.state.log.warn({ answer: answer.body }, 'not ready');
    ctx.status = answer.status;
    ctx.body = answer.body;
  });

  return router;
}
