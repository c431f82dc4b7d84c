/**
 * A burst of Web Push: 10,000 pushes queued at once (one insert into `push_queue`, as a notifier
 * would leave them) for accounts with no socket open, each with a device subscribed to a stand-in
 * push service inside the benchmark (bench/lib/push-service.ts, answering after a delay like a real
 * one). Meanwhile, chat traffic between clients with their sockets open measures message delivery:
 * first idle, then while the burst is sent.
 *
 *   npm run build && DATABASE_URL=postgres://… npx tsx bench/push-burst.ts [--pushes 10000] [--recipients 2000] [--service-ms 50] [--chatters 10] [--rate 20] [--idle-seconds 15]
 *
 * The burst is queued behind the server's back (no `push.queued` on the bus): the dispatchers find
 * it at their safety-net poll (2 s), which the time below includes.
 *
 * Prints how long until the service accepted the last push, the most requests it held at once (the
 * sender's concurrency bound), the server's CPU during the burst, and send-to-receive latency p50/p99
 * idle and during the burst, with their ratio. PostgreSQL only: the benchmark writes the queue and
 * the accounts' devices in the server's database itself (registering 2,000 accounts through the API
 * would measure argon2). The whole run stops after 5 minutes whatever happens.
 */
import { createECDH, randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { newId } from '@volley/shared';
import { chatProbe } from './lib/chat-probe.js';
import { channelOf, registerUsers, volleyFrameClient, type ChatClient } from './lib/clients.js';
import { cpuMs, quiet } from './lib/cpu.js';
import { freePort, sleep } from './lib/processes.js';
import { startBenchPushService, type BenchPushService } from './lib/push-service.js';
import { startVolley, UNLIMITED_OPS } from './lib/servers.js';
import { loadLine } from './lib/load.js';
import { ms, summarize } from './lib/stats.js';

process.setMaxListeners(0);

const { values } = parseArgs({
  options: {
    pushes: { type: 'string', default: '10000' },
    recipients: { type: 'string', default: '2000' },
    'service-ms': { type: 'string', default: '50' },
    chatters: { type: 'string', default: '10' },
    rate: { type: 'string', default: '20' },
    'idle-seconds': { type: 'string', default: '15' },
  },
});
const [pushes, recipients, serviceMs, chatters, rate, idleSeconds] = [values.pushes, values.recipients, values['service-ms'], values.chatters, values.rate, values['idle-seconds']].map(Number) as [number, number, number, number, number, number];
if (!process.env.DATABASE_URL) throw new Error('DATABASE_URL is needed: the benchmark queues the burst in the server’s PostgreSQL database');
/** The figure asks for all of it within 60 s; past 120 s the run stops waiting. */
const BURST_LIMIT_MS = 120_000;

const closers: (() => Promise<unknown>)[] = [];
async function closeAll(): Promise<void> {
  for (const close of closers.reverse()) await close().catch((err: unknown) => console.error('closing failed:', err));
}
// A hard stop: whatever hangs, the servers go and the process ends.
const hardStop = setTimeout(() => {
  console.error('push-burst: no end after 5 minutes, stopping');
  process.exitCode = 1;
  void Promise.race([closeAll(), sleep(10_000)]).then(() => process.exit(1));
}, 300_000);

/** Accounts with no socket open, each with one device on the stand-in service: one statement each. */
async function offlineAccounts(db: pg.Client, service: BenchPushService, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => newId());
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const p256dh = ecdh.getPublicKey().toString('base64url');
  await db.query(
    `insert into users (id, username, email, display_name, password_hash)
     select id, 'push_' || n, 'push_' || n || '@bench.test', 'Push ' || n, 'not-used' from unnest($1::text[]) with ordinality as u(id, n)`,
    [ids],
  );
  await db.query(
    `insert into push_subscriptions (id, user_id, endpoint, p256dh, auth)
     select 's' || id, id, $2 || '/push/' || id, $3, $4 from unnest($1::text[]) as u(id)`,
    [ids, service.origin, p256dh, randomBytes(16).toString('base64url')],
  );
  return ids;
}

