/**
 * The failover drill (docs/operations.md, "Running the cluster"): Volley's built api and two sync
 * servers behind nginx, on a three-node Patroni cluster behind HAProxy (bench/lib/cluster.ts) and on
 * Redis with Sentinel (`--bus sentinel`) or a Redis Cluster of three primaries with a replica each
 * (`--bus cluster`), clients of the client library sending through it under load. The clients run
 * in child processes (bench/lib/drill-clients.ts), each a share of them and of the rate, so that
 * the drill's own event loop keeps only the readers, the presence watcher and the faults. Three
 * faults, one after the other: the PostgreSQL primary's machine lost (Patroni and PostgreSQL killed
 * -9), the Redis primary (or the Redis Cluster primary serving the presence channel) killed -9, one
 * sync server killed -9. Per fault: how long acknowledgements stopped, when writes resumed, how
 * long fan-out stopped (a message's arrival at one sync server's reader to the other's), the
 * clients' reconnect times, and when a watcher's view of its friends' presence was right again; at
 * the end every acknowledged message looked for in the database: lost and duplicates.
 *
 * `npx tsx bench/failover-drill.ts [--clients 60] [--rooms 10] [--rate 40] [--bus sentinel|cluster] [--faults postgres,redis,sync] [--workers 4] [--base 25000] [--logs dir]`
 * after `npm run build`; needs Debian's patroni, etcd-server, haproxy, redis-server, redis-sentinel,
 * postgresql-15 and nginx. Not part of `npm test`. `--faults`: which faults, in that order (all by default).
 * `--logs`: the Volley processes' logs (info) go there.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { VolleyClient, type WebSocketConstructor } from '@volley/client';
import { startRedisCluster, type TestRedisCluster } from '@volley/core/testing';
import { ConvDoc, convRoom } from '@volley/shared';
import { befriend, channelOf, open, registerUsers, type VolleyUser } from './lib/clients.js';
import { startCluster, type Cluster } from './lib/cluster.js';
import type { DrillClientSpec, DrillReconnect, DrillSend, FromDrillClients, ToDrillClients } from './lib/drill-clients.js';
import { cpuMs } from './lib/cpu.js';
import { IpcChild } from './lib/ipc-child.js';
import { loadLine } from './lib/load.js';
import { kill, proc, sleep, type Proc } from './lib/processes.js';
import { startProxy, type Proxy as Nginx } from './lib/proxy.js';
import { UNLIMITED_OPS } from './lib/servers.js';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '60' },
    rooms: { type: 'string', default: '10' },
    rate: { type: 'string', default: '40' },
    bus: { type: 'string', default: 'sentinel' },
    workers: { type: 'string', default: '4' },
    base: { type: 'string', default: '25000' },
    faults: { type: 'string', default: 'postgres,redis,sync' },
    logs: { type: 'string' },
  },
});
const [clientCount, roomCount, rate, workerCount, base] = [values.clients, values.rooms, values.rate, values.workers, values.base].map(Number) as [number, number, number, number, number];
if (values.bus !== 'sentinel' && values.bus !== 'cluster') throw new Error('--bus is sentinel or cluster');
const onRedisCluster = values.bus === 'cluster';
const faultsRun = new Set(values.faults.split(','));
if (faultsRun.size === 0 || [...faultsRun].some((f) => !['postgres', 'redis', 'sync'].includes(f))) throw new Error('--faults is a list of postgres, redis, sync');
const t0 = Date.now();
const log = (line: string) => process.stderr.write(`[${((Date.now() - t0) / 1000).toFixed(1)} s] ${line}\n`);
/** Friends of the watcher who hold their user room (expected online), and some who never connect (expected absent). */
const PRESENT_FRIENDS = Math.min(20, clientCount);
const ABSENT_FRIENDS = 5;
/** Each process of clients spreads its sockets over source addresses of its own. */
const ADDRESSES_PER_WORKER = 8;
/** The Redis Cluster's nodes give up on a silent primary after this long, as Sentinel's down-after (deploy/cluster/sentinel.conf). */
const CLUSTER_NODE_TIMEOUT_MS = 3000;
const REDIS_PREFIX = 'volley-drill:';

