import type { Middleware } from 'koa';

/** `/api/v1/me/` is `/api/v1/me`: one trailing slash is dropped before routing, so both behave alike. */
export function stripTrailingSlash(): Middleware {
  return async (ctx, next) => {
    if (ctx.path.length > 1 && ctx.path.endsWith('/')) ctx.path = ctx.path.slice(0, -1);
    await next();
  };
}
