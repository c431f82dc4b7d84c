/**
 * Test support: real dependencies, isolated per test file. PostgreSQL and Redis when
 * DATABASE_URL / REDIS_URL are set (CI), in-memory PGlite and the in-process bus otherwise.
 */
import { randomBytes } from 'node:crypto';
import { createBus, type Bus } from './bus.js';
import { loadConfig, LOOSE_THROTTLES, type Config } from './config.js';
import { connectDb, type Db } from './db/connect.js';
import { migrate } from './db/migrate.js';
import { createLogger, type Logger } from './logger.js';
import { DomainEvents } from './events.js';
import { SiteGate } from './site-gate.js';
import { AccessTokens } from './tokens.js';

export interface TestDeps {
  config: Config;
  db: Db;
  bus: Bus;
  logger: Logger;
  tokens: AccessTokens;
  gate: SiteGate;
  /**
   * The bus another process would have: with Redis, a bus of its own on this one's channels (closed
   * with the rest); without, the in-process bus itself, the only one there is.
   */
  otherProcessBus(): Bus;
  /** Drops the test schema and closes every connection. */
  close(): Promise<void>;
}

export async function createTestDeps(overrides: Record<string, string> = {}): Promise<TestDeps> {
  const id = randomBytes(6).toString('hex');
  const config = loadConfig({
    DATABASE_URL: process.env.DATABASE_URL,
    REDIS_URL: process.env.REDIS_URL,
    JWT_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    REDIS_PREFIX: `volley-test-${id}:`,
    ...LOOSE_THROTTLES,
    ...overrides,
  });
  const schema = `test_${id}`;
  const db = await connectDb({ databaseUrl: config.databaseUrl, dataDir: null, schema });
  await migrate(db);
  const bus = createBus(config.redisUrl, config.redisPrefix);
  const others: Bus[] = [];
  const gate = await SiteGate.open(db, { events: new DomainEvents(bus) });
  return {
    config,
    db,
    bus,
    logger: createLogger(config.logLevel),
    tokens: new AccessTokens(config.jwtSecret, config.accessTokenTtl),
    gate,
    otherProcessBus() {
      if (!config.redisUrl) return bus;
      const other = createBus(config.redisUrl, config.redisPrefix);
      others.push(other);
      return other;
    },
    async close() {
      await gate.close();
      await Promise.all([bus, ...others].map((b) => b.close()));
      if (config.databaseUrl) await db.raw('drop schema if exists ?? cascade', [schema]);
      await db.destroy();
    },
  };
}
