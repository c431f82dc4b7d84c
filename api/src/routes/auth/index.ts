import { Router } from '@koa/router';
import type { Context } from 'koa';
import { forCategory, type User } from '@volley/core';
import type { AuthResponse } from '@volley/shared';
import type { ApiContext, ApiDeps, AppState } from '../../context.js';
import { apiError } from '../../errors.js';
import { validate } from '../../middleware/validate.js';
import { authenticateUser } from '../../services/authenticate-user.js';
import { issueRefreshToken, revokeRefreshTokenFamily, rotateRefreshToken } from '../../services/refresh-tokens.js';
import { registerUser } from '../../services/register-user.js';
import { clearRefreshCookie, readRefreshCookie, setRefreshCookie } from './cookie.js';
import { LoginReq, RegisterReq } from './schema.js';

export function authRoutes({ db, tokens, config, logger }: ApiDeps): Router<AppState> {
  const router = new Router<AppState>();
  const authLog = forCategory(logger, 'auth');

  /** The access token goes in the body (the client keeps it in memory), the refresh token in the cookie. */
  function session(ctx: Context, user: User, refreshToken: string): AuthResponse {
    setRefreshCookie(ctx, refreshToken, config.refreshTokenTtl);
    return { user: user.toPublic(), accessToken: tokens.sign({ userId: user.id, username: user.username }) };
  }

  router.post('/auth/register', validate(RegisterReq), async (ctx: ApiContext<RegisterReq>) => {
    const user = await registerUser(db, ctx.state.input.body);
    authLog.info({ requestId: ctx.state.requestId, userId: user.id }, 'registered');
    ctx.status = 201;
    ctx.body = session(ctx, user, await issueRefreshToken(db, user.id, config.refreshTokenTtl));
  });

  router.post('/auth/login', validate(LoginReq), async (ctx: ApiContext<LoginReq>) => {
    const user = await authenticateUser(db, ctx.state.input.body);
    ctx.body = session(ctx, user, await issueRefreshToken(db, user.id, config.refreshTokenTtl));
  });

  router.post('/auth/refresh', async (ctx) => {
    const token = readRefreshCookie(ctx);
    if (!token) throw apiError('unauthenticated');
    const rotation = await rotateRefreshToken(db, token, config.refreshTokenTtl);
    if (rotation.outcome === 'reused') {
      authLog.warn({ requestId: ctx.state.requestId }, 'refresh token reused; its family is revoked');
      throw apiError('refresh_token_reused');
    }
    if (rotation.outcome === 'invalid') throw apiError('unauthenticated');
    ctx.body = session(ctx, rotation.user, rotation.token);
  });

  router.post('/auth/logout', async (ctx) => {
    const token = readRefreshCookie(ctx);
    if (token) await revokeRefreshTokenFamily(db, token);
    clearRefreshCookie(ctx);
    ctx.status = 204;
  });

  return router;
}
