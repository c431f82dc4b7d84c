/**
 * A Redis Cluster of its own for a test or a benchmark: `masters` primaries, each with a replica,
 * as `redis-server` processes on ports from `base` with their data under one temporary directory,
 * joined by `redis-cli --cluster create`. A node that stops answering for `nodeTimeoutMs` is failed
 * over to its replica (cluster-node-timeout).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostPort } from './redis.js';

export interface RedisClusterNode extends HostPort {
  child: ChildProcess;
}

export interface TestRedisCluster {
  /** `host:port,…` of every node, as REDIS_CLUSTER_NODES takes it. */
  nodesEnv: string;
  nodes: RedisClusterNode[];
  /** The node serving `key`'s (or a sharded channel's) slot as primary now. */
  primaryOf(key: string): RedisClusterNode;
  /** Resolves once every slot is served (`cluster_state:ok` on every live node) and every live replica is in sync. */
  healthy(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A port from `base` for this run of the Node suites: `npm test` runs them twice side by side, on
 * PostgreSQL + Redis and on the embedded default (scripts/test.mjs), so each run takes its own ports.
 */
export const portFor = (base: number): number => base + (process.env.DATABASE_URL ? 0 : 20);

/** Whether `redis-server` and `redis-cli` are installed. */
export const hasRedisServer = (): boolean => spawnSync('redis-server', ['--version']).status === 0 && spawnSync('redis-cli', ['--version']).status === 0;

const cli = (port: number, ...args: string[]) => spawnSync('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8' });

const alive = (node: RedisClusterNode) => node.child.exitCode === null && node.child.signalCode === null;

export async function startRedisCluster(options: { base: number; masters?: number; nodeTimeoutMs?: number }): Promise<TestRedisCluster> {
  const { base, masters = 3, nodeTimeoutMs = 1000 } = options;
  const dir = mkdtempSync(join(tmpdir(), 'volley-redis-cluster-'));
  const nodes: RedisClusterNode[] = [];
  for (let i = 0; i < masters * 2; i++) {
    const port = base + i;
    const data = join(dir, String(port));
    mkdirSync(data);
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', data, '--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', String(nodeTimeoutMs), '--save', '', '--appendonly', 'no', '--repl-diskless-sync-delay', '0', '--logfile', join(data, 'redis.log')];
    nodes.push({ host: '127.0.0.1', port, child: spawn('redis-server', args, { stdio: 'ignore' }) });
  }
  const cluster: TestRedisCluster = {
    nodesEnv: nodes.map((n) => `${n.host}:${n.port}`).join(','),
    nodes,
    primaryOf(key) {
      const slot = Number(cli(nodes.find(alive)!.port, 'cluster', 'keyslot', key).stdout.trim());
      for (const node of nodes.filter(alive)) {
        const role = cli(node.port, 'role').stdout.split('\n')[0];
        if (role !== 'master') continue;
        if (ownSlots(node.port).some(([from, to]) => slot >= from && slot <= to)) return node;
      }
      throw new Error(`no primary serves slot ${slot}`);
    },
    async healthy(timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      // Every slot served, and every live replica in sync: a replica that never synced cannot be promoted.
      const ok = (n: RedisClusterNode) => /cluster_state:ok/.test(cli(n.port, 'cluster', 'info').stdout) && !/master_link_status:down/.test(cli(n.port, 'info', 'replication').stdout);
      while (!nodes.filter(alive).every(ok)) {
        if (Date.now() > deadline) throw new Error(`the Redis Cluster is not serving every slot within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async stop() {
      await Promise.all(nodes.filter(alive).map((n) => new Promise((resolve) => n.child.once('exit', resolve).kill('SIGKILL'))));
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    for (const node of nodes) {
      while (cli(node.port, 'ping').stdout.trim() !== 'PONG') await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const created = spawnSync('redis-cli', ['--cluster', 'create', ...nodes.map((n) => `${n.host}:${n.port}`), '--cluster-replicas', '1', '--cluster-yes'], { encoding: 'utf8' });
    if (created.status !== 0) throw new Error(`redis-cli --cluster create failed: ${created.stdout}${created.stderr}`);
    await cluster.healthy();
    return cluster;
  } catch (err) {
    await cluster.stop();
    throw err;
  }
}

/** The slot ranges the node at `port` serves as primary, from its own CLUSTER NODES line. */
function ownSlots(port: number): [number, number][] {
  const mine = cli(port, 'cluster', 'nodes').stdout.split('\n').find((line) => line.includes('myself'));
  return (mine?.split(' ').slice(8) ?? []).filter((s) => /^\d/.test(s)).map((s) => {
    const [from, to = from] = s.split('-').map(Number) as [number, number?];
    return [from, to];
  });
}
