import compress from 'koa-compress';
import type { Middleware } from 'koa';

/**
 * API answers above 1 KiB go out in brotli or gzip, as the client's Accept-Encoding prefers, on
 * the embedded server as behind nginx (which leaves an encoded answer alone). koa-compress sets
 * `Vary: Accept-Encoding` on every answer, encodes only compressible types (JSON and text; an
 * avatar's WebP is not) and nothing that already has a Content-Encoding. Brotli at quality 4: near
 * gzip's speed, smaller. The PWA's files are precompressed at build time instead (server/src/static.ts);
 * the sockets never pass through Koa.
 */
export const compression = (): Middleware => compress({ threshold: 1024, deflate: false });
