/**
 * Chat delivery across two sync servers: the same chat traffic with every socket on one
 * sync server, then with each room's members split between two (half their sockets on each, the
 * messages crossing through Redis), in one run, on one PostgreSQL database and one Redis prefix.
 *
 *   npm run build && DATABASE_URL=postgres://… REDIS_URL=redis://… npx tsx bench/scale-out-delivery.ts [--clients 400] [--rooms 40] [--rate 100] [--seconds 10] [--rounds 2]
 *
 * Each round measures both, on fresh channels, the order alternating from one round to the next (a
 * user's first sends cost more than the later ones: the first configuration would pay for them).
 *
 * Prints send-to-receive latency p50/p99 (on two servers: for receivers on the sender's server and
 * on the other one), the sync servers' CPU per message sent (both processes, summed), deliveries
 * lost, and the ratios two / one. Clients are the harness's stock y-websocket providers sending
 * through their outbox (bench/lib/clients.ts); the servers run built, one api process for the
 * accounts and channels.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { channelOf, registerUsers, volleyClient, type ChatClient, type VolleyUser } from './lib/clients.js';
import { cpuMs, quiet } from './lib/cpu.js';
import { freePort, kill, ownDatabase, proc, type Proc } from './lib/processes.js';
import { UNLIMITED_OPS, type ServerUnderTest } from './lib/servers.js';
import { ms, summarize } from './lib/stats.js';
import { TimedSends } from './lib/timed-sends.js';

process.setMaxListeners(0);

const { values } = parseArgs({ options: { clients: { type: 'string', default: '400' }, rooms: { type: 'string', default: '40' }, rate: { type: 'string', default: '100' }, seconds: { type: 'string', default: '10' }, rounds: { type: 'string', default: '2' } } });
const [clients, rooms, rate, seconds, rounds] = [values.clients, values.rooms, values.rate, values.seconds, values.rounds].map(Number) as [number, number, number, number, number];
if (!process.env.DATABASE_URL || !process.env.REDIS_URL) throw new Error('DATABASE_URL and REDIS_URL are needed: the sync servers share PostgreSQL and Redis');
const WARMUP_MS = 2000;

interface Outcome {
  /** Latencies (ms) of deliveries to receivers on the sender's server, and on the other one. */
  same: number[];
  across: number[];
  sent: number;
  lost: number;
  /** CPU time (ms) of the sync servers, summed, from the first send to the last delivery. */
  cpu: number;
}

/** A sync server as the harness's clients reach it. */
const at = (p: Proc): ServerUnderTest => ({ name: 'volley', syncUrl: `ws://127.0.0.1:${p.port}/sync`, pid: p.child.pid!, stop: async () => {} });

/**
 * Fresh channels (room r holds users r, r + rooms, …); member k of a room on servers[k % servers.length],
 * so with two servers each room has half its sockets on each.
 */
async function measure(apiUrl: string, users: VolleyUser[], servers: Proc[], run: string): Promise<Outcome> {
  const groups: { client: ChatClient; server: number }[][] = [];
  for (let r = 0; r < rooms; r++) {
    const members = users.filter((_, i) => i % rooms === r);
    const convId = await channelOf(apiUrl, members, `${run}-${r}`);
    groups.push(members.map((user, k) => ({ client: volleyClient(at(servers[k % servers.length]!), user, convId), server: k % servers.length })));
  }
  const outcome: Outcome = { same: [], across: [], sent: 0, lost: 0, cpu: NaN };
  const sends = new TimedSends(groups, (ms, sender, receiver) => (sender.server === receiver.server ? outcome.same : outcome.across).push(ms));
  await Promise.all(groups.flat().map(({ client }) => client.synced));
  const pids = servers.map((p) => p.child.pid!);
  await quiet(...pids);
  const cpu = () => pids.reduce((sum, pid) => sum + cpuMs(pid), 0);
  const cpuAtStart = cpu();
  await sends.run({ sendsPerSecond: rate, warmupMs: WARMUP_MS, seconds });
  outcome.cpu = cpu() - cpuAtStart;
  outcome.sent = sends.sent;
  outcome.lost = sends.lost;
  groups.flat().forEach(({ client }) => client.destroy());
  return outcome;
}

