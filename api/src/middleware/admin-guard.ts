import type { Middleware } from 'koa';
import { rangeHolds, type Credentials } from '@volley/core';
import { apiError } from '../errors.js';
import type { AppState } from '../context.js';
import { AUTHENTICATED, auth } from './auth.js';
import { TOUCHES, touches } from './touches.js';

/** Where the site's administration lives: every route under it, present and future, is behind `adminGuard`. */
export const ADMIN_PREFIX = '/admin';

/**
 * The one guard of `/api/v1/admin/*`: from an address in ADMIN_ALLOWED_ADDRESSES (any, when the
 * list is empty; 404 from elsewhere: nothing to see here), a person's session, a site moderator
 * or admin. Each route still asks its own policy (site.ts) for what it does.
 */
export function adminGuard(credentials: Credentials, ranges: string[]): Middleware<AppState> {
  const authenticate = auth(credentials);
  const middleware: Middleware<AppState> = async (ctx, next) => {
    const address = ctx.state.address;
    if (ranges.length > 0 && !(address && ranges.some((range) => rangeHolds(range, address)))) throw apiError('not_found');
    await authenticate(ctx, () => touches.site(ctx, next));
  };
  return Object.assign(middleware, { [AUTHENTICATED]: true as const, [TOUCHES]: 'site' as const });
}
