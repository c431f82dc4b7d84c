/** The servers under test, each in its own process, started and stopped by the harness. */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { LOOSE_THROTTLES } from '@volley/core';
import { freePort, kill, proc } from './processes.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(import.meta.url);

export interface ServerUnderTest {
  name: 'volley' | 'reference' | 'durable' | 'deciding' | 'hocuspocus';
  /** Base URL of the sync socket, the room is appended. */
  syncUrl: string;
  /** Volley only: the API base. */
  apiUrl?: string;
  pid: number;
  /** Processes of its own besides the one measured (Volley's api when apart): their CPU is printed beside, not counted in. */
  beside?: { name: string; pid: number }[];
  /** Where its PostgreSQL backends are (bench/lib/pg-backends.ts), when it has any. */
  postgres?: PostgresBackends;
  stop(): Promise<void>;
}

/** A server's PostgreSQL backends: on the server at `url`, those of one database or one application name. */
export interface PostgresBackends {
  url: string;
  database?: string;
  application?: string;
}

async function waitUntil(probe: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${what} did not start`);
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
}

/**
 * Server settings for a bench whose accounts send faster than a person may (docs/protocol.md, "Rate
 * limits"): what it measures is the server's work, not the op rate limit.
 */
export const UNLIMITED_OPS = { OP_RATE_PER_SECOND: '10000', OP_RATE_BURST: '10000' };

/**
 * Access tokens that outlast a run: the harness registers its accounts once and uses their tokens
 * for every round (a run of six servers takes 25 minutes, past the default 15), and its sockets do
 * not renew theirs.
 */
const RUN_LONG_TOKENS = { ACCESS_TOKEN_TTL: String(24 * 3600) };

/**
 * Volley's embedded server (`npm start` minus the build), on PGlite, or PostgreSQL/Redis when their
 * URLs are set. Given a `dataDir`, it starts on that one and leaves it in place when it stops; given
 * a `root`, it is that checkout's built server (this one's by default).
 */
export async function startVolley(port: number, options: { dataDir?: string; env?: Record<string, string>; nodeArgs?: string[]; root?: string } = {}): Promise<ServerUnderTest & { dataDir: string }> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'volley-bench-'));
  const database = process.env.DATABASE_URL ? await benchDatabase(process.env.DATABASE_URL, dataDir) : undefined;
  // BENCH_VOLLEY_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server under load.
  const nodeArgs = [...(options.nodeArgs ?? []), ...(process.env.BENCH_VOLLEY_NODE_ARGS?.split(' ').filter(Boolean) ?? [])];
  const child = spawn(process.execPath, [...nodeArgs, join(options.root ?? root, 'server/dist/main.js')], {
    env: { ...process.env, ...LOOSE_THROTTLES, ...RUN_LONG_TOKENS, ...options.env, ...(database && { DATABASE_URL: database.url }), PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn' },
    // BENCH_LOG_LEVEL=info shows the server's log (on stdout) while debugging the harness.
    stdio: ['ignore', process.env.BENCH_LOG_LEVEL ? 'inherit' : 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  await waitUntil(async () => (await fetch(`${base}/healthz`)).ok, 'volley');
  return {
    name: 'volley',
    syncUrl: `ws://127.0.0.1:${port}/sync`,
    apiUrl: `${base}/api/v1`,
    pid: child.pid!,
    dataDir,
    ...(database && { postgres: { url: process.env.DATABASE_URL!, database: database.name } }),
    stop: async () => {
      await stopper(child)();
      if (options.dataDir) return;
      rmSync(dataDir, { recursive: true, force: true });
      await database?.drop();
    },
  };
}

/**
 * Volley as docker-compose.yml deploys it on PostgreSQL + Redis: the api and the sync server in
 * processes of their own, on a database and a Redis prefix of their own, `env` given to both and
 * `syncEnv` to the sync server. The sync server, which carries the send path, is the process
 * measured (`pid`); the api is `beside` it.
 */
