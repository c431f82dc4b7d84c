/**
 * The sync server alone (scale-out, docs/architecture.md §2): `/sync/<room>` sockets and `/healthz`, on
 * PostgreSQL and Redis when DATABASE_URL and REDIS_URL are set.
 */
import { createServer } from 'node:http';
import { AccessTokens, ConfigError, connectDb, createBus, createLogger, forCategory, loadConfig, migrate, type Config } from '@volley/core';
import { createSyncServer } from './index.js';

let config: Config;
try {
  config = loadConfig();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`volley-sync: ${err.message}\n`);
  process.exit(2);
}
const logger = createLogger(config.logLevel);
const log = forCategory(logger, 'server');
const db = await connectDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
await migrate(db);
const bus = createBus(config.redisUrl);
const sync = createSyncServer({ config, db, bus, logger, tokens: new AccessTokens(config.jwtSecret, config.accessTokenTtl) });

const server = createServer((req, res) => {
  const healthy = (req.url ?? '').split('?')[0] === '/healthz';
  res.writeHead(healthy ? 200 : 404, { 'content-type': 'application/json' });
  res.end(JSON.stringify(healthy ? { ok: true } : { error: { code: 'not_found', message: 'not found' } }));
});
server.on('upgrade', (req, socket, head) => {
  if ((req.url ?? '').startsWith('/sync/')) return sync.handleUpgrade(req, socket, head);
  socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
});
server.listen(config.port, config.host, () => log.info({ address: server.address() }, 'sync server listening'));

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    const closed = new Promise((resolve) => server.close(resolve));
    sync
      .close()
      .then(() => closed)
      .then(() => Promise.all([bus.close(), db.destroy()]))
      .then(
        () => process.exit(0),
        (err: unknown) => {
          log.error({ err }, 'unclean stop');
          process.exit(1);
        },
      );
  });
}
