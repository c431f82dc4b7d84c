/**
 * Test support: real dependencies, isolated per test file. PostgreSQL and Redis when
 * DATABASE_URL / REDIS_URL are set (CI), in-memory PGlite and the in-process bus otherwise.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import webpush from 'web-push';
import { afterAll, afterEach } from 'vitest';
import { createBus, type Bus } from './bus.js';
import { loadConfig, LOOSE_THROTTLES } from './config.js';
import { connectDb, type Db } from './db/connect.js';
import { migrate } from './db/migrate.js';
import { openDeps, type Deps } from './deps.js';
import type { Logger } from './logger.js';

export interface TestDeps extends Deps {
  /**
   * The bus another process would have: with Redis, a bus of its own on this one's channels (closed
   * with the rest); without, the in-process bus itself, the only one there is.
   */
  otherProcessBus(): Bus;
  /** Drops the test schema and closes every connection. */
  close(): Promise<void>;
}

/** A key pair per test process, so that tests write none under the working directory. */
let vapid: { VAPID_PUBLIC_KEY: string; VAPID_PRIVATE_KEY: string } | undefined;
function testVapidKeys() {
  if (vapid) return vapid;
  const keys = webpush.generateVAPIDKeys();
  return (vapid = { VAPID_PUBLIC_KEY: keys.publicKey, VAPID_PRIVATE_KEY: keys.privateKey });
}

/** Deps on a fresh schema (or embedded database); `logger` to read what they log. */
export async function createTestDeps(overrides: Record<string, string | undefined> = {}, logger?: Logger): Promise<TestDeps> {
  const id = randomBytes(6).toString('hex');
  const config = loadConfig({
    DATABASE_URL: process.env.DATABASE_URL,
    REDIS_URL: process.env.REDIS_URL,
    JWT_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    REDIS_PREFIX: `volley-test-${id}:`,
    ...testVapidKeys(),
    ...LOOSE_THROTTLES,
    // Mail as on the embedded default whichever the database: a test of mail being off says so.
    MAIL_TO_LOG: 'true',
    ...overrides,
  });
  const schema = `test_${id}`;
  const { databaseUrl } = config;
  const deps = await openDeps({
    config,
    logger,
    connect: (log) => (databaseUrl ? connectDb({ databaseUrl, dataDir: null, schema, log }) : migratedPglite()),
    beforeDbCloses: async (db) => {
      if (databaseUrl) await db.raw('drop schema if exists ?? cascade', [schema]);
    },
  });
  const others: Bus[] = [];
  return {
    ...deps,
    otherProcessBus() {
      if (!config.redis) return deps.bus;
      const other = createBus(config.redis, config.redisPrefix);
      others.push(other);
      return other;
    },
    async close() {
      await Promise.all(others.map((b) => b.close()));
      await deps.close();
    },
  };
}

/**
 * A test file's deps, at its top: `const deps = await testDeps()`. Closed after the file's last
 * test; `afterEach` (closing what each test opened) runs after every test.
 */
export async function testDeps(options: { env?: Record<string, string | undefined>; afterEach?: () => unknown } = {}): Promise<TestDeps> {
  const deps = await createTestDeps(options.env);
  if (options.afterEach) afterEach(options.afterEach);
  afterAll(() => deps.close());
  return deps;
}

const migrationsDir = new URL('./db/migrations/', import.meta.url);

/**
 * An in-memory PGlite with every migration run. A fresh one takes ~4 s (initdb, then the
 * migrations); loading a migrated data directory takes ~1 s. The first test process to need it
 * makes the dump, kept in the temporary directory under a hash of the migrations' sources, and
 * every later one loads it.
 */
async function migratedPglite(): Promise<Db> {
  const hash = createHash('sha256');
  for (const name of readdirSync(migrationsDir).sort()) hash.update(name).update(readFileSync(new URL(name, migrationsDir)));
  const file = join(tmpdir(), `volley-pglite-migrated-${hash.digest('hex').slice(0, 16)}.tar`);
  try {
    const db = await connectDb({ dataDir: null, loadDataDir: new Blob([readFileSync(file)]) });
    // PGlite starts on the first query: a dump it cannot load fails here.
    await db.raw('select 1').catch(async (err: unknown) => {
      await db.destroy();
      throw err;
    });
    return db;
  } catch {
    // None yet, or one a PGlite of another version wrote: made again.
    rmSync(file, { force: true });
  }
  const db = await connectDb({ dataDir: null });
  await migrate(db);
  const pglite = (db.client.config.connection as { pglite: PGlite }).pglite;
  const dump = Buffer.from(await (await pglite.dumpDataDir('none')).arrayBuffer());
  // Written whole, then renamed: a process reading it never sees half of it.
  const partial = `${file}.${process.pid}`;
  writeFileSync(partial, dump);
  renameSync(partial, file);
  return db;
}
export * from './push/push-service.testing.js';
export * from './redis-cluster.testing.js';
export * from './tcp-proxy.testing.js';
