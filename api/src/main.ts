/** Runs the api alone (scale-out): `node api/dist/main.js`, configured by the environment. */
import { createServer } from 'node:http';
import { AccessTokens, ConfigError, connectDb, createBus, createLogger, forCategory, loadConfig, migrate, type Config } from '@volley/core';
import { createApi } from './index.js';

// Long enough for in-flight requests; a stuck one must not keep a stopping process alive forever.
const SHUTDOWN_GRACE_MS = 10_000;

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

const config = readConfig();
const logger = createLogger(config.logLevel);
const log = forCategory(logger, 'server');
const db = await connectDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
await migrate(db);
const bus = createBus(config.redisUrl);
const api = createApi({ config, db, bus, logger, tokens: new AccessTokens(config.jwtSecret, config.accessTokenTtl) });
const server = createServer(api.callback());
server.on('upgrade', (req, socket, head) => {
  if ((req.url ?? '').startsWith('/game/')) return api.handleUpgrade(req, socket, head);
  socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
});
server.listen(config.port, config.host, () => log.info({ host: config.host, port: config.port }, 'api listening'));

async function shutdown(signal: string): Promise<void> {
  log.info({ signal }, 'shutting down');
  setTimeout(() => {
    log.error('shutdown timed out');
    process.exit(1);
  }, SHUTDOWN_GRACE_MS).unref();
  server.close();
  await api.close();
  server.closeAllConnections();
  await bus.close();
  await db.destroy();
  log.info('stopped');
}

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    shutdown(signal).catch((err: Error) => {
      log.error({ err: { name: err.name, message: err.message } }, 'shutdown failed');
      process.exit(1);
    });
  });
}
