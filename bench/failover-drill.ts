/**
 * The failover drill (docs/operations.md, "Running the cluster"): Volley's built api and two sync
 * servers behind nginx, on a three-node Patroni cluster behind HAProxy and on Redis with Sentinel
 * (bench/lib/cluster.ts), clients of the client library sending through it under load. Three faults,
 * one after the other: the PostgreSQL primary's machine lost (Patroni and PostgreSQL killed -9), the
 * Redis primary killed -9, one sync server killed -9. Per fault: how long acknowledgements stopped,
 * when writes resumed, how long fan-out stopped (readers on each sync server), the clients' reconnect
 * times; at the end every acknowledged message looked for in the database: lost and duplicates.
 *
 * `npx tsx bench/failover-drill.ts [--clients 60] [--rooms 10] [--rate 40] [--base 25000] [--logs dir]`
 * after `npm run build`; needs Debian's patroni, etcd-server, haproxy, redis-server, redis-sentinel,
 * postgresql-15 and nginx. Not part of `npm test`. `--logs`: the Volley processes' logs (info) go there.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { VolleyClient, type WebSocketConstructor } from '@volley/client';
import { ConvDoc, convRoom } from '@volley/shared';
import { channelOf, open, registerUsers, type VolleyUser } from './lib/clients.js';
import { startCluster, type Cluster } from './lib/cluster.js';
import { kill, proc, sleep, type Proc } from './lib/processes.js';
import { startProxy, type Proxy as Nginx } from './lib/proxy.js';
import { UNLIMITED_OPS } from './lib/servers.js';

const { values } = parseArgs({ options: { clients: { type: 'string', default: '60' }, rooms: { type: 'string', default: '10' }, rate: { type: 'string', default: '40' }, base: { type: 'string', default: '25000' }, logs: { type: 'string' } } });
const [clientCount, roomCount, rate, base] = [values.clients, values.rooms, values.rate, values.base].map(Number) as [number, number, number, number];
const t0 = Date.now();
const log = (line: string) => process.stderr.write(`[${((Date.now() - t0) / 1000).toFixed(1)} s] ${line}\n`);

interface Sent {
  id: string;
  body: string;
  room: number;
  at: number;
  ackAt?: number;
  outcome?: string;
}

interface Fault {
  name: string;
  at: number;
  /** Back in service (a new primary leading, Sentinel naming a new primary, …), when known. */
  servedAt?: number;
}

const sent: Sent[] = [];
const faults: Fault[] = [];
/** Per reader (room, sync server): when each message id arrived. */
const arrivals = new Map<string, Map<string, number>>();
/** Rooms of the clients that left `open` after a fault: when they left and when they were open again. */
const reconnects: { fault: string; room: unknown; left: number; back?: number }[] = [];

const cluster: Cluster = await startCluster(base, log);
const dataDir = mkdtempSync(join(tmpdir(), 'volley-failover-'));
mkdirSync(join(dataDir, 'pwa'));
writeFileSync(join(dataDir, 'pwa', 'index.html'), '<!doctype html><title>Volley</title>');
const env = {
  DATA_DIR: dataDir,
  PWA_DIR: join(dataDir, 'pwa'),
  DATABASE_URL: cluster.databaseUrl,
  REDIS_SENTINELS: cluster.sentinels,
  REDIS_SENTINEL_NAME: 'volley',
  REDIS_URL: undefined,
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
const procs: Proc[] = [api, ...syncs];
let proxy: Nginx | undefined;
const clients: VolleyClient[] = [];
const readers: { destroy(): void }[] = [];
let sending: NodeJS.Timeout | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void cleanUp().finally(() => process.exit(130)));

