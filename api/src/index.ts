import type { IncomingMessage, RequestListener } from 'node:http';
import type { Duplex } from 'node:stream';
import Koa from 'koa';
import { forCategory } from '@volley/core';
import type { ApiDeps, AppState } from './context.js';
import { createGameHost, type GameOptions } from './game/index.js';
import { errorHandler } from './middleware/errors.js';
import { requestContext } from './middleware/request-context.js';
import { stripTrailingSlash } from './middleware/trailing-slash.js';
import { apiRoutes } from './routes/index.js';
import { Effects } from './services/effects.js';
import { expireGames } from './services/expire-games.js';

export type { ApiDeps } from './context.js';
export type { GameOptions } from './game/index.js';

export interface ApiOptions {
  game?: GameOptions;
}

export interface Api {
  app: Koa<AppState>;
  /** For `http.createServer`, or for a composition root that hands `/api/*` and `/healthz` over. */
  callback(): RequestListener;
  /** For every HTTP upgrade whose path starts with `/game/`: the game socket. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /**
   * Drains: `/healthz` answers 503 from now on; resolves once the requests in flight are answered
   * and the game sockets, clocks and timers are stopped.
   */
  close(): Promise<void>;
}

/** The JSON api (`/api/v1`, `/healthz`) on the given dependencies, which the caller keeps owning. */
export function createApi(deps: ApiDeps, options: ApiOptions = {}): Api {
  const app = new Koa<AppState>();
  const games = createGameHost(deps, options.game);
  app.proxy = deps.config.trustProxy;
  let draining = false;
  let inFlight = 0;
  let drained: (() => void) | undefined;

  app.use(async (_ctx, next) => {
    inFlight += 1;
    try {
      await next();
    } finally {
      inFlight -= 1;
      if (inFlight === 0) drained?.();
    }
  });
  app.use(requestContext(deps.logger));
  app.use(errorHandler());
  app.use(stripTrailingSlash());
  const router = apiRoutes(deps, () => draining);
  app.use(router.routes());
  app.use(router.allowedMethods());

  // Errors after the answer went out (a client gone mid-response) only reach this event.
  const log = forCategory(deps.logger, 'http');
  app.on('error', (err: Error) => log.warn({ err: { name: err.name, message: err.message } }, 'response failed'));
  const stopExpiring = expireGames({ ...deps, effects: new Effects(deps) });

  return {
    app,
    callback: () => app.callback(),
    handleUpgrade: games.handleUpgrade,
    async close() {
      draining = true;
      const requests = inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => (drained = resolve));
      await Promise.all([requests, games.close(), stopExpiring()]);
    },
  };
}
