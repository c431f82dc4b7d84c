/**
 * The cluster of docker-compose.cluster.yml as local processes, for the failover drill: etcd, three
 * PostgreSQL nodes under Patroni (deploy/cluster/patroni.yml itself, with each node's addresses in
 * its environment), HAProxy (deploy/cluster/haproxy.cfg with the nodes' addresses), and Redis with a
 * replica and three sentinels (deploy/cluster/sentinel.conf) unless `sentinel: false` (a Redis
 * Cluster started apart instead). Each on its own port from `base`, in a temporary directory;
 * PostgreSQL runs as the `postgres` user (it refuses root).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, chownSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { sleep } from './processes.js';

const cluster = fileURLToPath(new URL('../../deploy/cluster/', import.meta.url));
const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface PgNode {
  name: string;
  pgPort: number;
  restPort: number;
  patroni: ChildProcess;
  dataDir: string;
}

export interface Cluster {
  /** PostgreSQL through HAProxy: the primary, whichever node it is. */
  databaseUrl: string;
  /** The sentinels' addresses, as REDIS_SENTINELS takes them; empty without them. */
  sentinels: string;
  nodes: PgNode[];
  redis: { port: number; child: ChildProcess }[];
  /** The node Patroni says is the leader now. */
  primary(): Promise<PgNode>;
  /** The node's Patroni and PostgreSQL killed with SIGKILL, as a machine lost. */
  loseNode(node: PgNode): Promise<void>;
  /** The Redis the sentinels name as primary now. */
  redisPrimary(): Promise<{ port: number; child: ChildProcess }>;
  stop(): Promise<void>;
}

function run(command: string, args: string[], log: string, options: { uid?: number; gid?: number; env?: Record<string, string> } = {}): ChildProcess {
  const out = openSync(log, 'a');
  const child = spawn(command, args, { stdio: ['ignore', out, out], env: { ...process.env, ...options.env }, ...(options.uid !== undefined && { uid: options.uid, gid: options.gid }) });
  // A command not installed: said in its log, and the wait for it fails and stops what was started,
  // rather than the unhandled error ending this process with the others left running.
  child.on('error', (err) => appendFileSync(log, `${command}: ${err.message}\n`));
  return child;
}

