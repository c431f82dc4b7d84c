import type { Router } from '@koa/router';
import type { Context } from 'koa';
import { forCategory, isOpenAccount, type User } from '@volley/core';
import { REFRESH_COOKIE, type AuthResponse } from '@volley/shared';
import type { ApiContext, AppState, RouteDeps } from '../../context.js';
import { apiError } from '../../errors.js';
import { gateRefused } from '../../middleware/auth.js';
import { sameOrigin } from '../../middleware/same-origin.js';
import { newRouter } from '../routes-declared.js';
import { validate } from '../../middleware/validate.js';
import { authenticateUser } from '../../services/authenticate-user.js';
import { issueRefreshToken, revokeRefreshTokenFamily, rotateRefreshToken, type Device, type IssuedToken } from '../../services/refresh-tokens.js';
import { registerUser } from '../../services/register-user.js';
import { announceEndedSessions } from '../../services/sessions.js';
import { oauthRoutes } from '../oauth/index.js';
import { askSecondFactor, passSecondFactor } from '../../services/two-factor.js';
import { SecondFactorLoginReq } from '../account/schema.js';
import { clearRefreshCookie, clientBinding, readClientBinding, readRefreshCookie, refreshCookieDropped, setRefreshCookie } from './cookie.js';
import { LoginReq, RegisterReq } from './schema.js';

const deviceOf = (ctx: Context): Device => ({ userAgent: ctx.get('User-Agent'), address: ctx.ip });

export function authRoutes(deps: RouteDeps): Router<AppState> {
  const { db, tokens, config, logger, throttles } = deps;
  const router = newRouter<AppState>();
  const authLog = forCategory(logger, 'auth');
  const cookieOrigin = sameOrigin(config.allowedOrigins);

  /**
   * The access token goes in the body (the client keeps it in memory), the refresh token in the
   * cookie; none for a banned account. Where the user was last seen is kept for the admins.
   */
  function session(ctx: Context, user: User, refresh: IssuedToken): AuthResponse {
    // Every sign-in ends here: a closed account gets no session, whichever way in let it this far.
    if (!isOpenAccount(user)) throw apiError('unauthenticated');
    const refusal = (ctx.state as AppState).gate?.refuse({ userId: user.id });
    if (refusal) throw gateRefused(refusal);
    (ctx.state as AppState).gate?.seen(user.id, (ctx.state as AppState).address ?? null).catch((err: unknown) => authLog.warn({ err, userId: user.id }, 'recording the last address failed'));
    setRefreshCookie(ctx, refresh.token, config.refreshTokenTtl);
    clientBinding(ctx);
    return { user: user.toPublic(), accessToken: tokens.sign({ userId: user.id, username: user.username, sessionId: refresh.familyId }) };
  }

  router.post('/auth/register', validate(RegisterReq), async (ctx: ApiContext<RegisterReq>) => {
    await throttles.register.charge(ctx.ip);
    const user = await registerUser(db, ctx.state.input.body);
    authLog.info({ requestId: ctx.state.requestId, userId: user.id }, 'registered');
    ctx.status = 201;
    ctx.body = session(ctx, user, await issueRefreshToken(db, user.id, config.refreshTokenTtl, deviceOf(ctx)));
  });

  router.post('/auth/login', validate(LoginReq), async (ctx: ApiContext<LoginReq>) => {
    const user = await authenticateUser(db, ctx.state.input.body, throttles.login, ctx.ip);
    askSecondFactor(config, user);
    ctx.body = session(ctx, user, await issueRefreshToken(db, user.id, config.refreshTokenTtl, deviceOf(ctx)));
  });

  /** The second step of a two-factor sign-in (services/two-factor.ts); its codes are a credential, throttled per account. */
  router.post('/auth/login/2fa', validate(SecondFactorLoginReq), async (ctx: ApiContext<SecondFactorLoginReq>) => {
    const user = await passSecondFactor({ db, config, throttle: throttles.credential }, ctx.state.input.body);
    ctx.body = session(ctx, user, await issueRefreshToken(db, user.id, config.refreshTokenTtl, deviceOf(ctx)));
  });

  router.post('/auth/refresh', cookieOrigin, async (ctx) => {
    const token = readRefreshCookie(ctx);
    // Every signed-out page load asks: "no session" is an answer, not an error the browser logs.
    if (!token) {
      if (ctx.cookies.get(REFRESH_COOKIE) !== undefined) clearRefreshCookie(ctx);
      ctx.status = 204;
      return;
    }
    const rotation = await rotateRefreshToken(db, token, config.refreshTokenTtl, readClientBinding(ctx), deviceOf(ctx));
    if (rotation.outcome === 'rotated') {
      ctx.body = session(ctx, rotation.user, rotation.issued);
      return;
    }
    // A dead token is refused once, then dropped: the next load of a sign-in page is a plain 204.
    const headers = refreshCookieDropped(ctx);
    if (rotation.outcome === 'reused') {
      authLog.warn({ requestId: ctx.state.requestId }, 'refresh token reused; its family is revoked');
      await announceEndedSessions(deps.effects, rotation.ended);
      throw apiError('refresh_token_reused', { headers });
    }
    // A session a site ban ended is refused as the ban, with its end and reason: the banned app says so after a reload too.
    const refusal = rotation.userId ? (ctx.state as AppState).gate?.refuse({ userId: rotation.userId }) : null;
    if (refusal && refusal.reason !== 'session_ended') throw gateRefused(refusal, headers);
    throw apiError('unauthenticated', { headers });
  });

  // Sign-in with an OAuth provider ends like a password login: the same session.
  router.use(oauthRoutes(deps, async (ctx, user) => void session(ctx, user, await issueRefreshToken(db, user.id, config.refreshTokenTtl, deviceOf(ctx)))).routes());

  router.post('/auth/logout', cookieOrigin, async (ctx) => {
    const token = readRefreshCookie(ctx);
    if (token) await announceEndedSessions(deps.effects, await revokeRefreshTokenFamily(db, token));
    clearRefreshCookie(ctx);
    ctx.status = 204;
  });

  return router;
}
