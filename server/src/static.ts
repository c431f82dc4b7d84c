import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerResponse } from 'node:http';
import Koa from 'koa';
import serve from 'koa-static';
import send from 'koa-send';
import { compression } from './compression.js';
import { logResponseErrors, securityHeaders, type Logger, type TrustedProxies } from '@volley/core';

/**
 * Serves the built PWA. Hashed assets are immutable; the shell, the service worker and the
 * manifest are revalidated so a deploy reaches users (workbox-window then offers the update).
 * Any other GET that wants HTML gets the shell: the client-side router owns those paths.
 */
export function createPwaApp(dir: string, options: { trustProxy: TrustedProxies }, logger: Logger): Koa {
  if (!existsSync(join(dir, 'index.html'))) throw new Error(`no built PWA in ${dir}: run npm run build`);
  const app = new Koa();
  // A download the browser dropped halfway is a debug line, never Koa's stack on stderr.
  logResponseErrors(app, logger);
  app.use(compression());
  app.use(securityHeaders(options));
  const shell = async (ctx: Koa.Context): Promise<void> => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return;
    if (!ctx.accepts('html') || ctx.path.includes('.')) return;
    ctx.set('Cache-Control', 'no-cache');
    await send(ctx, 'index.html', { root: dir });
  };
  // A malformed escape (`/c/%E0`) names no file: the shell answers, and its router says "not found".
  app.use(async (ctx, next) => (isMalformed(ctx.path) ? shell(ctx) : next()));
  app.use(serve(dir, { index: 'index.html', setHeaders: cacheHeaders }));
  app.use(shell);
  return app;
}

function isMalformed(path: string): boolean {
  try {
    decodeURIComponent(path);
    return false;
  } catch {
    return true;
  }
}

function cacheHeaders(res: ServerResponse, path: string): void {
  const immutable = path.includes('/assets/');
  res.setHeader('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
}
