/** Runs the api alone (scale-out): `node api/dist/main.js`, configured by the environment. */
import { createServer } from 'node:http';
import { exitOnSignal, forCategory, LISTEN_BACKLOG, loadConfigOrExit, openDeps } from '@volley/core';
import { createApi } from './index.js';
import { listenOperator } from './operator-socket.js';

const deps = await openDeps({ config: loadConfigOrExit('volley-api') });
const { config, logger } = deps;
const log = forCategory(logger, 'server');
const api = createApi(deps);
const server = createServer(api.callback());
server.on('upgrade', (req, socket, head) => {
  if ((req.url ?? '').startsWith('/game/')) return api.handleUpgrade(req, socket, head);
  socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
});
// The operator's socket first: once the port answers (and `/readyz` with it), `npm run admin` reaches this process too.
const operator = await listenOperator(config.dataDir, api.operatorCallback());
server.listen({ port: config.port, host: config.host, backlog: LISTEN_BACKLOG }, () => log.info({ host: config.host, port: config.port }, 'api listening'));

exitOnSignal(logger, async () => {
  // `/readyz` answers 503 while the requests in flight are answered and the game sockets close with 4502.
  await api.close();
  server.closeAllConnections();
  operator.close();
  await new Promise((resolve) => server.close(resolve));
  await deps.close();
});
