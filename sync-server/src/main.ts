/**
 * The sync server alone (scale-out, docs/architecture.md §2): `/sync/<room>` sockets, `/healthz` and
 * `/readyz`, on PostgreSQL and Redis when DATABASE_URL and REDIS_URL are set.
 */
import { createServer } from 'node:http';
import { createReadiness, exitOnSignal, forCategory, healthAnswer, LISTEN_BACKLOG, loadConfigOrExit, openDeps } from '@volley/core';
import { createSyncServer } from './index.js';

const config = loadConfigOrExit('volley-sync');
const deps = await openDeps({ config });
const log = forCategory(deps.logger, 'server');
const sync = createSyncServer(deps);
let stopping = false;
const readiness = createReadiness({ db: deps.db, bus: deps.bus, redis: Boolean(config.redis) }, () => stopping);

const server = createServer((req, res) => {
  void healthAnswer((req.url ?? '').split('?')[0]!, readiness).then((answer = { status: 404, body: { error: { code: 'not_found', message: 'There is nothing here.' } } }) => {
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer.body));
  });
});
server.on('upgrade', (req, socket, head) => {
  if ((req.url ?? '').startsWith('/sync/')) return sync.handleUpgrade(req, socket, head);
  socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
});
server.listen({ port: config.port, host: config.host, backlog: LISTEN_BACKLOG }, () => log.info({ address: server.address() }, 'sync server listening'));

exitOnSignal(deps.logger, async () => {
  // Not ready from now on, while the sockets close with 4502 (retryable: the clients reconnect to
  // another instance) and the ops and updates held are decided and written.
  stopping = true;
  await sync.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await deps.close();
});
