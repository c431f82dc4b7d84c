import type { Middleware } from 'koa';
import { TokenError, User, type AccessClaims, type Credentials, type GateRefusal } from '@volley/core';
import { apiError, type ApiError } from '../errors.js';
import type { AppState } from '../context.js';

/** Set on the middleware `auth()` returns: the OpenAPI description (openapi.ts) reads it there. */
export const AUTHENTICATED = Symbol('authenticated');

const BEARER = /^Bearer ([A-Za-z0-9._~+/=-]+)$/i;

/**
 * A 401 for a request whose access token does not do. `token_expired` tells the client to
 * refresh and retry; `unauthenticated` means signing in again.
 */
export const bearerRefused = (code: 'unauthenticated' | 'token_expired'): ApiError =>
  apiError(code, { headers: { 'WWW-Authenticate': 'Bearer' } });

/** What a refused client is told: a ban with its end, or (an ended session) to sign in again. `headers`: sent with a ban (a dropped cookie). */
export function gateRefused(refusal: GateRefusal, headers?: Record<string, string[]>): ApiError {
  if (refusal.reason === 'session_ended') return bearerRefused('unauthenticated');
  const who = refusal.reason === 'banned' ? 'This account is' : 'Your address is';
  const until = refusal.until?.toISOString();
  return apiError('site_banned', {
    message: `${who} banned from this server${until ? ` until ${until}` : ''}.`,
    extra: { ...(until && { until }), banReason: refusal.note ?? '' },
    ...(headers && { headers }),
  });
}

/**
 * Requires `Authorization: Bearer <access token or bot token>`, and puts the claims on
 * `ctx.state.user` and the whole actor (core/src/policies/actor.ts) on `ctx.state.actor`. A
 * token whose account is gone or deleted is refused as unauthenticated, whatever else was missed
 * when it closed. What the token may reach is the route's declaration (touches.ts): a route with
 * `auth()` and no declaration stops the api from starting (routes-declared.ts).
 */
export function auth(credentials: Credentials): Middleware<AppState> {
  const middleware: Middleware<AppState> = async (ctx, next) => {
    const token = BEARER.exec(ctx.get('Authorization'))?.[1];
    if (!token) throw bearerRefused('unauthenticated');
    let claims: AccessClaims;
    try {
      claims = await credentials.verify(token, ctx.ip || undefined);
    } catch (err) {
      if (!(err instanceof TokenError)) throw err;
      throw bearerRefused(err.reason === 'expired' ? 'token_expired' : 'unauthenticated');
    }
    const { userId, issuedAt, sessionId } = claims;
    const refusal = ctx.state.gate?.refuse({ userId, issuedAt, sessionId });
    if (refusal) throw gateRefused(refusal);
    const account = await User.query(credentials.db).findById(userId).select('id', 'role', 'bot_owner_id', 'deleted_at');
    if (!account || account.deletedAt) throw bearerRefused('unauthenticated');
    ctx.state.user = claims;
    ctx.state.actor = {
      userId,
      username: claims.username,
      sessionId: sessionId ?? null,
      scope: claims.scope ?? null,
      address: ctx.state.address ?? null,
      bot: account.botOwnerId !== null,
      siteRole: account.role,
    };
    ctx.state.log = ctx.state.log.child({ userId });
    await next();
  };
  return Object.assign(middleware, { [AUTHENTICATED]: true as const });
}