async function main(): Promise<void> {
  const service = await startBenchPushService(serviceMs);
  closers.push(() => service.close());
  const server = await startVolley(await freePort(), { env: { ...UNLIMITED_OPS, PUSH_SERVICE_ORIGINS: service.origin } });
  closers.push(() => server.stop());
  const url = new URL(server.postgres!.url);
  url.pathname = `/${server.postgres!.database}`;
  const db = new pg.Client({ connectionString: url.toString() });
  await db.connect();
  closers.push(() => db.end());

  const people = await registerUsers(server.apiUrl!, chatters, `pb${Date.now().toString(36)}_`);
  const convId = await channelOf(server.apiUrl!, people, 'push-burst');
  const clients: ChatClient[] = people.map((user) => volleyFrameClient(server, user, convId));
  closers.push(async () => clients.forEach((c) => c.destroy()));
  await Promise.all(clients.map((c) => c.synced));
  const accounts = await offlineAccounts(db, service, recipients);
  await quiet(server.pid);

  const probe = chatProbe(clients, clients);
  closers.push(async () => probe.stop());
  probe.start(rate);
  await sleep(2000);
  probe.take();
  await sleep(idleSeconds * 1000);
  const idle = probe.take();

  // The burst: a friend request from one of the chatters for each push, spread over the accounts.
  const from = { id: people[0]!.id, username: 'sender', displayName: 'Sender' };
  const rows = Array.from({ length: pushes }, (_, i) => ({ user: accounts[i % accounts.length]!, push: JSON.stringify({ kind: 'notification', notification: { id: newId(), at: new Date().toISOString(), kind: 'friend_request', from, requestId: newId() } }) }));
  const loadBefore = loadavg();
  const cpuBefore = cpuMs(server.pid);
  const queuedAt = performance.now();
  await db.query('insert into push_queue (user_id, push) select * from unnest($1::text[], $2::jsonb[])', [rows.map((r) => r.user), rows.map((r) => r.push)]);
  let done = true;
  await service.acceptedAtLeast(pushes, BURST_LIMIT_MS).catch((err: unknown) => {
    done = false;
    console.error(String(err));
  });
  const burstMs = (done ? service.lastAt : performance.now()) - queuedAt;
  const cpu = cpuMs(server.pid) - cpuBefore;
  const burst = probe.take();
  probe.stop();

  const [a, b] = [summarize(idle.samples), summarize(burst.samples)];
  console.log(`push burst: ${pushes} pushes to ${recipients} offline accounts, stand-in service answering in ${serviceMs} ms; chat: ${chatters} clients in one channel, ${rate} messages/s`);
  console.log(`  all sent in ${done ? (burstMs / 1000).toFixed(1) : `>${BURST_LIMIT_MS / 1000}`} s (${service.accepted} accepted, ${service.malformed} malformed, ${((service.accepted / burstMs) * 1000).toFixed(0)}/s), at most ${service.maxInFlight} requests in flight`);
  console.log(`  server CPU during the burst: ${(cpu / 1000).toFixed(1)} s (${((cpu / burstMs) * 100).toFixed(0)} % of a core), ${(cpu / Math.max(service.accepted, 1)).toFixed(2)} ms per push`);
  console.log(`  chat delivery idle:  p50 ${ms(a.p50)}  p99 ${ms(a.p99)}  (${a.count} deliveries)`);
  console.log(`  chat delivery burst: p50 ${ms(b.p50)}  p99 ${ms(b.p99)}  (${b.count} deliveries)  p99 ratio ${(b.p99 / a.p99).toFixed(2)}×`);
  console.log(`  ${loadLine(loadBefore, 'when queued', 'after')}`);
  const left = await db.query('select count(*)::int as n from push_queue');
  console.log(`  left in the queue: ${(left.rows[0] as { n: number }).n}`);
  process.exitCode = done && service.accepted === pushes && service.malformed === 0 ? 0 : 1;
}

try {
  await main();
} catch (err) {
  console.error(err);
  process.exitCode = 1;
} finally {
  await closeAll();
  clearTimeout(hardStop);
  // Whatever the clients left pending (their sockets' timers) would keep the process alive: it ends here.
  process.exit();
}
