import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createApi, listenOperator, type ApiOptions } from '@volley/api';
import { createSyncServer } from '@volley/sync-server';
import { forCategory, LISTEN_BACKLOG, openDeps, type Config, type Db, type DepsOptions, type Logger } from '@volley/core';
import { createPwaApp } from './static.js';

export interface RunningVolley {
  server: Server;
  url: string;
  /** For tools that seed data in-process (the game benchmark); the server owns and closes it. */
  db: Db;
  /** Where `/metrics` listens (METRICS_PORT), if it does. */
  metricsPort: number | undefined;
  close(): Promise<void>;
}

const defaultPwaDir = fileURLToPath(new URL('../../pwa/dist', import.meta.url));

const isApiPath = (path: string) => path === '/healthz' || path === '/readyz' || path === '/api' || path.startsWith('/api/') || path.startsWith('/media/');

/**
 * The embedded default (docs/architecture.md §2): one process and one port for the PWA, `/api/v1`, `/sync`
 * and `/game`. The same factories run alone in the scale-out mode (api/src/main.ts, sync-server/src/main.ts).
 */
export async function startVolley(
  config: Config,
  logger: Logger,
  options: { api?: ApiOptions; database?: Pick<DepsOptions, 'connect' | 'beforeDbCloses'> } = {},
): Promise<RunningVolley> {
  const log = forCategory(logger, 'server');
  const deps = await openDeps({ config, logger, ...options.database });
  const api = createApi(deps, options.api);
  // Without Redis the bus is this process's own: no other instance holds a segment to repair at start.
  const sync = createSyncServer(deps, { reconcileAtStart: Boolean(config.redis) });
  const handleApi = api.callback();
  const handlePwa = createPwaApp(config.pwaDir ?? defaultPwaDir, config, logger).callback();

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    return isApiPath(path) ? handleApi(req, res) : handlePwa(req, res);
  });
  server.on('upgrade', (req, socket, head) => {
    if ((req.url ?? '').startsWith('/sync/')) return sync.handleUpgrade(req, socket, head);
    if ((req.url ?? '').startsWith('/game/')) return api.handleUpgrade(req, socket, head);
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
  // The operator's socket first: once the port answers (and `/readyz` with it), `npm run admin` reaches this process too.
  const operator = await listenOperator(config.dataDir, api.operatorCallback());
  await new Promise<void>((resolve) => server.listen({ port: config.port, host: config.host, backlog: LISTEN_BACKLOG }, resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://localhost:${port}`;
  log.info({ url, database: config.databaseUrl ? 'postgresql' : 'pglite', bus: config.redis ? 'redis' : 'memory' }, 'Volley is running');

  return {
    server,
    url,
    db: deps.db,
    metricsPort: deps.metricsPort,
    async close() {
      // `/readyz` answers 503 while sockets close with 4502 and the work held is finished.
      await Promise.all([sync.close(), api.close()]);
      server.closeAllConnections();
      operator.closeAllConnections();
      await Promise.all([new Promise((resolve) => server.close(resolve)), new Promise((resolve) => operator.close(resolve))]);
      await deps.close();
    },
  };
}