interface Fault {
  name: string;
  at: number;
  /** Back in service (a new primary leading, Sentinel naming a new primary, …), when known. */
  servedAt?: number;
  /** Two sync servers still up, so messages cross the bus between them. */
  crossing: boolean;
}

const faults: Fault[] = [];
/** Per reader (room, sync server): when each message id arrived. */
const arrivals = new Map<string, Map<string, number>>();
/** The watcher's view of its friends' presence, sampled: when, and whether it was right. */
const presenceSamples: { at: number; right: boolean }[] = [];

const startLoad = loadavg();
const cluster: Cluster = await startCluster(base, log, { sentinel: !onRedisCluster });
let redisCluster: TestRedisCluster | undefined;
const dataDir = mkdtempSync(join(tmpdir(), 'volley-failover-'));
mkdirSync(join(dataDir, 'pwa'));
writeFileSync(join(dataDir, 'pwa', 'index.html'), '<!doctype html><title>Volley</title>');
const procs: Proc[] = [];
let proxy: Nginx | undefined;
const workers: IpcChild<ToDrillClients, FromDrillClients>[] = [];
const readers: { destroy(): void }[] = [];
let watcher: VolleyClient | undefined;
let sampling: NodeJS.Timeout | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void cleanUp().finally(() => process.exit(130)));

