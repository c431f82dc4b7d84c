/**
 * Volley as docker-compose deploys it, for the tests that run it so: built api and sync-server
 * processes on PostgreSQL and Redis, each install on a database and a Redis prefix of its own,
 * behind nginx running deploy/nginx.conf (bench/lib/proxy.ts). `deploymentMissing` says what this
 * machine lacks for it; a suite skips with that line.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { freePort, kill, ownDatabase, proc, type Proc } from '../../bench/lib/processes.js';
import { NGINX } from '../../bench/lib/proxy.js';

export { startProxy, type Proxy as NginxProxy } from '../../bench/lib/proxy.js';
export { freePort } from '../../bench/lib/processes.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Why a deployment cannot run here (no PostgreSQL + Redis, no nginx, no build); undefined when it can. */
export const deploymentMissing: string | undefined = !(process.env.DATABASE_URL && process.env.REDIS_URL)
  ? 'DATABASE_URL and REDIS_URL are not set (the embedded run)'
  : !existsSync(NGINX)
    ? `no nginx at ${NGINX} (apt-get install nginx)`
    : !['api', 'sync-server'].every((pkg) => existsSync(join(root, pkg, 'dist/main.js')))
      ? 'the servers are not built (npm run build)'
      : undefined;

/** Says in the test log why `suite` did not run, when it does not. */
export function sayWhySkipped(suite: string): void {
  // biome-ignore lint/suspicious/noConsole: says in the log why this suite did not run.
  if (deploymentMissing) console.info(`${suite}: skipped, ${deploymentMissing}`);
}

export interface Install {
  prefix: string;
  database: Awaited<ReturnType<typeof ownDatabase>>;
  env: Record<string, string>;
}

/** A database of its own, a Redis prefix of its own: one install sharing the machine's PostgreSQL and Redis. */
export async function install(extra: Record<string, string> = {}): Promise<Install> {
  const dataDir = mkdtempSync(join(tmpdir(), 'volley-deployed-'));
  const database = await ownDatabase(process.env.DATABASE_URL!);
  const prefix = `volley-test-${randomBytes(4).toString('hex')}:`;
  const env = { DATA_DIR: dataDir, JWT_SECRET: randomBytes(32).toString('hex'), DATABASE_URL: database.url, REDIS_PREFIX: prefix, ...extra };
  return { prefix, database, env };
}

/** Drops an install's database, its Redis keys and its data directory. */
export async function uninstall(i: Install): Promise<void> {
  await Promise.all([i.database.drop(), forget(i.prefix)]);
  rmSync(i.env.DATA_DIR!, { recursive: true, force: true });
}

/** Deletes an install's Redis keys: processes killed with -9 leave their subscriber sets behind (a SIGTERM removes them). */
async function forget(prefix: string): Promise<void> {
  const redis = new Redis(process.env.REDIS_URL!);
  for await (const keys of redis.scanStream({ match: `${prefix}*`, count: 1000 }) as AsyncIterable<string[]>) if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
}

/** A built server process with its metrics port. */
export interface Started extends Proc {
  metrics: number;
}

/** Built processes spawned for a suite (started with `start()`), and killed together at its end. */
export function builtProcesses(): { running: Started[]; spawn(pkg: 'api' | 'sync-server', env: Record<string, string>): Promise<Started>; killAll(): Promise<void> } {
  const running: Started[] = [];
  return {
    running,
    async spawn(pkg, env) {
      const metrics = await freePort();
      const p = Object.assign(proc(pkg, true, { ...env, METRICS_PORT: String(metrics), METRICS_HOST: '127.0.0.1' }, await freePort()), { metrics });
      running.push(p);
      return p;
    },
    async killAll() {
      await Promise.all(running.map((p) => p.child && kill(p, 'SIGKILL')));
    },
  };
}

/** The sockets of a kind a process holds, from its /metrics. */
export async function socketsOpen(p: Started, kind: 'sync' | 'game'): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${p.metrics}/metrics`)).text();
  return Number(new RegExp(`^volley_sockets_open\\{socket="${kind}"\\} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
}
