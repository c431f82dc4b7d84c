import type { Bus } from './bus.js';
import type { Db } from './db/connect.js';
import { migrationsDone } from './db/migrate.js';

/** A probe slower than this counts as a failure: a hung dependency must not hang the probe. */
const PROBE_TIMEOUT_MS = 2000;

/** `ok`, or what is wrong. */
export type Check = 'ok' | string;

export interface ReadinessReport {
  ready: boolean;
  checks: { stopping: Check; database: Check; redis?: Check; migrations: Check };
}

export interface Readiness {
  check(): Promise<ReadinessReport>;
}

const within = <T>(work: Promise<T>, what: string): Promise<T> =>
  Promise.race([work, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} did not answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS).unref())]);

const outcome = (work: Promise<unknown>): Promise<Check> => work.then(() => 'ok', (err: Error) => err.message || String(err));

/**
 * Whether this process can serve (`/readyz`): not stopping, the database answers, Redis answers when
 * configured, and the schema is at this code's version (a process started against a database
 * another version migrated is not ready). Migrations, once done, stay done.
 */
export function createReadiness(deps: { db: Db; bus: Bus; redis: boolean }, isStopping: () => boolean): Readiness {
  let migrated = false;
  const migrations = async () => {
    migrated ||= await migrationsDone(deps.db);
    if (!migrated) throw new Error('migrations pending');
  };
  return {
    async check() {
      const [database, redis, schema] = await Promise.all([
        outcome(within(deps.db.raw('select 1'), 'the database')),
        deps.redis ? outcome(within(deps.bus.ping(), 'Redis')) : undefined,
        outcome(within(migrations(), 'the migrations table')),
      ]);
      const checks = { stopping: isStopping() ? 'shutting down' : 'ok', database, ...(redis && { redis }), migrations: database === 'ok' ? schema : 'unknown: no database' };
      return { ready: Object.values(checks).every((c) => c === 'ok'), checks };
    },
  };
}

/**
 * The answer to `/healthz` (the process is alive: always 200 while it answers) and `/readyz` (200, or
 * 503 in the shared error shape with each check), or undefined for another path. Every server mounts it.
 */
export async function healthAnswer(path: string, readiness: Readiness): Promise<{ status: number; body: unknown } | undefined> {
  if (path === '/healthz') return { status: 200, body: { status: 'ok' } };
  if (path !== '/readyz') return undefined;
  const { ready, checks } = await readiness.check();
  if (ready) return { status: 200, body: { status: 'ready', checks } };
  const wrong = Object.entries(checks).filter(([, c]) => c !== 'ok').map(([name, c]) => `${name}: ${c}`);
  return { status: 503, body: { error: { code: 'unavailable', message: `Not ready (${wrong.join('; ')}).`, checks } } };
}
