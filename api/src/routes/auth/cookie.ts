import { randomBytes } from 'node:crypto';
import type { Context } from 'koa';
import { CLIENT_COOKIE, REFRESH_COOKIE } from '@volley/shared';
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

/** The headers that drop the refresh cookie, for an error answer: the error handler drops those set before. */
export function refreshCookieDropped(ctx: Context): Record<string, string[]> {
  clearRefreshCookie(ctx);
  return { 'Set-Cookie': ctx.response.headers['set-cookie'] as string[] };
}

/** The refresh token from the cookie, if it has the shape of one. */
export function readRefreshCookie(ctx: Context): string | undefined {
  const token = ctx.cookies.get(REFRESH_COOKIE);
  return token !== undefined && REFRESH_TOKEN_PATTERN.test(token) ? token : undefined;
}

/**
 * The client-binding cookie: a random value per browser, kept for a year, sent only to the auth
 * routes. It tells a benign refresh race of one browser from a replay by anyone else
 * (services/refresh-tokens.ts). Set once; returned for the rotation to compare.
 */
export function clientBinding(ctx: Context): string {
  const existing = ctx.cookies.get(CLIENT_COOKIE);
  if (existing !== undefined && REFRESH_TOKEN_PATTERN.test(existing)) return existing;
  const created = randomBytes(32).toString('base64url');
  ctx.cookies.set(CLIENT_COOKIE, created, { ...options(ctx), maxAge: 365 * 86_400_000 });
  return created;
}

/** The client-binding value the request carries, without setting one. */
export function readClientBinding(ctx: Context): string | undefined {
  const value = ctx.cookies.get(CLIENT_COOKIE);
  return value !== undefined && REFRESH_TOKEN_PATTERN.test(value) ? value : undefined;
}