try {
  for (const p of procs) await p.start();
  proxy = await startProxy({ api: [api.port], sync: syncs.map((s) => s.port) }, base + 80);
  log(`volley: api ${api.port}, sync ${syncs.map((s) => s.port).join(', ')}, nginx ${proxy.url}`);
  const apiUrl = `${proxy.url}/api/v1`;
  const users = await registerUsers(apiUrl, clientCount, `drill${randomBytes(3).toString('hex')}_`);
  const rooms: string[] = [];
  for (let r = 0; r < roomCount; r++) rooms.push(await channelOf(apiUrl, users.filter((_, i) => i % roomCount === r), `drill-${r}-${randomBytes(2).toString('hex')}`));
  log(`${clientCount} users in ${roomCount} rooms`);

  // Through the client library, as the PWA and bots send: op frames on the conversation's socket.
  const roomOf = (i: number) => i % roomCount;
  for (const user of users) {
    const client = new VolleyClient({
      url: proxy.url,
      token: user.token,
      WebSocket: WebSocket as unknown as WebSocketConstructor,
      onRoom: (room) =>
        room.statusChanged.add((status) => {
          const fault = faults.at(-1);
          if (!fault) return;
          // A reconnection: from open to waiting or connecting, until open again. A room the
          // client library closes itself (idle, ended) is no reconnection.
          const pending = reconnects.findIndex((r) => r.back === undefined && r.room === room);
          if ((status === 'waiting' || status === 'connecting') && pending < 0) reconnects.push({ fault: fault.name, left: Date.now(), room });
          if (status === 'open' && pending >= 0) reconnects[pending]!.back = Date.now();
          if ((status === 'idle' || status === 'ended') && pending >= 0) reconnects.splice(pending, 1);
        }),
    });
    await client.me();
    clients.push(client);
  }
  // Readers of each room's segment on each sync server directly: fan-out between the two goes through Redis.
  const watch = (user: VolleyUser, r: number, s: number) => {
    const doc = new Y.Doc();
    const seen = new Map<string, number>();
    arrivals.set(`${r}/${s}`, seen);
    ConvDoc.messages(doc).observe((event) => {
      for (const item of event.changes.added) for (const m of item.content.getContent() as { id: string }[]) if (!seen.has(m.id)) seen.set(m.id, Date.now());
    });
    const provider = open(`ws://127.0.0.1:${syncs[s]!.port}/sync`, convRoom(rooms[r]!, 0), doc, user.token);
    readers.push(provider);
  };
  for (let r = 0; r < roomCount; r++) for (let s = 0; s < syncs.length; s++) watch(users[r]!, r, s);

  let n = 0;
  const sendingFrom = Date.now();
  // As many as are due by the clock, a few at most: a tick that comes late (a busy machine) sends
  // some of what it owes, and what it cannot is dropped rather than sent in a burst that would
  // starve the drill's own event loop (the rate actually sent is printed).
  sending = setInterval(() => {
    const due = Math.floor(((Date.now() - sendingFrom) * rate) / 1000);
    for (let burst = 0; n < due && burst < 4; burst++) sendOne();
    n = Math.max(n, due - 4);
  }, 1000 / rate);
  let sendingFor = 0;

  function sendOne() {
    const i = n++ % clientCount;
    const record: Sent = { id: '', body: `drill ${n} from ${i}`, room: roomOf(i), at: Date.now() };
    let pending: ReturnType<ReturnType<VolleyClient['outbox']>['send']>;
    try {
      pending = clients[i]!.outbox().send(rooms[record.room]!, record.body);
    } catch (err) {
      record.outcome = `error:${(err as Error).message}`;
      sent.push(record);
      return;
    }
    record.id = pending.id;
    sent.push(record);
    pending.outcome.then(
      (outcome) => {
        record.ackAt = Date.now();
        record.outcome = outcome.status === 'accepted' ? 'accepted' : `${outcome.status}:${outcome.reason}`;
      },
      (err: Error) => {
        record.outcome = `error:${err.message}`;
      },
    );
  }

  const settle = sleep;
  await settle(8000);
  log('steady; faults follow');

  const primary = await cluster.primary();
  faults.push({ name: `PostgreSQL primary lost (${primary.name}: Patroni and PostgreSQL killed -9)`, at: Date.now() });
  await cluster.loseNode(primary);
  log(`killed ${primary.name}`);
  const next = await cluster.primary();
  faults.at(-1)!.servedAt = Date.now();
  log(`new primary ${next.name}`);
  await settle(20_000);

  const redisPrimary = await cluster.redisPrimary();
  faults.push({ name: `Redis primary killed -9 (port ${redisPrimary.port})`, at: Date.now() });
  redisPrimary.child.kill('SIGKILL');
  for (;;) {
    const now = await cluster.redisPrimary().catch(() => redisPrimary);
    if (now !== redisPrimary) break;
    await sleep(100);
  }
  faults.at(-1)!.servedAt = Date.now();
  log('sentinels promoted the replica');
  await settle(20_000);

  faults.push({ name: `sync server killed -9 (port ${syncs[0]!.port})`, at: Date.now() });
  await kill(syncs[0]!, 'SIGKILL');
  log('killed a sync server');
  await settle(20_000);

  clearInterval(sending);
  sending = undefined;
  sendingFor = (Date.now() - sendingFrom) / 1000;
  log('load stopped; waiting for every op to be answered');
  const deadline = Date.now() + 60_000;
  while (sent.some((s) => s.outcome === undefined) && Date.now() < deadline) await sleep(500);
  await sleep(3000);

  // What the database holds, read through HAProxy from the primary of the moment.
  const db = new pg.Client({ connectionString: cluster.databaseUrl });
  await db.connect();
  const { rows } = await db.query<{ id: string; body: string }>('select id, body from messages where conversation_id = any($1)', [rooms]);
  await db.end();
  const stored = new Map<string, number>();
  const byBody = new Map<string, number>();
  for (const row of rows) {
    stored.set(row.id, (stored.get(row.id) ?? 0) + 1);
    byBody.set(row.body, (byBody.get(row.body) ?? 0) + 1);
  }
  const accepted = sent.filter((s) => s.outcome === 'accepted');
  const lost = accepted.filter((s) => !stored.has(s.id));
  const duplicates = [...byBody.values()].filter((count) => count > 1).length;
  const others = sent.filter((s) => s.outcome !== 'accepted');
  // Delivered: on the surviving sync server, every reader of its room.
  const delivered = accepted.filter((s) => arrivals.get(`${s.room}/1`)?.has(s.id)).length;

  const seconds = (ms: number | undefined) => (ms === undefined ? '—' : (ms / 1000).toFixed(1));
  const lines = [
    `clients ${clientCount}, rooms ${roomCount}, ${rate} sends/s through the client library (op frames), nginx → 1 api + 2 sync, Patroni (3 nodes, synchronous_mode) behind HAProxy, Redis + 1 replica + 3 sentinels`,
    '',
    '| fault | back in service | acks stopped for | writes resumed after | fan-out stopped for | clients reconnecting | reconnect p50 / max |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const [i, fault] of faults.entries()) {
    const end = faults[i + 1]?.at ?? Number.POSITIVE_INFINITY;
    const acks = accepted.map((s) => s.ackAt!).filter((t) => t >= fault.at - 2000 && t < end).sort((a, b) => a - b);
    const gap = longestGap(acks, fault.at);
    const resumed = acks.find((t) => t > fault.at && sent.some((s) => s.ackAt === t && s.at > fault.at));
    const fanout = [...arrivals].filter(([key]) => key.endsWith('/1')).map(([, seen]) => longestGap([...seen.values()].filter((t) => t >= fault.at - 2000 && t < end).sort((a, b) => a - b), fault.at));
    const back = reconnects.filter((r) => r.fault === fault.name && r.back !== undefined).map((r) => r.back! - r.left).sort((a, b) => a - b);
    const open = reconnects.filter((r) => r.fault === fault.name && r.back === undefined).length;
    lines.push(`| ${fault.name} | ${seconds(fault.servedAt && fault.servedAt - fault.at)} s | ${seconds(gap)} s | ${seconds(resumed && resumed - fault.at)} s | ${seconds(Math.max(0, ...fanout))} s | ${back.length}${open ? ` (+${open} not back)` : ''} | ${seconds(back[Math.floor(back.length / 2)])} / ${seconds(back.at(-1))} s |`);
  }
  lines.push(
    '',
    `sent ${sent.length} in ${sendingFor.toFixed(0)} s (${(sent.length / sendingFor).toFixed(1)}/s), acknowledged ${accepted.length}, stored ${rows.length}, delivered to the surviving sync server's readers ${delivered}`,
    `lost (acknowledged, not stored) ${lost.length}, duplicates (a body stored twice) ${duplicates}, answered otherwise ${others.length}${others.length ? ` (${summary(others.map((s) => s.outcome ?? 'unanswered'))})` : ''}`,
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
  if (sending) clearInterval(sending);
  for (const reader of readers) reader.destroy();
  await Promise.allSettled(clients.map((c) => c.close()));
  await proxy?.stop();
  await Promise.allSettled(procs.map((p) => p.child && kill(p, 'SIGTERM')));
  await cluster.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

/** The longest time without an event among sorted times, of the gaps that end after `from`. */
function longestGap(times: number[], from: number): number {
  let longest = 0;
  for (let i = 1; i < times.length; i++) if (times[i]! > from) longest = Math.max(longest, times[i]! - Math.max(times[i - 1]!, from - 0));
  return longest;
}

function summary(outcomes: string[]): string {
  const counts = new Map<string, number>();
  for (const o of outcomes) counts.set(o, (counts.get(o) ?? 0) + 1);
  return [...counts].map(([o, c]) => `${c} ${o}`).join(', ');
}
