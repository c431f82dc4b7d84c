import type { Middleware } from 'koa';
import { metrics } from '@volley/core';

/**
 * Counts and times every request by its route's pattern (`/api/v1/conversations/:id`), never by its
 * path: ids in labels would make a series per conversation. Unmatched paths share one label.
 */
export function requestMetrics(): Middleware {
  return async (ctx, next) => {
    const took = metrics.httpDuration.startTimer();
    try {
      await next();
    } finally {
      const labels = { method: ctx.method, route: (ctx as { _matchedRoute?: string })._matchedRoute ?? 'unmatched' };
      took(labels);
      metrics.httpRequests.inc({ ...labels, status: String(ctx.status) });
    }
  };
}
