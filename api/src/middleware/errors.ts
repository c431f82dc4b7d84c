import type { Middleware } from 'koa';
import { apiError, toApiError } from '../errors.js';
import type { AppState } from '../context.js';
import { setBaseHeaders } from './request-context.js';

/**
 * Answers every failure in the one error shape, including the router's bare 404/405/501.
 * Unexpected errors are logged and answered `internal`, never with their message or stack.
 */
export function errorHandler(): Middleware<AppState> {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.body != null) return;
      if (ctx.status === 404) throw apiError('not_found');
      // 501 is the router's answer to a method it does not know at all: still a wrong method here.
      if (ctx.status === 405 || ctx.status === 501) {
        throw apiError('method_not_allowed', { headers: { Allow: ctx.response.get('Allow') } });
      }
    } catch (err) {
      const error = toApiError(err);
      if (error.status >= 500) ctx.state.log.error({ err: describe(err) }, 'request failed');
      // Headers a handler set before failing (a cookie, say) belong to the success it did not reach.
      for (const name of ctx.res.getHeaderNames()) ctx.remove(name);
      setBaseHeaders(ctx);
      ctx.set(error.headers);
      ctx.status = error.status;
      ctx.body = error.toBody();
    }
  };
}

/** Only these fields reach the log: database errors also carry the query's parameters. */
function describe(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err) };
  return { name: err.name, message: err.message, code: (err as { code?: unknown }).code, stack: err.stack };
}
