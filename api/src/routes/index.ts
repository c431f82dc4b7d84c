import { Router } from '@koa/router';
import type { ApiDeps, AppState, RouteDeps } from '../context.js';
import { Effects } from '../services/effects.js';
import { authRoutes } from './auth/index.js';
import { blockRoutes } from './blocks/index.js';
import { channelRoutes } from './channels/index.js';
import { conversationRoutes } from './conversations/index.js';
import { friendRoutes } from './friends/index.js';
import { gameRoutes } from './games/index.js';
import { healthRoutes } from './health/index.js';
import { joinRequestRoutes } from './join-requests/index.js';
import { leaderboardRoutes } from './leaderboard/index.js';
import { memberRoutes } from './members/index.js';
import { messageRoutes } from './messages/index.js';
import { meRoutes } from './me/index.js';
import { mediaRoutes } from './media/index.js';
import { moderationRoutes } from './moderation/index.js';
import { userRoutes } from './users/index.js';

/** Every route of the api: `/healthz`, `/media/` and the resources under `/api/v1`. */
export function apiRoutes(apiDeps: ApiDeps, isDraining: () => boolean): Router<AppState> {
  const deps: RouteDeps = { ...apiDeps, effects: new Effects(apiDeps) };
  const v1 = new Router<AppState>({ prefix: '/api/v1' });
  const resources = [authRoutes, meRoutes, userRoutes, friendRoutes, blockRoutes, conversationRoutes, memberRoutes, channelRoutes, moderationRoutes, joinRequestRoutes, messageRoutes, gameRoutes, leaderboardRoutes];
  for (const resource of resources) v1.use(resource(deps).routes());
  const root = new Router<AppState>();
  root.use(healthRoutes(deps, isDraining).routes(), mediaRoutes(deps).routes(), v1.routes());
  return root;
}
