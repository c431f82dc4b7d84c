import type { IncomingMessage, RequestListener } from 'node:http';
import type { Duplex } from 'node:stream';
import Koa from 'koa';
import { Credentials, followTrustedProxies, logResponseErrors, securityHeaders } from '@volley/core';
import type { ApiDeps, AppState } from './context.js';
import { createGameHost, type GameOptions } from './game/index.js';
import { compression } from './middleware/compression.js';
import { errorHandler } from './middleware/errors.js';
import { requestContext } from './middleware/request-context.js';
import { requestMetrics } from './middleware/request-metrics.js';
import { siteGate } from './middleware/site-gate.js';
import { stripTrailingSlash } from './middleware/trailing-slash.js';
import { apiRoutes, operatorRoutes } from './routes/index.js';
import { Effects } from './services/effects.js';
import { expireGames } from './services/expire-games.js';
import { keepAuditFor } from './services/site-admin.js';
import { runLinkPreviews } from './link-previews/index.js';
import { keepSweepingAttachments } from './services/remove-attachments.js';
import { openBlobStore } from './storage/index.js';
import { runTournamentClock } from './tournaments/clock.js';
import { createThrottles } from './throttles/index.js';

export type { ApiDeps } from './context.js';
export type { GameOptions } from './game/index.js';

export interface ApiOptions {
  game?: GameOptions;
}

export interface Api {
  app: Koa<AppState>;
  /** For `http.createServer`, or for a composition root that hands `/api/*` and `/healthz` over. */
  callback(): RequestListener;
  /** The admin routes with the operator's rights, for a socket only the operator can reach (api/src/operator-socket.ts). */
  operatorCallback(): RequestListener;
  /** For every HTTP upgrade whose path starts with `/game/`: the game socket. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /**
   * Drains: `/healthz` answers 503 from now on; resolves once the requests in flight are answered
   * and the game sockets, clocks and timers are stopped.
   */
  close(): Promise<void>;
}

/** The JSON api (`/api/v1`, `/healthz`) on the given dependencies, which the caller keeps owning. */
export function createApi(apiDeps: ApiDeps, options: ApiOptions = {}): Api {
  const app = new Koa<AppState>();
  const deps = { ...apiDeps, credentials: new Credentials(apiDeps.tokens, apiDeps.db, apiDeps.gate), store: openBlobStore(apiDeps.config) };
  const games = createGameHost(deps, options.game);
  // One rule for the client's address and scheme, HTTP and sockets alike (TRUST_PROXY).
  followTrustedProxies(app, deps.config.trustProxy);
  let draining = false;
  let inFlight = 0;
  let drained: (() => void) | undefined;

  app.use(securityHeaders(deps.config));
  app.use(async (_ctx, next) => {
    inFlight += 1;
    try {
      await next();
    } finally {
      inFlight -= 1;
      if (inFlight === 0) drained?.();
    }
  });
  app.use(requestMetrics());
  app.use(requestContext(deps.logger));
  app.use(errorHandler());
  // Inside the error handler, which answers errors (small) with its own headers, Vary included.
  app.use(compression());
  app.use(siteGate(deps.gate));
  app.use(stripTrailingSlash());
  const throttles = createThrottles(deps.config);
  const router = apiRoutes(deps, throttles, () => draining);
  app.use(router.routes());
  app.use(router.allowedMethods());

  // Errors after the answer went out (a client gone mid-response) only reach this event.
  logResponseErrors(app, deps.logger);
  const effects = new Effects(deps);
  const stopExpiring = expireGames({ ...deps, effects });
  const stopTournaments = runTournamentClock({ ...deps, effects, games });
  const stopPurging = keepAuditFor(deps);
  const stopPreviews = runLinkPreviews({ ...deps, effects });
  const stopSweeping = keepSweepingAttachments(deps);

  return {
    app,
    callback: () => app.callback(),
    operatorCallback() {
      const operator = new Koa<AppState>();
      logResponseErrors(operator, deps.logger);
      operator.use(requestContext(deps.logger));
      operator.use(errorHandler());
      operator.use(operatorRoutes(deps, throttles).routes());
      return operator.callback();
    },
    handleUpgrade: games.handleUpgrade,
    async close() {
      draining = true;
      const requests = inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => (drained = resolve));
      await Promise.all([requests, games.close(), stopExpiring(), stopTournaments(), stopPurging(), stopPreviews(), stopSweeping()]);
      await throttles.close();
      deps.store.close();
    },
  };
}
export { listenOperator } from './operator-socket.js';
