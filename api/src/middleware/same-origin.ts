import type { Middleware } from 'koa';
import { isAllowedOrigin } from '@volley/core';
import type { AppState } from '../context.js';
import { apiError } from '../errors.js';

/**
 * For the routes the refresh cookie authenticates: a request from another site's page is refused
 * (403), whatever SameSite a browser honours. No Origin at all is no browser page: allowed.
 */
export function sameOrigin(allowedOrigins: readonly string[] | undefined): Middleware<AppState> {
  return async (ctx, next) => {
    if (!isAllowedOrigin(ctx.req, allowedOrigins)) throw apiError('forbidden', { message: 'This request comes from another site.' });
    await next();
  };
}
