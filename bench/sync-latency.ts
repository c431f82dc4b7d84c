/**
 * Send-to-receive latency: Volley's sync server against the reference y-websocket server, the
 * same harness of real y-websocket clients for both, each server in its own process.
 *
 *   npm run build && npx tsx bench/sync-latency.ts [--seconds 10] [--only 0|1] [--scale 0.1] [--rate 40] [--volley] [--idle-seconds 15]
 *
 * Prints p50/p99 per scenario and server, the ratio, and deliveries lost (expected − received).
 *
 * The warm-up lasts until every client has sent once (at least 2 s): what a server does once per
 * process or per user (compiling its code, a user's first op) is not a message's cost. The server's
 * CPU per message is taken over the timed sends (from the warm-up's end to the last delivery), and
 * also printed over the whole run, warm-up included.
 */
import { parseArgs } from 'node:util';
import { cpuMs, quiet } from './lib/cpu.js';
import { channelOf, referenceClient, registerUsers, volleyClient, type ChatClient } from './lib/clients.js';
import { startReference, startVolley, type ServerUnderTest } from './lib/servers.js';
import { ms, summarize, type LatencySummary } from './lib/stats.js';
import { TimedSends } from './lib/timed-sends.js';

interface Scenario {
  name: string;
  clients: number;
  rooms: number;
  sendsPerSecond: number;
}

// Every provider registers a process 'exit' listener in Node; a thousand of them are expected here.
process.setMaxListeners(0);

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '10' }, only: { type: 'string' }, scale: { type: 'string', default: '1' }, volley: { type: 'boolean', default: false }, rate: { type: 'string' }, 'idle-seconds': { type: 'string', default: '0' } } });
const seconds = Number(values.seconds);
const scale = Number(values.scale);
const scenarios: Scenario[] = [
  { name: '100 clients in one room, 50 sends/s', clients: 100, rooms: 1, sendsPerSecond: 50 },
  { name: '1,000 clients across 100 rooms, 200 sends/s', clients: 1000, rooms: 100, sendsPerSecond: 200 },
]
  .filter((_, i) => values.only === undefined || Number(values.only) === i)
  .map((s) => ({ ...s, clients: Math.max(2 * s.rooms, Math.round(s.clients * scale)), sendsPerSecond: values.rate ? Number(values.rate) : s.sendsPerSecond }));

/** Clients grouped by room: room r holds clients r, r + rooms, r + 2·rooms… */
async function connect(server: ServerUnderTest, scenario: Scenario, run: string): Promise<ChatClient[][]> {
  const groups: ChatClient[][] = Array.from({ length: scenario.rooms }, () => []);
  if (server.name === 'reference') {
    for (let i = 0; i < scenario.clients; i++) groups[i % scenario.rooms]!.push(referenceClient(server, `bench-${run}-${i % scenario.rooms}`));
  } else {
    const api = server.apiUrl!;
    const users = await registerUsers(api, scenario.clients, `b${run}_`);
    // Fresh channels: the world conversation of a shared PostgreSQL may have sealed segment 0 long ago.
    const convIds: string[] = [];
    for (let r = 0; r < scenario.rooms; r++) {
      convIds.push(await channelOf(api, users.filter((_, i) => i % scenario.rooms === r), `bench-${run}-${r}`));
    }
    users.forEach((user, i) => groups[i % scenario.rooms]!.push(volleyClient(server, user, convIds[i % scenario.rooms]!)));
  }
  await Promise.all(groups.flat().map((c) => c.synced));
  return groups;
}

type Outcome = LatencySummary & { lost: number; duplicates: number; cpuPerMessage: number; cpuPerMessageWithWarmup: number; idleCpuPerSecond: number; closes: string };

