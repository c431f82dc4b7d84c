import { createServer, type Server } from 'node:net';
import { randomBytes } from 'node:crypto';
import { afterAll, expect, it } from 'vitest';
import { loadConfig, LOOSE_THROTTLES } from './config.js';
import { connectDb, type Db } from './db/connect.js';
import { openDeps } from './deps.js';

const taken: Server = createServer();
await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
afterAll(() => new Promise((resolve) => taken.close(resolve)));

it('fails to start on a metrics port already taken, and closes the database it had opened', async () => {
  const port = (taken.address() as { port: number }).port;
  const id = randomBytes(6).toString('hex');
  const config = loadConfig({
    DATABASE_URL: process.env.DATABASE_URL,
    REDIS_URL: process.env.REDIS_URL,
    REDIS_PREFIX: `volley-test-${id}:`,
    JWT_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'silent',
    METRICS_PORT: String(port),
    METRICS_HOST: '127.0.0.1',
    ...LOOSE_THROTTLES,
  });
  let db: Db | undefined;
  const schema = `test_${id}`;
  let dropped = false;
  await expect(
    openDeps({
      config,
      connect: async () => (db = await connectDb({ databaseUrl: config.databaseUrl, dataDir: null, schema })),
      beforeDbCloses: async (open) => {
        if (config.databaseUrl) await open.raw('drop schema if exists ?? cascade', [schema]);
        dropped = true;
      },
    }),
  ).rejects.toThrow(/EADDRINUSE/);
  expect(dropped).toBe(true);
  await expect(db!.raw('select 1')).rejects.toThrow();
});
