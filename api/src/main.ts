/** Runs the api alone (scale-out): `node api/dist/main.js`, configured by the environment. */
import { createServer } from 'node:http';
import { ConfigError, exitOnSignal, forCategory, loadConfig, openDeps, type Config } from '@volley/core';
import { createApi } from './index.js';
import { listenOperator } from './operator-socket.js';

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    // No logger yet: its level is part of the configuration that failed.
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
}

const deps = await openDeps({ config: readConfig() });
const { config, logger } = deps;
const log = forCategory(logger, 'server');
const api = createApi(deps);
const server = createServer(api.callback());
server.on('upgrade', (req, socket, head) => {
  if ((req.url ?? '').startsWith('/game/')) return api.handleUpgrade(req, socket, head);
  socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
});
server.listen(config.port, config.host, () => log.info({ host: config.host, port: config.port }, 'api listening'));
const operator = await listenOperator(config.dataDir, api.operatorCallback());

exitOnSignal(logger, async () => {
  // `/readyz` answers 503 while the requests in flight are answered and the game sockets close with 4502.
  await api.close();
  server.closeAllConnections();
  operator.close();
  await new Promise((resolve) => server.close(resolve));
  await deps.close();
});
