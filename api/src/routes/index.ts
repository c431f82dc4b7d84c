import type { Router } from '@koa/router';
import type { AppState, CredentialDeps, RouteDeps } from '../context.js';
import { ADMIN_PREFIX, adminGuard } from '../middleware/admin-guard.js';
import { openApiDocument } from '../openapi.js';
import { assertRoutesDeclared, newRouter } from './routes-declared.js';
import { Effects } from '../services/effects.js';
import { accountRoutes } from './account/index.js';
import { adminRoutes } from './admin/index.js';
import { attachmentRoutes } from './attachments/index.js';
import { stickerRoutes } from './stickers/index.js';
import type { Throttles } from '../throttles/index.js';
import { authRoutes } from './auth/index.js';
import { blockRoutes } from './blocks/index.js';
import { botRoutes } from './bots/index.js';
import { channelRoutes } from './channels/index.js';
import { conversationRoutes } from './conversations/index.js';
import { friendRoutes } from './friends/index.js';
import { gameRoutes } from './games/index.js';
import { healthRoutes } from './health/index.js';
import { inviteLinkRoutes } from './invite-links/index.js';
import { joinRequestRoutes } from './join-requests/index.js';
import { leaderboardRoutes } from './leaderboard/index.js';
import { memberRoutes } from './members/index.js';
import { linkPreviewRoutes } from './link-previews/index.js';
import { messageRoutes } from './messages/index.js';
import { meRoutes } from './me/index.js';
import { mediaRoutes } from './media/index.js';
import { moderationRoutes } from './moderation/index.js';
import { pushRoutes } from './push/index.js';
import { e2eeRoutes } from './e2ee/index.js';
import { sessionRoutes } from './sessions/index.js';
import { tournamentRoutes } from './tournaments/index.js';
import { userRoutes } from './users/index.js';

/** The admin routes alone, for the operator's socket (no sign-in: reaching the socket is the right). */
export function operatorRoutes(apiDeps: CredentialDeps, throttles: Throttles): Router<AppState> {
  const v1 = newRouter<AppState>({ prefix: '/api/v1' });
  v1.use(adminRoutes({ ...apiDeps, effects: new Effects(apiDeps), throttles }, 'operator').routes());
  return v1;
}

/** Every route of the api: `/healthz`, `/readyz`, `/media/`, the resources under `/api/v1` and their OpenAPI description. */
export function apiRoutes(apiDeps: CredentialDeps, throttles: Throttles, isDraining: () => boolean): Router<AppState> {
  const deps: RouteDeps = { ...apiDeps, effects: new Effects(apiDeps), throttles };
  const v1 = newRouter<AppState>({ prefix: '/api/v1' });
  // Before every route: whatever is ever served under the prefix is behind it.
  v1.use(ADMIN_PREFIX, adminGuard(deps.credentials, deps.config.adminAllowedAddresses));
  const resources = [authRoutes, accountRoutes, meRoutes, sessionRoutes, pushRoutes, userRoutes, friendRoutes, blockRoutes, conversationRoutes, memberRoutes, channelRoutes, moderationRoutes, joinRequestRoutes, inviteLinkRoutes, messageRoutes, e2eeRoutes, linkPreviewRoutes, attachmentRoutes, stickerRoutes, gameRoutes, leaderboardRoutes, tournamentRoutes, botRoutes, adminRoutes];
  for (const resource of resources) v1.use(resource(deps).routes());
  const root = newRouter<AppState>();
  root.use(healthRoutes(deps, isDraining).routes(), mediaRoutes(deps).routes(), v1.routes());
  // Made from the router once every route is on it, itself included (openapi.ts).
  let description: unknown;
  assertRoutesDeclared(root);
  root.get('/api/v1/openapi.json', (ctx) => {
    ctx.body = description ??= openApiDocument(root, 'v1');
  });
  return root;
}
