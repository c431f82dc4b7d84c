import type { Middleware } from 'koa';
import { TokenError, type AccessTokens } from '@volley/core';
import { apiError, type ApiError } from '../errors.js';
import type { AppState } from '../context.js';

const BEARER = /^Bearer ([A-Za-z0-9._~+/=-]+)$/i;

/**
 * A 401 for a request whose access token does not do. `token_expired` tells the client to
 * refresh and retry; `unauthenticated` means signing in again.
 */
export const bearerRefused = (code: 'unauthenticated' | 'token_expired'): ApiError =>
  apiError(code, { headers: { 'WWW-Authenticate': 'Bearer' } });

/** Requires `Authorization: Bearer <access token>` and puts its claims on `ctx.state.user`. */
export function auth(tokens: AccessTokens): Middleware<AppState> {
  return async (ctx, next) => {
    const token = BEARER.exec(ctx.get('Authorization'))?.[1];
    if (!token) throw bearerRefused('unauthenticated');
    try {
      ctx.state.user = tokens.verify(token);
    } catch (err) {
      throw bearerRefused(err instanceof TokenError && err.reason === 'expired' ? 'token_expired' : 'unauthenticated');
    }
    ctx.state.log = ctx.state.log.child({ userId: ctx.state.user.userId });
    await next();
  };
}