try {
  if (onRedisCluster) {
    redisCluster = await startRedisCluster({ base: base + 100, nodeTimeoutMs: CLUSTER_NODE_TIMEOUT_MS });
    log(`redis cluster ${redisCluster.nodesEnv}`);
  }
  const bus = redisCluster ? { REDIS_CLUSTER_NODES: redisCluster.nodesEnv } : { REDIS_SENTINELS: cluster.sentinels, REDIS_SENTINEL_NAME: 'volley' };
  const env = {
    DATA_DIR: dataDir,
    PWA_DIR: join(dataDir, 'pwa'),
    DATABASE_URL: cluster.databaseUrl,
    ...bus,
    REDIS_URL: undefined,
    REDIS_PREFIX,
    JWT_SECRET: randomBytes(32).toString('hex'),
    ACCESS_TOKEN_TTL: String(24 * 3600),
    SEGMENT_SIZE: '20000',
    ...UNLIMITED_OPS,
  };
  const logTo = (name: string) => (values.logs ? { logFile: join(values.logs, `${name}.log`) } : {});
  if (values.logs) mkdirSync(values.logs, { recursive: true });
  const logged = { ...env, ...(values.logs && { LOG_LEVEL: 'info' }) };
  const api = proc('api', true, logged, base + 61, logTo('api'));
  const syncs = [proc('sync-server', true, logged, base + 71, logTo('sync-a')), proc('sync-server', true, logged, base + 72, logTo('sync-b'))];
  procs.push(api, ...syncs);
  for (const p of procs) await p.start();
  proxy = await startProxy({ api: [api.port], sync: syncs.map((s) => s.port) }, base + 80);
  log(`volley: api ${api.port}, sync ${syncs.map((s) => s.port).join(', ')}, nginx ${proxy.url}`);
  const apiUrl = `${proxy.url}/api/v1`;
  const [watching, ...users] = await registerUsers(apiUrl, 1 + clientCount + ABSENT_FRIENDS, `drill${randomBytes(3).toString('hex')}_`);
  const absent = users.splice(clientCount);
  const rooms: string[] = [];
  const roomOf = (i: number) => i % roomCount;
  await Promise.all(
    Array.from({ length: 4 }, async (_, w) => {
      for (let r = w; r < roomCount; r += 4) rooms[r] = await channelOf(apiUrl, users.filter((_, i) => roomOf(i) === r), `drill-${r}-${randomBytes(2).toString('hex')}`);
    }),
  );
  // The present friends spread over the clients, so over the worker processes and the sync servers.
  const present = new Set(Array.from({ length: PRESENT_FRIENDS }, (_, k) => Math.floor((k * clientCount) / PRESENT_FRIENDS)));
  for (const i of present) await befriend(apiUrl, watching!, users[i]!);
  for (const user of absent) await befriend(apiUrl, watching!, user);
  log(`${clientCount} users in ${roomCount} rooms; a watcher with ${present.size} friends connected, ${absent.length} not`);

  // The clients, through nginx, in worker processes: client i in worker i % workers.
  const specs: DrillClientSpec[][] = Array.from({ length: workerCount }, () => []);
  users.forEach((user, i) => specs[i % workerCount]!.push({ token: user.token, convId: rooms[roomOf(i)]!, room: roomOf(i), present: present.has(i) }));
  for (let w = 0; w < workerCount; w++) workers.push(new IpcChild(new URL('./lib/drill-clients.ts', import.meta.url)));
  const opened = await Promise.all(
    workers.map((worker, w) =>
      worker.ask<'opened'>({ type: 'open', url: proxy!.url, clients: specs[w]!, name: String(w), addresses: Array.from({ length: ADDRESSES_PER_WORKER }, (_, a) => `127.0.${1 + w}.${2 + a}`) }),
    ),
  );
  log(`${opened.reduce((sum, o) => sum + o.count, 0)} clients open in ${workerCount} processes`);

  // Readers of each room's segment on each sync server directly: fan-out between the two goes through Redis.
  const watch = (user: VolleyUser, r: number, s: number) => {
    const doc = new Y.Doc();
    const seen = new Map<string, number>();
    arrivals.set(`${r}/${s}`, seen);
    ConvDoc.messages(doc).observe((event) => {
      for (const item of event.changes.added) for (const m of item.content.getContent() as { id: string }[]) if (!seen.has(m.id)) seen.set(m.id, Date.now());
    });
    readers.push(open(`ws://127.0.0.1:${syncs[s]!.port}/sync`, convRoom(rooms[r]!, 0), doc, user.token));
  };
  for (let r = 0; r < roomCount; r++) for (let s = 0; s < syncs.length; s++) watch(users[r]!, r, s);

  // The watcher, as the PWA: a session in its user room, its friends' presence in the servers' states there.
  watcher = new VolleyClient({ url: proxy.url, token: watching!.token, WebSocket: WebSocket as unknown as WebSocketConstructor });
  await watcher.me();
  const watcherRoom = watcher.userRoom();
  watcherRoom.awareness.setLocalStateField('status', 'online');
  const expected = [...present].map((i) => users[i]!.id).sort().join();
  sampling = setInterval(() => {
    const shown = new Set<string>();
    for (const state of watcherRoom.awareness.getStates().values()) for (const id of Object.keys((state as { presence?: object }).presence ?? {})) shown.add(id);
    const right = [...shown].sort().join() === expected;
    if (presenceSamples.length > 0 && presenceSamples.at(-1)!.right !== right) log(`presence ${right ? 'right' : `wrong: ${shown.size} friends shown`}`);
    presenceSamples.push({ at: Date.now(), right });
  }, 250);

  const cpuBefore = cpuOf(workers, syncs, api);
  const steadyFrom = Date.now();
  await Promise.all(workers.map((worker) => worker.ask<'sending'>({ type: 'send', rate: rate / workerCount })));
  await sleep(10_000);
  for (const until = Date.now() + 60_000; !presenceSamples.at(-1)?.right && Date.now() < until; ) await sleep(500);
  log(`steady; presence ${presenceSamples.at(-1)?.right ? 'right' : 'NOT right'}; faults follow`);
  const cpuSteady = cpuOf(workers, syncs, api);
  const steadyFor = (Date.now() - steadyFrom) / 1000;

  if (faultsRun.has('postgres')) {
    const primary = await cluster.primary();
    faults.push({ name: `PostgreSQL primary lost (${primary.name}: Patroni and PostgreSQL killed -9)`, at: Date.now(), crossing: true });
    await cluster.loseNode(primary);
    log(`killed ${primary.name}`);
    const next = await cluster.primary();
    faults.at(-1)!.servedAt = Date.now();
    log(`new primary ${next.name}`);
    await sleep(20_000);
  }

  if (faultsRun.has('redis') && redisCluster) {
    // The primary of the presence channel's slot: its fault stops presence and a third of the rooms' fan-out.
    const channel = `${REDIS_PREFIX}presence`;
    const victim = redisCluster.primaryOf(channel);
    faults.push({ name: `Redis Cluster primary killed -9 (port ${victim.port}, serving the presence channel)`, at: Date.now(), crossing: true });
    await new Promise((resolve) => victim.child.once('exit', resolve).kill('SIGKILL'));
    for (;;) {
      await sleep(250);
      const now = (() => {
        try {
          return redisCluster.primaryOf(channel);
        } catch {
          return undefined;
        }
      })();
      if (now && now !== victim) break;
    }
    faults.at(-1)!.servedAt = Date.now();
    log('the cluster promoted the replica');
  } else if (faultsRun.has('redis')) {
    const redisPrimary = await cluster.redisPrimary();
    faults.push({ name: `Redis primary killed -9 (port ${redisPrimary.port})`, at: Date.now(), crossing: true });
    redisPrimary.child.kill('SIGKILL');
    for (;;) {
      const now = await cluster.redisPrimary().catch(() => redisPrimary);
      if (now !== redisPrimary) break;
      await sleep(100);
    }
    faults.at(-1)!.servedAt = Date.now();
    log('sentinels promoted the replica');
  }
  // Long enough to see presence right again within its 30 s.
  if (faultsRun.has('redis')) await sleep(32_000);

  if (faultsRun.has('sync')) {
    faults.push({ name: `one of two sync servers killed -9 (port ${syncs[0]!.port})`, at: Date.now(), crossing: false });
    await kill(syncs[0]!, 'SIGKILL');
    log('killed a sync server');
    await sleep(20_000);
  }

  const stopped = await Promise.all(workers.map((worker) => worker.ask<'stopped'>({ type: 'stop' })));
  const sendingFor = Math.max(...stopped.map((s) => s.seconds));
  log('load stopped; waiting for every op to be answered');
  const collected = await Promise.all(workers.map((worker) => worker.ask<'collected'>({ type: 'collect', waitMs: 60_000 })));
  await sleep(3000);
  const sent: DrillSend[] = collected.flatMap((c) => c.sent);
  const reconnects: DrillReconnect[] = collected.flatMap((c) => c.reconnects);

  // What the database holds, read through HAProxy from the primary of the moment.
  const db = new pg.Client({ connectionString: cluster.databaseUrl });
  await db.connect();
  const { rows } = await db.query<{ id: string; body: string }>('select id, body from messages where conversation_id = any($1)', [rooms]);
  await db.end();
  const stored = new Set<string>();
  const byBody = new Map<string, number>();
  for (const row of rows) {
    stored.add(row.id);
    byBody.set(row.body, (byBody.get(row.body) ?? 0) + 1);
  }
  const accepted = sent.filter((s) => s.outcome === 'accepted');
  const lost = accepted.filter((s) => !stored.has(s.id));
  const duplicates = [...byBody.values()].filter((count) => count > 1).length;
  const others = sent.filter((s) => s.outcome !== 'accepted');
  // Delivered: on the surviving sync server, every reader of its room.
  const delivered = accepted.filter((s) => arrivals.get(`${s.room}/1`)?.has(s.id)).length;
  // How long a message took from one sync server's reader of its room to the other's: the bus's part.
  const crossing = accepted.flatMap((s) => {
    const [a, b] = [arrivals.get(`${s.room}/0`)?.get(s.id), arrivals.get(`${s.room}/1`)?.get(s.id)];
    return a === undefined || b === undefined ? [] : [{ at: s.at, lag: Math.abs(a - b) }];
  });

  const seconds = (ms: number | undefined) => (ms === undefined ? '—' : (ms / 1000).toFixed(1));
  const busLine = redisCluster ? 'a Redis Cluster (3 primaries + 3 replicas, sharded pub/sub)' : 'Redis + 1 replica + 3 sentinels';
  const lines = [
    `clients ${clientCount} in ${workerCount} processes, rooms ${roomCount}, ${rate} sends/s through the client library (op frames), nginx → 1 api + 2 sync, Patroni (3 nodes, synchronous_mode) behind HAProxy, ${busLine}`,
    loadLine(startLoad, 'at the start', 'at the end'),
    `CPU under load before the faults (${steadyFor.toFixed(0)} s), in cores: ${Object.keys(cpuSteady).map((role) => `${role} ${((cpuSteady[role]! - cpuBefore[role]!) / 1000 / steadyFor).toFixed(2)}`).join(', ')}`,
    '',
    '| fault | back in service | acks stopped for | writes resumed after | fan-out stopped for | clients reconnecting | reconnect p50 / max | presence right again after |',
    '|---|---|---|---|---|---|---|---|',
  ];
  const reconnectings: string[] = [];
  for (const [i, fault] of faults.entries()) {
    const end = faults[i + 1]?.at ?? Number.POSITIVE_INFINITY;
    const inWindow = (t: number) => t >= fault.at && t < end;
    const acks = accepted.map((s) => s.ackAt!).filter((t) => t >= fault.at - 2000 && t < end).sort((a, b) => a - b);
    const gap = longestGap(acks, fault.at);
    const resumed = Math.min(...accepted.filter((s) => s.at > fault.at && s.ackAt! < end).map((s) => s.ackAt!));
    // None crossed: one sync server left, or none of the window's messages reached both readers.
    const lags = fault.crossing ? crossing.filter((c) => inWindow(c.at)).map((c) => c.lag) : [];
    const fanout = lags.length > 0 ? Math.max(...lags) : undefined;
    const mine = reconnects.filter((r) => inWindow(r.left));
    const back = mine.filter((r) => r.back !== undefined).map((r) => r.back! - r.left).sort((a, b) => a - b);
    const notBack = mine.length - back.length;
    if (mine.length > 0) reconnectings.push(reconnectLine(fault.name, mine));
    lines.push(`| ${fault.name} | ${seconds(fault.servedAt && fault.servedAt - fault.at)} s | ${seconds(gap)} s | ${seconds(Number.isFinite(resumed) ? resumed - fault.at : undefined)} s | ${seconds(fanout)} s | ${back.length}${notBack ? ` (+${notBack} not back)` : ''} | ${seconds(back[Math.floor(back.length / 2)])} / ${seconds(back.at(-1))} s | ${presenceAgain(fault.at, end)} |`);
  }
  lines.push(
    ...reconnectings,
    '',
    '| sent | acknowledged | stored | delivered (readers on the surviving sync server) | lost | doubled | answered otherwise |',
    '|---|---|---|---|---|---|---|',
    `| ${sent.length} in ${sendingFor.toFixed(0)} s (${(sent.length / sendingFor).toFixed(1)}/s) | ${accepted.length} | ${rows.length} | ${delivered} | ${lost.length} | ${duplicates} | ${others.length}${others.length ? ` (${summary(others.map((s) => s.outcome ?? 'unanswered'))})` : ''} |`,
  );
  process.stdout.write(`${lines.join('\n')}\n`);
  if (lost.length > 0 || duplicates > 0) process.exitCode = 1;
} finally {
  await cleanUp();
}
// What the client library and ws leave behind (timers of closed rooms) would keep the drill alive.
process.exit();

