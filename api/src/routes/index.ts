import { Router } from '@koa/router';
import type { ApiDeps, AppState } from '../context.js';
import { authRoutes } from './auth/index.js';
import { conversationRoutes } from './conversations/index.js';
import { healthRoutes } from './health/index.js';
import { meRoutes } from './me/index.js';

/** Every route of the api: `/healthz` and the resources under `/api/v1`. */
export function apiRoutes(deps: ApiDeps, isDraining: () => boolean): Router<AppState> {
  const v1 = new Router<AppState>({ prefix: '/api/v1' });
  for (const resource of [authRoutes(deps), meRoutes(deps), conversationRoutes(deps)]) v1.use(resource.routes());
  const root = new Router<AppState>();
  root.use(healthRoutes(deps, isDraining).routes(), v1.routes());
  return root;
}
