/**
 * The security headers of every HTTP answer, the PWA's and the api's alike (and mirrored in
 * deploy/nginx.conf). One Koa middleware, mounted by the embedded server's static serving and by
 * the api.
 */
import type { Middleware } from 'koa';
import { behindProxy, type TrustedProxies } from '../addresses.js';

/**
 * No inline script and no inline style: the PWA's scripts are its own modules, Lit's styles are
 * constructed stylesheets (adoptedStyleSheets, which CSP does not restrict), and style changes made
 * from script go through the CSSOM. `connect-src 'self'` covers the same-origin sockets (ws: and
 * wss: included by CSP Level 3); images may be blobs and data URLs (avatars being cropped).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  // WebAssembly may be compiled (the crypto machine of encrypted conversations), never JavaScript from strings.
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** HSTS only behind a proxy that terminates TLS: over plain HTTP the header would be ignored, or worse, pin a dev host. */
const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * Sets the headers once the answer is made, error answers included (the api's error handler
 * clears what a failed handler had set): mount it outermost. A handler's own Content-Security-Policy
 * (an attachment's, stricter) is kept.
 */
export function securityHeaders(options: { trustProxy: TrustedProxies }): Middleware {
  const headers = {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
    ...(behindProxy(options.trustProxy) ? { 'Strict-Transport-Security': HSTS } : {}),
  };
  return async (ctx, next) => {
    try {
      await next();
    } finally {
      const own = ctx.response.get('Content-Security-Policy');
      ctx.set(headers);
      if (own) ctx.set('Content-Security-Policy', own);
    }
  };
}
