import type { Middleware } from 'koa';

/**
 * Brotli and gzip for the PWA's files come precompressed from its build (pwa/scripts/precompress.mjs):
 * koa-send serves `<file>.br` or `<file>.gz` by Accept-Encoding, with the original file's type. What
 * is left here: any response that could have been encoded says so in `Vary`, or a shared cache could
 * hand brotli to a client that never asked for it.
 */
export function compression(): Middleware {
  return async (ctx, next) => {
    await next();
    if (/^(text\/|application\/(javascript|json|manifest\+json)|image\/svg)/.test(ctx.response.type)) ctx.vary('Accept-Encoding');
  };
}