async function until<T>(what: string, read: () => Promise<T | undefined>, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms / 1000} s`);
    await sleep(250);
  }
}

function killed(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

function postmasterPid(dataDir: string): number | undefined {
  try {
    return Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return undefined;
  }
}

export async function startCluster(base: number, log: (line: string) => void, { sentinel = true } = {}): Promise<Cluster> {
  const dir = mkdtempSync('/tmp/volley-cluster-');
  const postgres = { uid: Number(process.env.PG_UID ?? 101), gid: Number(process.env.PG_GID ?? 104) };
  if (userInfo().uid === 0) chownSync(dir, postgres.uid, postgres.gid);
  const logs = join(dir, 'logs');
  mkdirSync(logs);
  const children: ChildProcess[] = [];
  const nodes: PgNode[] = [];
  const redis: { port: number; child: ChildProcess }[] = [];
  const etcdPort = base + 1;
  const haproxyPort = base + 30;
  const stop = async () => {
    await Promise.all(children.map((child) => killed(child, 'SIGTERM')));
    for (const node of nodes) {
      const pid = postmasterPid(node.dataDir);
      if (pid) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {}
      }
    }
    await sleep(500);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const etcd = run('etcd', ['--name', 'etcd-1', '--data-dir', join(dir, 'etcd'), '--listen-client-urls', `http://127.0.0.1:${etcdPort}`, '--advertise-client-urls', `http://127.0.0.1:${etcdPort}`, '--listen-peer-urls', `http://127.0.0.1:${base + 2}`, '--initial-advertise-peer-urls', `http://127.0.0.1:${base + 2}`, '--initial-cluster', `etcd-1=http://127.0.0.1:${base + 2}`], join(logs, 'etcd.log'));
    children.push(etcd);
    await until('etcd', async () => ((await fetch(`http://127.0.0.1:${etcdPort}/health`)).ok ? true : undefined), 20_000);
    log(`etcd on ${etcdPort}`);

    const scope = `volley-drill-${base}-${Date.now()}`;
    for (let i = 1; i <= 3; i++) {
      const node = { name: `pg-${i}`, pgPort: base + 10 + i, restPort: base + 20 + i, dataDir: join(dir, `pg-${i}`) } as PgNode;
      const address = (port: number) => `127.0.0.1:${port}`;
      node.patroni = run('patroni', [join(cluster, 'patroni.yml')], join(logs, `${node.name}.log`), {
        ...postgres,
        env: {
          PATRONI_SCOPE: scope,
          PATRONI_NAME: node.name,
          PATRONI_RESTAPI_LISTEN: address(node.restPort),
          PATRONI_RESTAPI_CONNECT_ADDRESS: address(node.restPort),
          PATRONI_POSTGRESQL_LISTEN: address(node.pgPort),
          PATRONI_POSTGRESQL_CONNECT_ADDRESS: address(node.pgPort),
          PATRONI_POSTGRESQL_DATA_DIR: node.dataDir,
          PATRONI_POSTGRESQL_PGPASS: join(dir, `pgpass-${i}`),
          PATRONI_POSTGRESQL_BIN_DIR: PG_BIN,
          PATRONI_ETCD3_HOSTS: `127.0.0.1:${etcdPort}`,
        },
      });
      children.push(node.patroni);
      nodes.push(node);
      // The first bootstraps the cluster; the others clone it once it leads.
      if (i === 1) await until('the first node leading', async () => ((await fetch(`http://127.0.0.1:${node.restPort}/primary`)).ok ? true : undefined), 60_000);
    }
    await until('a synchronous standby', async () => {
      const { members } = (await (await fetch(`http://127.0.0.1:${nodes[0]!.restPort}/cluster`)).json()) as { members: { role: string; state: string }[] };
      return members.filter((m) => m.state === 'streaming' || m.state === 'running').length === 3 && members.some((m) => m.role === 'sync_standby') ? true : undefined;
    }, 90_000);
    log('patroni: 3 nodes, one synchronous standby');

    const haproxyConf = readFileSync(join(cluster, 'haproxy.cfg'), 'utf8')
      .replace('bind *:7000', `bind 127.0.0.1:${base + 31}`)
      .replace('bind *:5432', `bind 127.0.0.1:${haproxyPort}`)
      .replace(/server (pg-\d) pg-\d:5432 maxconn 300 check port 8008/g, (_, name: string) => {
        const node = nodes.find((n) => n.name === name)!;
        return `server ${name} 127.0.0.1:${node.pgPort} maxconn 300 check port ${node.restPort}`;
      });
    writeFileSync(join(dir, 'haproxy.cfg'), haproxyConf);
    children.push(run('haproxy', ['-db', '-f', join(dir, 'haproxy.cfg')], join(logs, 'haproxy.log')));
    const admin = `postgres://postgres@127.0.0.1:${haproxyPort}/postgres`;
    await until('PostgreSQL through HAProxy', async () => {
      const client = new pg.Client({ connectionString: admin });
      await client.connect();
      try {
        await client.query('create database volley');
      } finally {
        await client.end();
      }
      return true;
    }, 30_000);
    log(`haproxy on ${haproxyPort}`);

    for (let i = 0; sentinel && i < 2; i++) {
      const port = base + 41 + i;
      const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--dbfilename', `redis-${port}.rdb`, '--save', '', '--appendonly', 'no', ...(i > 0 ? ['--replicaof', '127.0.0.1', String(base + 41)] : [])];
      const child = run('redis-server', args, join(logs, `redis-${port}.log`));
      children.push(child);
      redis.push({ port, child });
    }
    const sentinelPorts = [51, 52, 53].map((n) => base + n);
    const sentinelConf = readFileSync(join(cluster, 'sentinel.conf'), 'utf8').replace('redis-1 6379', `127.0.0.1 ${base + 41}`);
    for (const port of sentinel ? sentinelPorts : []) {
      const file = join(dir, `sentinel-${port}.conf`);
      writeFileSync(file, sentinelConf.replace('port 26379', `port ${port}\nbind 127.0.0.1\ndir ${dir}`));
      children.push(run('redis-sentinel', [file], join(logs, `sentinel-${port}.log`)));
    }
    const sentinels = sentinelPorts.map((port) => `127.0.0.1:${port}`).join(',');
    const redisPrimary = async () => {
      const answer = await redisCommand(sentinelPorts[0]!, ['SENTINEL', 'get-master-addr-by-name', 'volley']);
      const port = Number(answer.split('\r\n').filter((line) => /^\d+$/.test(line)).at(-1));
      const found = redis.find((r) => r.port === port);
      if (!found) throw new Error(`sentinel names ${answer}`);
      return found;
    };
    if (sentinel) await until('sentinels seeing the replica', async () => ((await redisCommand(sentinelPorts[0]!, ['SENTINEL', 'replicas', 'volley'])).includes(String(base + 42)) ? true : undefined), 30_000);
    if (sentinel) log(`redis ${redis.map((r) => r.port).join(', ')}, sentinels ${sentinels}`);

    return {
      databaseUrl: `postgres://postgres@127.0.0.1:${haproxyPort}/volley`,
      sentinels: sentinel ? sentinels : '',
      nodes,
      redis,
      primary: () =>
        until('a leader', async () => {
          for (const node of nodes) {
            if (node.patroni.exitCode !== null || node.patroni.signalCode !== null) continue;
            if ((await fetch(`http://127.0.0.1:${node.restPort}/primary`).catch(() => undefined))?.ok) return node;
          }
          return undefined;
        }, 60_000),
      async loseNode(node) {
        const pid = postmasterPid(node.dataDir);
        node.patroni.kill('SIGKILL');
        if (pid) process.kill(pid, 'SIGKILL');
      },
      redisPrimary,
      stop,
    };
  } catch (err) {
    log(`cluster did not start; its logs were in ${logs}`);
    await stop();
    throw err;
  }
}

/** One command to a Redis or a sentinel (RESP), its raw answer. */
function redisCommand(port: number, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString();
      socket.end();
    });
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
    socket.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`);
  });
}
