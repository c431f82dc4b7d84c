import type { Context } from 'koa';
import { REFRESH_COOKIE } from '@volley/shared';
import { REFRESH_TOKEN_PATTERN } from '../../services/refresh-tokens.js';

// Sent back only to the auth routes, never readable by scripts nor sent from another site.
// `secure` follows the connection so plain http on localhost works.
const options = (ctx: Context) => ({ path: '/api/v1/auth', httpOnly: true, sameSite: 'strict' as const, secure: ctx.secure, overwrite: true });

export function setRefreshCookie(ctx: Context, token: string, ttlSeconds: number): void {
  ctx.cookies.set(REFRESH_COOKIE, token, { ...options(ctx), maxAge: ttlSeconds * 1000 });
}

export function clearRefreshCookie(ctx: Context): void {
  ctx.cookies.set(REFRESH_COOKIE, null, options(ctx));
}

/** The refresh token from the cookie, if it has the shape of one. */
export function readRefreshCookie(ctx: Context): string | undefined {
  const token = ctx.cookies.get(REFRESH_COOKIE);
  return token !== undefined && REFRESH_TOKEN_PATTERN.test(token) ? token : undefined;
}