const database = await ownDatabase(process.env.DATABASE_URL);
const env = {
  DATA_DIR: mkdtempSync(join(tmpdir(), 'volley-bench-scale-out-')),
  JWT_SECRET: randomBytes(32).toString('hex'),
  DATABASE_URL: database.url,
  REDIS_PREFIX: `volley-bench-${randomBytes(4).toString('hex')}:`,
  ...UNLIMITED_OPS,
};
const [api, a, b] = await Promise.all(['api', 'sync-server', 'sync-server'].map(async (pkg) => proc(pkg, true, env, await freePort())));
try {
  await api!.start();
  // One after the other: the second waits for nothing, the schema is there.
  await a!.start();
  await b!.start();
  const apiUrl = `http://127.0.0.1:${api!.port}/api/v1`;
  const run = Date.now().toString(36);
  const users = await registerUsers(apiUrl, clients, `so${run}_`);
  const measured = { one: [] as Outcome[], two: [] as Outcome[] };
  for (let r = 0; r < rounds; r++) {
    for (const name of r % 2 === 0 ? (['one', 'two'] as const) : (['two', 'one'] as const)) {
      measured[name].push(await measure(apiUrl, users, name === 'one' ? [a!] : [a!, b!], `${name}${r}-${run}`));
    }
  }
  const pooled = (outcomes: Outcome[]) => ({
    same: outcomes.flatMap((o) => o.same),
    across: outcomes.flatMap((o) => o.across),
    sent: outcomes.reduce((n, o) => n + o.sent, 0),
    lost: outcomes.reduce((n, o) => n + o.lost, 0),
    cpuPerMessage: outcomes.reduce((n, o) => n + o.cpu, 0) / outcomes.reduce((n, o) => n + o.sent, 0),
  });
  const [one, two] = [pooled(measured.one), pooled(measured.two)];

  const line = (name: string, samples: number[]) => {
    const s = summarize(samples);
    return `| ${name} | ${s.count} | ${ms(s.p50)} | ${ms(s.p99)} |`;
  };
  console.log(`\n${clients} clients in ${rooms} rooms, ${rate} sends/s, ${seconds} s after ${WARMUP_MS / 1000} s of warm-up, ${rounds} rounds\n`);
  console.log('| sockets | deliveries | p50 | p99 |');
  console.log('|---|---|---|---|');
  console.log(line('all on one sync server', one.same));
  console.log(line('two sync servers, receiver on the sender’s', two.same));
  console.log(line('two sync servers, receiver on the other (through Redis)', two.across));
  console.log(line('two sync servers, all receivers', [...two.same, ...two.across]));
  const [s1, sx] = [summarize(one.same), summarize(two.across)];
  console.log(`\nacross / one server: p50 ${(sx.p50 / s1.p50).toFixed(2)}×, p99 ${(sx.p99 / s1.p99).toFixed(2)}×`);
  console.log(`sync servers' CPU per message sent: one ${ms(one.cpuPerMessage)}, two ${ms(two.cpuPerMessage)} (both summed), ${(two.cpuPerMessage / one.cpuPerMessage).toFixed(2)}×`);
  for (let r = 0; r < rounds; r++) console.log(`  round ${r + 1}: one ${ms(measured.one[r]!.cpu / measured.one[r]!.sent)}, two ${ms(measured.two[r]!.cpu / measured.two[r]!.sent)}`);
  console.log(`messages sent: ${one.sent} / ${two.sent}; deliveries lost: ${one.lost} / ${two.lost}`);
} finally {
  await Promise.all([api, a, b].map((p) => p!.child && kill(p!, 'SIGTERM')));
  await database.drop();
}
process.exit(0);
