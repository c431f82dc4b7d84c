import type { Middleware } from 'koa';
import { scopePolicy, TokenError, type AccessClaims, type Credentials, type GateRefusal } from '@volley/core';
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

/** What a refused client is told: a ban with its end, or (an ended session) to sign in again. */
export function gateRefused(refusal: GateRefusal): ApiError {
  if (refusal.reason === 'session_ended') return bearerRefused('unauthenticated');
  const who = refusal.reason === 'banned' ? 'This account is' : 'Your address is';
  const until = refusal.until?.toISOString();
  return apiError('site_banned', {
    message: `${who} banned from this server${until ? ` until ${until}` : ''}.`,
    extra: { ...(until && { until }), banReason: refusal.note ?? '' },
  });
}

/** Methods that change nothing: all a read-only bot token may use. */
const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Routes that read across conversations: a bot token limited to some of them is refused these. */
const ACROSS_CONVERSATIONS = new Set(['/api/v1/search']);

/**
 * Whether the token's scope (core/src/policies/scope.ts) allows the matched route: any mutation
 * writes; a route on one conversation (`/conversations/:id/...`) acts on it.
 */
function scopeAllows(user: AccessClaims, method: string, route: string | undefined, params: Record<string, string>): boolean {
  const action = READS.has(method) ? 'read' : 'write';
  if (route?.startsWith('/api/v1/conversations/:id') && params.id) return scopePolicy.can(user, action, { conversation: params.id });
  return scopePolicy.can(user, action, route && ACROSS_CONVERSATIONS.has(route) ? 'all_conversations' : 'account');
}

/**
 * Requires `Authorization: Bearer <access token or bot token>` and puts its claims on
 * `ctx.state.user`. A bot token beyond its scope is refused here, before any handler: 403 token_scope.
 */
export function auth(credentials: Credentials): Middleware<AppState> {
  const middleware: Middleware<AppState> = async (ctx, next) => {
    const token = BEARER.exec(ctx.get('Authorization'))?.[1];
    if (!token) throw bearerRefused('unauthenticated');
    try {
      ctx.state.user = await credentials.verify(token, ctx.ip || undefined);
    } catch (err) {
      if (!(err instanceof TokenError)) throw err;
      throw bearerRefused(err.reason === 'expired' ? 'token_expired' : 'unauthenticated');
    }
    const { userId, issuedAt, sessionId } = ctx.state.user;
    const refusal = ctx.state.gate?.refuse({ userId, issuedAt, sessionId });
    if (refusal) throw gateRefused(refusal);
    if (!scopeAllows(ctx.state.user, ctx.method, ctx._matchedRoute?.toString(), ctx.params ?? {})) throw apiError('token_scope');
    ctx.state.log = ctx.state.log.child({ userId: ctx.state.user.userId });
    await next();
  };
  return Object.assign(middleware, { [AUTHENTICATED]: true as const });
}