export async function startVolleyApart(port: number, options: { env?: Record<string, string>; syncEnv?: Record<string, string> } = {}): Promise<ServerUnderTest> {
  const { DATABASE_URL: url, REDIS_URL: redis } = process.env;
  if (!url || !redis) throw new Error('Volley apart runs on PostgreSQL + Redis: DATABASE_URL and REDIS_URL');
  const dataDir = mkdtempSync(join(tmpdir(), 'volley-bench-'));
  const database = await benchDatabase(url, dataDir);
  const env = { ...RUN_LONG_TOKENS, ...options.env, DATA_DIR: dataDir, DATABASE_URL: database.url, JWT_SECRET: randomBytes(32).toString('hex'), REDIS_PREFIX: `volley-bench-${randomBytes(4).toString('hex')}:`, LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn' };
  const api = proc('api', true, env, await freePort());
  const sync = proc('sync-server', true, { ...env, ...options.syncEnv }, port);
  const stop = async () => {
    await Promise.all([api, sync].map((p) => p.child && kill(p, 'SIGTERM')));
    rmSync(dataDir, { recursive: true, force: true });
    await database.drop();
  };
  try {
    // One after the other: the api migrates the schema, the sync server finds it there.
    await api.start();
    await sync.start();
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    name: 'volley',
    syncUrl: `ws://127.0.0.1:${sync.port}/sync`,
    apiUrl: `http://127.0.0.1:${api.port}/api/v1`,
    pid: sync.child.pid!,
    beside: [{ name: 'api', pid: api.child.pid! }],
    postgres: { url, database: database.name },
    stop,
  };
}

/**
 * On PostgreSQL, a database of the run's own (named after its data directory, so a restart on the
 * same directory finds its data): what earlier runs left in a shared one (rooms that a start-time
 * reconcile loads, thousands of users) is no part of what is measured.
 */
async function benchDatabase(url: string, dataDir: string): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `volley_bench_${dataDir.split('/').at(-1)!.replace(/[^a-zA-Z0-9]/g, '_').toLowerCase()}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (rowCount === 0) await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const own = new URL(url);
  own.pathname = `/${name}`;
  return {
    url: own.toString(),
    name,
    async drop() {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`drop database if exists "${name}" with (force)`).finally(() => client.end());
    },
  };
}

/** The reference: y-websocket 2.1.0's own server (`bin/server.cjs`), unmodified, in memory. */
export async function startReference(port: number, options: { nodeArgs?: string[] } = {}): Promise<ServerUnderTest> {
  // The package exports no path to its server script; it sits beside package.json.
  const script = join(dirname(require.resolve('y-websocket-reference/package.json')), 'bin/server.cjs');
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), script], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitUntil(async () => (await fetch(`http://127.0.0.1:${port}/`)).ok, 'reference');
  return { name: 'reference', syncUrl: `ws://127.0.0.1:${port}`, pid: child.pid!, stop: stopper(child) };
}

function startScript(script: string, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL(script, import.meta.url))], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/**
 * A peer on PostgreSQL at `databaseUrl`, in a schema of the run's own, dropped when it stops: the
 * durable peer (`durable-peer.ts`), the reference's relay committing each update before applying
 * it; or the deciding peer (`deciding-peer.ts`), which decides op frames and writes the messages
 * itself, committed before they are shown. Its connection's application name finds its backend.
 */
export async function startPeer(kind: 'durable' | 'deciding', port: number, databaseUrl: string): Promise<ServerUnderTest> {
  const schema = `bench_${kind}_${Date.now().toString(36)}_${port}`;
  const application = schema;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`create schema "${schema}"`).finally(() => admin.end());
  const child = startScript(`./${kind}-peer.ts`, { PORT: String(port), PEER_DATABASE_URL: databaseUrl, PEER_SCHEMA: schema, PEER_APPLICATION: application });
  await waitUntil(async () => (await fetch(`http://127.0.0.1:${port}/`)).ok, `${kind} peer`);
  return {
    name: kind,
    syncUrl: `ws://127.0.0.1:${port}`,
    pid: child.pid!,
    postgres: { url: databaseUrl, application },
    stop: async () => {
      await stopper(child)();
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      await client.query(`drop schema if exists "${schema}" cascade`).finally(() => client.end());
    },
  };
}

/** Hocuspocus on its defaults with its SQLite extension (`hocuspocus-server.ts`), in a directory of its own. */
export async function startHocuspocus(port: number): Promise<ServerUnderTest> {
  const dir = mkdtempSync(join(tmpdir(), 'volley-bench-hocuspocus-'));
  const child = startScript('./hocuspocus-server.ts', { PORT: String(port), HOCUSPOCUS_SQLITE: join(dir, 'documents.sqlite') });
  await waitUntil(async () => (await fetch(`http://127.0.0.1:${port}/`)).status > 0, 'hocuspocus');
  return {
    name: 'hocuspocus',
    syncUrl: `ws://127.0.0.1:${port}`,
    pid: child.pid!,
    stop: async () => {
      await stopper(child)();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
