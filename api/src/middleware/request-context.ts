import { randomUUID } from 'node:crypto';
import type { Context, Middleware } from 'koa';
import { forCategory, withRequestId, type Logger } from '@volley/core';
import type { AppState } from '../context.js';

// A proxy's id is reused so one request can be followed across processes; anything odd is replaced.
const FORWARDED_ID = /^[\w.:-]{1,64}$/;

/** Headers every api response carries, errors included. */
export function setBaseHeaders(ctx: Context): void {
  ctx.set('X-Request-Id', (ctx.state as AppState).requestId);
  // Every answer is about one user (tokens included): nothing may be cached on the way.
  ctx.set('Cache-Control', 'no-store');
}

/** Gives the request an id and a logger, and logs one line per request once it is answered. */
export function requestContext(logger: Logger): Middleware<AppState> {
  const http = forCategory(logger, 'http');
  return async (ctx, next) => {
    const forwarded = ctx.get('X-Request-Id');
    ctx.state.requestId = FORWARDED_ID.test(forwarded) ? forwarded : randomUUID();
    ctx.state.log = http.child({ requestId: ctx.state.requestId });
    setBaseHeaders(ctx);
    const started = performance.now();
    try {
      await withRequestId(ctx.state.requestId, next);
    } finally {
      const ms = Math.round(performance.now() - started);
      ctx.state.log.info({ method: ctx.method, path: ctx.path, status: ctx.status, ms }, 'request');
    }
  };
}
