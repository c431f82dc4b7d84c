import type { Middleware } from 'koa';
import { normalAddress, type SiteGate } from '@volley/core';
import type { AppState } from '../context.js';
import { gateRefused } from './auth.js';

/**
 * Refuses every request from a banned address (health checks aside), and leaves the gate and the
 * address on `ctx.state` for `auth()` (a banned or kicked account) and the audit log.
 */
export function siteGate(gate: SiteGate): Middleware<AppState> {
  return async (ctx, next) => {
    ctx.state.gate = gate;
    ctx.state.address = normalAddress(ctx.ip);
    if (!ctx.path.startsWith('/healthz') && !ctx.path.startsWith('/readyz')) {
      const refusal = gate.refuse({ address: ctx.state.address });
      if (refusal) throw gateRefused(refusal);
    }
    await next();
  };
}