/** Everything the drill started, stopped: at its end, or on SIGINT/SIGTERM. */
async function cleanUp(): Promise<void> {
  clearInterval(sampling);
  for (const reader of readers) reader.destroy();
  await watcher?.close();
  await Promise.allSettled(workers.map((worker) => worker.stop()));
  await proxy?.stop();
  await Promise.allSettled(procs.map((p) => p.child && kill(p, 'SIGTERM')));
  await redisCluster?.stop();
  await cluster.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

/** The longest time without an event among sorted times, of the gaps that end after `from`. */
function longestGap(times: number[], from: number): number {
  let longest = 0;
  for (let i = 1; i < times.length; i++) if (times[i]! > from) longest = Math.max(longest, times[i]! - Math.max(times[i - 1]!, from - 0));
  return longest;
}

/** CPU time (ms) so far of the clients' processes, the sync servers, the api and the drill itself. */
function cpuOf(workers: IpcChild<ToDrillClients, FromDrillClients>[], syncs: Proc[], api: Proc): Record<string, number> {
  const sum = (pids: number[]) => pids.reduce((total, pid) => total + cpuMs(pid), 0);
  const own = process.cpuUsage();
  return { clients: sum(workers.map((w) => w.pid)), 'sync servers': sum(syncs.map((s) => s.child.pid!)), api: sum([api.child.pid!]), drill: (own.user + own.system) / 1000 };
}

/**
 * Where a fault's reconnections spent their time: how many dials each took (and how the ones that
 * failed were closed), the wait before the dial that worked (the back-off and the failed dials) and
 * that dial to open (the server's admission, behind nginx).
 */
function reconnectLine(fault: string, reconnects: DrillReconnect[]): string {
  const back = reconnects.filter((r) => r.back !== undefined && r.dials.length > 0);
  const quantiles = (values: number[]) => {
    const sorted = values.sort((a, b) => a - b);
    const at = (q: number) => ((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0) / 1000).toFixed(1);
    return `p50 ${at(0.5)} / p90 ${at(0.9)} / max ${at(1)} s`;
  };
  const byDials = new Map<string, number>();
  for (const r of back) {
    const n = r.dials.length >= 4 ? '4+' : String(r.dials.length);
    byDials.set(n, (byDials.get(n) ?? 0) + 1);
  }
  const dials = [...byDials].sort().map(([n, count]) => `${count} after ${n} dial${n === '1' ? '' : 's'}`).join(', ');
  const codes = summary(back.flatMap((r) => r.codes.map(String)));
  return [
    `${fault}: ${back.length} back, ${dials}; the failed dials closed with ${codes || 'nothing (none failed)'};`,
    `  waiting before the dial that worked ${quantiles(back.map((r) => r.dials.at(-1)! - r.left))}; that dial to open ${quantiles(back.map((r) => r.back! - r.dials.at(-1)!))}; first dial after ${quantiles(back.map((r) => r.dials[0]! - r.left))}`,
  ].join('\n');
}

function summary(outcomes: string[]): string {
  const counts = new Map<string, number>();
  for (const o of outcomes) counts.set(o, (counts.get(o) ?? 0) + 1);
  return [...counts].map(([o, c]) => `${c} ${o}`).join(', ');
}

/**
 * When the watcher's view of its friends' presence was right again after a fault: the first right
 * sample after the last wrong one of the window; "right throughout", or "not right" by the window's end.
 */
function presenceAgain(from: number, end: number): string {
  const window = presenceSamples.filter((s) => s.at >= from && s.at < end);
  const lastWrong = window.findLastIndex((s) => !s.right);
  if (lastWrong < 0) return 'right throughout';
  const again = window[lastWrong + 1];
  return again ? `${((again.at - from) / 1000).toFixed(1)} s` : `not right ${((window.at(-1)!.at - from) / 1000).toFixed(0)} s on`;
}
