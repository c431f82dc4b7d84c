/**
 * The dependencies both servers are built from (docs/architecture.md §1), opened in dependency
 * order from a plain object of options and closed in the reverse order. One sequence for
 * api/src/main.ts, sync-server/src/main.ts, server/src/volley.ts and the tests' deps.
 */
import { createBus, type Bus } from './bus.js';
import type { Config } from './config.js';
import { connectDb, isPostgres, type Db } from './db/connect.js';
import { EmbeddedUpkeep } from './db/embedded-upkeep.js';
import { migrate } from './db/migrate.js';
import { DomainEvents } from './events.js';
import { createLogger, forCategory, type Logger } from './logger.js';
import { serveMetrics } from './metrics.js';
import { SiteGate } from './site-gate.js';
import { AccessTokens } from './tokens.js';

export interface Deps {
  config: Config;
  db: Db;
  bus: Bus;
  logger: Logger;
  tokens: AccessTokens;
  /** Site bans and kicks, asked at every request and socket upgrade, and of open sockets when they change. */
  gate: SiteGate;
}

export interface OpenDeps extends Deps {
  /** Where `/metrics` listens (METRICS_PORT), if it does. */
  metricsPort: number | undefined;
  /** Closes what was opened, newest first: metrics, gate, bus, database. */
  close(): Promise<void>;
}

export interface DepsOptions {
  config: Config;
  /** Default: one at the configured level. */
  logger?: Logger;
  /**
   * Opens the database. Default: the configured one (PostgreSQL at DATABASE_URL, PGlite under
   * DATA_DIR otherwise); tests open a schema or an in-memory PGlite of their own.
   */
  connect?: (log: Logger) => Promise<Db>;
  /** The last use of the database before it closes (tests drop their schema). */
  beforeDbCloses?: (db: Db) => Promise<void>;
}

export async function openDeps(options: DepsOptions): Promise<OpenDeps> {
  const { config, logger = createLogger(config.logLevel) } = options;
  // What is open so far, with how to close it: newest first, on close or when a later step fails.
  const opened: (() => Promise<void>)[] = [];
  const close = async () => {
    while (opened.length > 0) await opened.pop()!();
  };
  try {
    const dbLog = forCategory(logger, 'db');
    const db = await (options.connect ?? ((log) => connectDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, log })))(dbLog);
    opened.push(async () => {
      await options.beforeDbCloses?.(db);
      await db.destroy();
    });
    // Under a PostgreSQL advisory lock: of the processes starting at once, one migrates.
    await migrate(db);
    if (!isPostgres(db)) {
      const upkeep = new EmbeddedUpkeep(db, { everyMs: 10 * 60_000, log: forCategory(logger, 'db') });
      opened.push(() => upkeep.stop());
    }
    const bus = createBus(config.redis, config.redisPrefix);
    opened.push(() => bus.close());
    const tokens = new AccessTokens(config.jwtSecret, config.accessTokenTtl, config.jwtPreviousSecret);
    const gate = await SiteGate.open(db, { events: new DomainEvents(bus), log: forCategory(logger, 'server'), accessTokenTtl: config.accessTokenTtl });
    opened.push(() => gate.close());
    const metrics = await serveMetrics(config, db);
    opened.push(() => metrics.close());
    return { config, db, bus, logger, tokens, gate, metricsPort: metrics.port, close };
  } catch (err) {
    // A process that could not start exits; a test that could not start goes on to the next.
    await close().catch(() => undefined);
    throw err;
  }
}
