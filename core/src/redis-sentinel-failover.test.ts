import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasRedisServer, portFor } from './redis-cluster.testing.js';
import { connectRedis, type HostPort, type RedisClient } from './redis.js';

const PORTS = { first: portFor(26711), second: portFor(26712), sentinels: [portFor(26713), portFor(26714), portFor(26715)] };
/** One way, each chunk to and from the sentinels: a slow network or a process short of CPU, as in the failover drill. */
const SENTINEL_LATENCY_MS = 60;
const CONNECTIONS = 12;
const BACK_WITHIN_MS = 15_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const cli = (port: number, ...args: string[]) => spawnSync('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8' }).stdout.trim();

/** Forwards to `port` with a delay each way, so that asking a sentinel takes as long as on a loaded machine. */
async function slowProxy(port: number): Promise<{ target: HostPort; server: Server; sockets: Set<Socket> }> {
  const sockets = new Set<Socket>();
  const later = (from: Socket, to: Socket) => {
    from.on('data', (chunk) => setTimeout(() => to.writable && to.write(chunk), SENTINEL_LATENCY_MS));
    from.on('close', () => setTimeout(() => to.destroy(), SENTINEL_LATENCY_MS));
    from.on('error', () => undefined);
    sockets.add(from);
    from.on('close', () => sockets.delete(from));
  };
  const server = createServer((client) => {
    const upstream = createConnection({ host: '127.0.0.1', port });
    later(client, upstream);
    later(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { target: { host: '127.0.0.1', port: (server.address() as AddressInfo).port }, server, sockets };
}

describe.skipIf(!hasRedisServer())('Redis connections through Sentinel, when the primary is killed', () => {
  let dir = '';
  const redis = new Map<number, ChildProcess>();
  const sentinels: ChildProcess[] = [];
  const proxies: Awaited<ReturnType<typeof slowProxy>>[] = [];
  const clients: RedisClient[] = [];
  const heard: string[] = [];

  const startRedis = (port: number, replicaOf?: number) => {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--dbfilename', `${port}.rdb`, '--repl-diskless-sync-delay', '0'];
    redis.set(port, spawn('redis-server', replicaOf ? [...args, '--replicaof', '127.0.0.1', String(replicaOf)] : args, { stdio: 'ignore' }));
  };
  const primary = () => Number(cli(PORTS.sentinels[0]!, 'sentinel', 'get-master-addr-by-name', 'volley').split('\n')[1]);
  const until = async (what: string, ok: () => boolean | Promise<boolean>, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await ok())) {
      if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
      await sleep(100);
    }
  };
  const kill = async (port: number) => {
    const child = redis.get(port)!;
    await new Promise((resolve) => child.once('exit', resolve).kill('SIGKILL'));
    redis.delete(port);
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'volley-sentinel-'));
    startRedis(PORTS.first);
    await until('the primary answers', () => cli(PORTS.first, 'ping') === 'PONG');
    startRedis(PORTS.second, PORTS.first);
    await until('the replica is in sync', () => cli(PORTS.second, 'info', 'replication').includes('master_link_status:up'));
    for (const port of PORTS.sentinels) {
      const conf = join(dir, `sentinel-${port}.conf`);
      writeFileSync(conf, [`port ${port}`, 'bind 127.0.0.1', `dir ${dir}`, `sentinel monitor volley 127.0.0.1 ${PORTS.first} 2`, 'sentinel down-after-milliseconds volley 1000', 'sentinel failover-timeout volley 3000', ''].join('\n'));
      sentinels.push(spawn('redis-server', [conf, '--sentinel'], { stdio: 'ignore' }));
    }
    await until('every sentinel knows the replica and the others', () => PORTS.sentinels.every((port) => /num-slaves\n1\n[\s\S]*num-other-sentinels\n2/.test(cli(port, 'sentinel', 'master', 'volley'))));
    for (const port of PORTS.sentinels) proxies.push(await slowProxy(port));
    const sentinelTarget = { sentinels: proxies.map((p) => p.target), name: 'volley' };
    // The bus's publishing and subscribing connections' options (core/src/bus.ts).
    for (let i = 0; i < CONNECTIONS; i++) clients.push(connectRedis(sentinelTarget, { lazyConnect: false, maxRetriesPerRequest: null, enableAutoPipelining: true }));
    const subscriber = connectRedis(sentinelTarget, { lazyConnect: false, maxRetriesPerRequest: null, enableReadyCheck: false });
    subscriber.on('message', (_channel: string, message: string) => heard.push(message));
    await subscriber.subscribe('volley:room');
    clients.push(subscriber);
  }, 60_000);

  afterAll(async () => {
    for (const client of clients) client.disconnect();
    for (const p of proxies) {
      for (const socket of p.sockets) socket.destroy();
      await new Promise((resolve) => p.server.close(resolve));
    }
    await Promise.all([...redis.keys()].map(kill));
    await Promise.all(sentinels.map((s) => new Promise((resolve) => (s.exitCode === null ? s.once('exit', resolve).kill('SIGKILL') : resolve(null)))));
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes again from every connection, and the subscriber hears them, after each of two failovers', async () => {
    const publishers = clients.slice(0, CONNECTIONS);
    for (const round of [1, 2]) {
      const old = primary();
      const replica = old === PORTS.first ? PORTS.second : PORTS.first;
      await Promise.all(publishers.map((c) => c.publish('volley:room', 'before')));
      await kill(old);
      const killedAt = Date.now();
      await until('the sentinels promote the replica', () => primary() === replica);
      // Every connection publishes, and the subscriber hears each, within BACK_WITHIN_MS of the kill
      // (publishing again while the subscriber is not back yet: those are lost, as in production).
      heard.length = 0;
      await until(
        `round ${round}: every connection publishes again and is heard`,
        async () => {
          await Promise.allSettled(publishers.map((c, i) => Promise.race([c.publish('volley:room', `${round}:${i}`), sleep(1000)])));
          await sleep(100);
          return publishers.every((_, i) => heard.includes(`${round}:${i}`));
        },
        BACK_WITHIN_MS - (Date.now() - killedAt),
      );
      expect(clients.map((c) => c.status)).not.toContain('end');
      // The old primary back, as a replica of the new one, to be killed next round's turn.
      startRedis(old, replica);
      await until('the old primary is a replica in sync', () => cli(old, 'info', 'replication').includes('master_link_status:up'));
    }
    // A connection Volley closes stays closed.
    await publishers[0]!.quit();
    await sleep(500);
    expect(publishers[0]!.status).toBe('end');
  }, 60_000);
});
