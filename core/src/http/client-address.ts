/**
 * Koa's `ctx.ip` and `ctx.protocol` by the rule of core/src/addresses.ts rather than Koa's own,
 * which with `app.proxy` takes X-Forwarded-For's leftmost entry (the one a client writes) and
 * X-Forwarded-Proto and X-Forwarded-Host from whoever sends them.
 */
import type Koa from 'koa';
import { requestAddress, requestScheme, type TrustedProxies } from '../addresses.js';

/**
 * Makes every `ctx.ip` of `app` the address the sockets and the site gate see (`''` when there is
 * none: those requests share one throttle), and `ctx.protocol` (hence `ctx.secure`, the cookies'
 * `Secure`) the scheme a trusted proxy reports. The Host is read as sent: the proxy passes it.
 */
export function followTrustedProxies(app: Koa, trust: TrustedProxies): void {
  app.proxy = false;
  Object.defineProperties(app.request, {
    ip: {
      configurable: true,
      get(this: Koa.Request): string {
        return requestAddress(this.req, trust) ?? '';
      },
    },
    protocol: {
      configurable: true,
      get(this: Koa.Request): string {
        return requestScheme(this.req, trust);
      },
    },
  });
}