async function measure(server: ServerUnderTest, scenario: Scenario, run: string): Promise<Outcome> {
  const groups = (await connect(server, scenario, run)).map((group) => group.map((client) => ({ client })));
  const samples: number[] = [];
  const sends = new TimedSends(groups, (ms) => samples.push(ms));
  await quiet(server.pid);
  // --idle-seconds: what the connections cost with no message at all (awareness renewals, pings).
  const idleSeconds = Number(values['idle-seconds']);
  const idleFrom = cpuMs(server.pid);
  await new Promise((resolve) => setTimeout(resolve, idleSeconds * 1000));
  const idleCpuPerSecond = idleSeconds > 0 ? (cpuMs(server.pid) - idleFrom) / idleSeconds : NaN;
  const cpuAtStart = cpuMs(server.pid);
  let cpuWarm = NaN;
  const warmupMs = Math.max(2000, (scenario.clients / scenario.sendsPerSecond) * 1000);
  await sends.run({ sendsPerSecond: scenario.sendsPerSecond, warmupMs, seconds, onWarm: () => (cpuWarm = cpuMs(server.pid)) });
  const cpuAtEnd = cpuMs(server.pid);
  const cpuPerMessage = (cpuAtEnd - cpuWarm) / sends.timedSent;
  const cpuPerMessageWithWarmup = (cpuAtEnd - cpuAtStart) / sends.sent;
  const clients = groups.flat().map(({ client }) => client);
  const closes = clients.flatMap((c) => c.closes);
  clients.forEach((c) => c.destroy());
  return { ...summarize(samples), lost: sends.lost, duplicates: sends.duplicates, cpuPerMessage, cpuPerMessageWithWarmup, idleCpuPerSecond, closes: closeCounts(closes) };
}

/** "0" or the count per close code: a socket the server closed, or one its client gave up on, reconnects and reloads. */
function closeCounts(codes: number[]): string {
  const counts = new Map<number, number>();
  for (const code of codes) counts.set(code, (counts.get(code) ?? 0) + 1);
  return counts.size === 0 ? '0' : [...counts].map(([code, n]) => `${n}× ${code}`).join(', ');
}

const rows: string[] = [];
for (const [i, scenario] of scenarios.entries()) {
  const results: Record<string, Outcome> = {};
  // --volley: Volley alone, while iterating on it (the table then shows no reference).
  for (const start of values.volley ? [startVolley] : [startReference, startVolley]) {
    const server = await start(18400 + i * 2 + (start === startVolley ? 1 : 0));
    try {
      results[server.name] = await measure(server, scenario, `${Date.now().toString(36)}${i}`);
    } finally {
      await server.stop();
    }
  }
  const v = results.volley!;
  const r = results.reference ?? { p50: NaN, p99: NaN, max: NaN, count: 0, lost: 0, duplicates: 0, cpuPerMessage: NaN, cpuPerMessageWithWarmup: NaN, idleCpuPerSecond: NaN, closes: '—' };
  rows.push(
    `| ${scenario.name} (${scenario.clients} clients, ${seconds} s) | ${ms(v.p50)} / ${ms(v.p99)} | ${ms(r.p50)} / ${ms(r.p99)} | ${(v.p50 / r.p50).toFixed(2)} / ${(v.p99 / r.p99).toFixed(2)} | ${ms(v.cpuPerMessage)} / ${ms(r.cpuPerMessage)} (${(v.cpuPerMessage / r.cpuPerMessage).toFixed(2)}×) | ${ms(v.cpuPerMessageWithWarmup)} / ${ms(r.cpuPerMessageWithWarmup)} (${(v.cpuPerMessageWithWarmup / r.cpuPerMessageWithWarmup).toFixed(2)}×) | ${ms(v.idleCpuPerSecond)} / ${ms(r.idleCpuPerSecond)} | ${v.count} (${v.lost} lost, ${v.duplicates} twice) / ${r.count} (${r.lost} lost, ${r.duplicates} twice) | ${v.closes} / ${r.closes} |`,
  );
}
console.log('\n| scenario | Volley p50 / p99 | reference p50 / p99 | ratio p50 / p99 | server CPU per timed message, Volley / reference | the same over the whole run, warm-up included | idle server CPU per second (--idle-seconds) | deliveries measured | sockets closed, Volley / reference |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
process.exit(0);
