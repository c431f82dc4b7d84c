/**
 * The send path against its peers: send-to-receive latency and the CPU a message costs, for
 * Volley's sync server and, on the same load in the same invocation, the servers it is weighed
 * against, each in its own process:
 * - the reference y-websocket server (2.1.0's own, in memory: a relay);
 * - the durable peer (lib/durable-peer.ts): the reference's relay committing each update to
 *   PostgreSQL before anyone sees it, what Volley promises, on the same PostgreSQL;
 * - the deciding peer (lib/deciding-peer.ts): the smallest server that keeps the whole send path's
 *   promise: its clients send op frames, as Volley's do, and it decides each (validated, once per op
 *   id, the conversation's next seq), builds the message's element, commits the message row and the
 *   update together, then shows it and answers the author; same PostgreSQL;
 * - Hocuspocus on its defaults with its SQLite extension (lib/hocuspocus-server.ts): it broadcasts
 *   first and stores the document later, debounced;
 * - Volley, its clients sending op frames on the conversation's socket, as the client library does
 *   ("op-frame path"), and through their user document's outbox, as a stock client can
 *   ("user-document path"): two contenders, started apart, measured in the same rounds; on
 *   PostgreSQL + Redis, a third as docker-compose.yml deploys it ("apart"): the api and the sync
 *   server in processes of their own, the sync server (the send path) measured, the api's CPU over
 *   the same window printed beside it, not counted in.
 *
 *   npm run build && npx tsx bench/sync-latency.ts [--only 0,1,2] [--seconds 10] [--rounds 2] [--warmup-rounds 1]
 *     [--scale 1] [--rate N] [--volley] [--idle-seconds 0] [--peers-database postgres://…]
 *     [--skip user-document,hocuspocus]  (servers whose label contains one of these are left out)
 *     [--baseline /path/to/another/checkout[,/path/to/a/third…]]  (each built server's op-frame path too, in the same rounds)
 *
 * Scenarios: 0, 100 clients in one room, 50 sends/s; 1, 1,000 clients across 100 rooms of 10, 200
 * sends/s; 2, 1,000 members in one room, 5 sends/s from 10 of them, awareness off in the room (each
 * client's renewal would go to the 999 others: a million frames that would drown the messages), its
 * rounds whole heartbeats (30 s, or a multiple: `wholeHeartbeats`). The servers are started once
 * per scenario and measured in rounds, alternately (A B C D, then D C B A…): the machine's load
 * drifts, and a median over alternating rounds is what compares. Each server's first
 * `--warmup-rounds` rounds (default 1) carry the same load and are printed but not counted: a process
 * spends its first minute of a load compiling the code it runs (V8's optimizing compiler, about a
 * tenth of Volley's CPU in its first round, its CPU per message falling by 30 % from the first
 * round to the third), a one-off that a server running for days does not pay per message, and
 * that weighs on a server with much code more than on a relay with little.
 *
 * Printed per server: p50/p99, the server process's CPU per message and per delivery (the timed
 * sends: from the end of the warm-up, which lasts until every sender has sent once, to the last
 * delivery), the same with its PostgreSQL backends' CPU added (lib/pg-backends.ts), deliveries
 * expected and got, sockets closed; then the ratios. The durable peer needs PostgreSQL even when
 * Volley runs embedded: `--peers-database`, else DATABASE_URL; without either it is left out.
 * Volley runs on PostgreSQL + Redis with DATABASE_URL/REDIS_URL, else on PGlite.
 */
import { loadavg } from 'node:os';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { cpuMs, quiet } from './lib/cpu.js';
import { channelOf, type ClientOptions, referenceClient, registerUsers, volleyClient, volleyFrameClient, type ChatClient, type VolleyUser } from './lib/clients.js';
import { hocuspocusClient } from './lib/hocuspocus-client.js';
import { BackendCpu } from './lib/pg-backends.js';
import { startHocuspocus, startPeer, startReference, startVolley, startVolleyApart, type ServerUnderTest } from './lib/servers.js';
import { median, ms, summarize } from './lib/stats.js';
import { TimedSends } from './lib/timed-sends.js';

interface Scenario {
  index: number;
  name: string;
  clients: number;
  rooms: number;
  sendsPerSecond: number;
  /** Members of each room that send (all when absent). */
  senders?: number;
  client: ClientOptions;
  /**
   * The timed window a whole number of heartbeats (rounded up): every server here pings each socket
   * every 30 s (the reference all of them at once, Volley a thirtieth each second), so a shorter
   * window counts the reference's pings in some rounds and not others. Where messages are few (a
   * room of 1,000 at 5 a second), those pings are a large part of what a message costs.
   */
  wholeHeartbeats?: true;
}

/** The servers' heartbeat (y-websocket's and Volley's ping interval). */
const HEARTBEAT_S = 30;

// Every provider registers a process 'exit' listener in Node; a thousand of them are expected here.
process.setMaxListeners(0);

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '2' },
    'warmup-rounds': { type: 'string', default: '1' },
    only: { type: 'string' },
    scale: { type: 'string', default: '1' },
    volley: { type: 'boolean', default: false },
    rate: { type: 'string' },
    'idle-seconds': { type: 'string', default: '0' },
    'peers-database': { type: 'string' },
    skip: { type: 'string' },
    baseline: { type: 'string' },
  },
});
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);
const warmupRounds = Number(values['warmup-rounds']);
const scale = Number(values.scale);
const idleSeconds = Number(values['idle-seconds']);
const peersDatabase = values['peers-database'] ?? process.env.DATABASE_URL;
const only = values.only?.split(',').map(Number);
/** The scenario's timed seconds a round: --seconds, or whole heartbeats (`wholeHeartbeats`). */
const secondsOf = (scenario: Scenario): number => (scenario.wholeHeartbeats ? Math.ceil(seconds / HEARTBEAT_S) * HEARTBEAT_S : seconds);
const scenarios: Scenario[] = ([
  { name: '100 clients in one room, 50 sends/s', clients: 100, rooms: 1, sendsPerSecond: 50, client: {} },
  { name: '1,000 clients across 100 rooms of 10, 200 sends/s', clients: 1000, rooms: 100, sendsPerSecond: 200, client: {} },
  { name: '1,000 members in one room, 5 sends/s from 10 of them', clients: 1000, rooms: 1, sendsPerSecond: 5, senders: 10, client: { awareness: false }, wholeHeartbeats: true },
] as Omit<Scenario, 'index'>[])
  .map((s, i) => ({ ...s, index: i }))
  .filter((s) => only === undefined || only.includes(s.index))
  .map((s) => ({ ...s, clients: Math.max(2 * s.rooms, Math.round(s.clients * scale)), sendsPerSecond: values.rate ? Number(values.rate) : s.sendsPerSecond }));

/** A server as measured here: how to start it, and its clients. */
interface Contender {
  label: string;
  start(port: number): Promise<ServerUnderTest>;
  /** Its clients, grouped by room: room r holds clients r, r + rooms, r + 2·rooms… */
  connect(server: ServerUnderTest, scenario: Scenario, run: string): Promise<ChatClient[][]>;
}

/** Clients that write the room's shared array themselves, in rooms of a fresh name each round. */
function writers(client: (server: ServerUnderTest, room: string, options: ClientOptions) => ChatClient): Contender['connect'] {
  return async (server, scenario, run) => {
    const groups: ChatClient[][] = Array.from({ length: scenario.rooms }, () => []);
    for (let i = 0; i < scenario.clients; i++) groups[i % scenario.rooms]!.push(client(server, `bench-${run}-${i % scenario.rooms}`, scenario.client));
    return groups;
  };
}

/** Volley's users, registered on its first round and reused by the next ones (returning users), in fresh channels each round as the others' rooms are. */
function volleyUsers(client: typeof volleyClient): Contender['connect'] {
  let users: VolleyUser[] | undefined;
  return async (server, scenario, run) => {
    const api = server.apiUrl!;
    users ??= await registerUsers(api, scenario.clients, `b${run}_`);
    const groups: ChatClient[][] = [];
    for (let r = 0; r < scenario.rooms; r++) {
      const members = users.filter((_, i) => i % scenario.rooms === r);
      const convId = await channelOf(api, members, `bench-${run}-${r}`);
      groups.push(members.map((user) => client(server, user, convId, scenario.client)));
    }
    return groups;
  };
}

/** The deciding peer's clients: op frames, as Volley's send them, each its own author (the bearer subprotocol names it, unverified), in conversations of a fresh name each round. */
const deciders: Contender['connect'] = async (server, scenario, run) => {
  const groups: ChatClient[][] = Array.from({ length: scenario.rooms }, () => []);
  for (let i = 0; i < scenario.clients; i++) groups[i % scenario.rooms]!.push(volleyFrameClient(server, { id: `u${i}`, token: `u${i}` }, `bench-${run}-${i % scenario.rooms}`, scenario.client));
  return groups;
};

const skipped = values.skip?.split(',').filter(Boolean).map((s) => s.toLowerCase()) ?? [];

function contenders(): Contender[] {
  return everyContender().filter((c) => !skipped.some((s) => c.label.toLowerCase().includes(s)));
}

function everyContender(): Contender[] {
  const volley: Contender[] = [
    { label: 'Volley, op-frame path', start: (port) => startVolley(port), connect: volleyUsers(volleyFrameClient) },
    { label: 'Volley, user-document path', start: (port) => startVolley(port), connect: volleyUsers(volleyClient) },
  ];
  // On PostgreSQL + Redis, also as docker-compose.yml deploys it: the sync server measured, the api apart.
  if (process.env.DATABASE_URL && process.env.REDIS_URL) {
    volley.push({ label: 'Volley apart (as deployed), op-frame path', start: (port) => startVolleyApart(port), connect: volleyUsers(volleyFrameClient) });
  }
  // Other built checkouts' servers beside this one's, in the same rounds: a change A/B in one
  // invocation (several: each step of a series at once); each named by its directory when there are several.
  const baselines = values.baseline?.split(',').filter(Boolean) ?? [];
  for (const root of baselines) {
    const label = baselines.length > 1 ? `Volley baseline ${basename(root)}, op-frame path` : 'Volley baseline, op-frame path';
    volley.push({ label, start: (port) => startVolley(port, { root }), connect: volleyUsers(volleyFrameClient) });
  }
  if (values.volley) return volley;
  return [
    { label: 'reference y-websocket 2.1.0', start: (port) => startReference(port), connect: writers(referenceClient) },
    ...(peersDatabase
      ? [
          { label: 'durable peer', start: (port: number) => startPeer('durable', port, peersDatabase), connect: writers(referenceClient) },
          { label: 'deciding peer', start: (port: number) => startPeer('deciding', port, peersDatabase), connect: deciders },
        ]
      : []),
    { label: 'Hocuspocus + SQLite', start: (port) => startHocuspocus(port), connect: writers(hocuspocusClient) },
    ...volley,
  ];
}

interface Outcome {
  p50: number;
  p99: number;
  /** Server process CPU (ms) over the timed sends, and its PostgreSQL backends' (0 when it has none). */
  cpu: number;
  databaseCpu: number;
  hasDatabase: boolean;
  /** The CPU (ms) of the server's other processes over the timed sends (`beside`), not counted in `cpu`; undefined when it has none. */
  besideCpu: number | undefined;
  messages: number;
  deliveries: number;
  expected: number;
  duplicates: number;
  idleCpuPerSecond: number;
  closes: number[];
  load: [number, number];
}

async function measure(contender: Contender, server: ServerUnderTest, scenario: Scenario, run: string): Promise<Outcome> {
  const loadBefore = loadavg()[0]!;
  const groups = (await contender.connect(server, scenario, run)).map((group) => group.map((client) => ({ client })));
  const samples: number[] = [];
  const sends = new TimedSends(groups, (ms) => samples.push(ms));
  const clients = groups.flat().map(({ client }) => client);
  await Promise.all(clients.map((c) => c.synced));
  // Every server quiet, not only this one: what the others still do once their round is over
  // (rooms unloaded, documents stored) takes the machine's cores from this round's server, and on
  // two cores that moves its CPU per message by a third.
  await quiet(server.pid, ...servers.filter((other) => other !== server).map((other) => other.pid));
  // --idle-seconds: what the connections cost with no message at all (awareness renewals, pings).
  const idleFrom = cpuMs(server.pid);
  await new Promise((resolve) => setTimeout(resolve, idleSeconds * 1000));
  const idleCpuPerSecond = idleSeconds > 0 ? (cpuMs(server.pid) - idleFrom) / idleSeconds : NaN;
  const backends = server.postgres && (await BackendCpu.of(server.postgres));
  let cpuWarm = NaN;
  let besideWarm: number[] = [];
  let backendsStarted: Promise<void> | undefined;
  const senders = Math.min(scenario.senders ?? Infinity, scenario.clients / scenario.rooms) * scenario.rooms;
  const warmupMs = Math.max(2000, (senders / scenario.sendsPerSecond) * 1000);
  await sends.run({
    sendsPerSecond: scenario.sendsPerSecond,
    warmupMs,
    seconds: secondsOf(scenario),
    senders: scenario.senders,
    onWarm: () => {
      cpuWarm = cpuMs(server.pid);
      besideWarm = (server.beside ?? []).map((other) => cpuMs(other.pid));
      backendsStarted = backends?.start();
    },
  });
  const cpu = cpuMs(server.pid) - cpuWarm;
  const besideCpu = server.beside?.reduce((sum, other, i) => sum + cpuMs(other.pid) - besideWarm[i]!, 0);
  await backendsStarted;
  const databaseCpu = backends ? await backends.stop() : 0;
  await backends?.close();
  clients.forEach((c) => c.destroy());
  return {
    ...summarize(samples),
    cpu,
    databaseCpu,
    hasDatabase: backends !== undefined,
    besideCpu,
    messages: sends.timedSent,
    deliveries: sends.received,
    expected: sends.expected,
    duplicates: sends.duplicates,
    idleCpuPerSecond,
    closes: clients.flatMap((c) => c.closes),
    load: [loadBefore, loadavg()[0]!],
  };
}

const µs = (value: number) => `${Math.round(value * 1000)} µs`;
const times = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

/** "0" or the count per close code: a socket the server closed, or one its client gave up on, reconnects and reloads. */
function closeCounts(codes: number[]): string {
  const counts = new Map<number, number>();
  for (const code of codes) counts.set(code, (counts.get(code) ?? 0) + 1);
  return counts.size === 0 ? '0' : [...counts].map(([code, n]) => `${n}× ${code}`).join(', ');
}

/** The medians over a server's rounds. */
function summary(outcomes: Outcome[]) {
  const per = (pick: (o: Outcome) => number) => median(outcomes.map(pick));
  return {
    p50: per((o) => o.p50),
    p99: per((o) => o.p99),
    perMessage: per((o) => o.cpu / o.messages),
    perMessageWithDatabase: per((o) => (o.cpu + o.databaseCpu) / o.messages),
    perDelivery: per((o) => o.cpu / o.deliveries),
    perDeliveryWithDatabase: per((o) => (o.cpu + o.databaseCpu) / o.deliveries),
    hasDatabase: outcomes[0]!.hasDatabase,
    expected: outcomes.reduce((n, o) => n + o.expected, 0),
    deliveries: outcomes.reduce((n, o) => n + o.deliveries, 0),
    duplicates: outcomes.reduce((n, o) => n + o.duplicates, 0),
    idle: per((o) => o.idleCpuPerSecond),
    beside: outcomes[0]!.besideCpu === undefined ? NaN : per((o) => o.besideCpu! / o.messages),
    closes: closeCounts(outcomes.flatMap((o) => o.closes)),
    load: [Math.min(...outcomes.map((o) => Math.min(...o.load))), Math.max(...outcomes.map((o) => Math.max(...o.load)))],
  };
}

const volleyMode = process.env.DATABASE_URL ? `PostgreSQL${process.env.REDIS_URL ? ' + Redis' : ''}` : 'PGlite (embedded default)';
const peerMode = peersDatabase
  ? `the durable peer on PostgreSQL (${new URL(peersDatabase).host}${process.env.DATABASE_URL ? ', the same as Volley' : ': it needs PostgreSQL whatever Volley runs on'})`
  : 'the durable peer left out (it needs PostgreSQL: --peers-database or DATABASE_URL)';
console.log(`Volley on ${volleyMode}; ${peerMode}; Hocuspocus storing in SQLite in its own process (counted in its CPU); the reference in memory.`);
console.log(`${seconds} s of timed sends a round, ${rounds} rounds after ${warmupRounds} of warm-up, load average at start ${loadavg().map((l) => l.toFixed(2)).join(' ')}.`);

/** The servers running, stopped on an interrupt too (their databases, schemas and directories go with them). */
let servers: ServerUnderTest[] = [];
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void Promise.allSettled(servers.map((s) => s.stop())).then(() => process.exit(130)));
}

for (const scenario of scenarios) {
  const list = contenders();
  servers = [];
  const outcomes = list.map((): Outcome[] => []);
  try {
    for (const [i, contender] of list.entries()) servers.push(await contender.start(18400 + scenario.index * 10 + i));
    const run = Date.now().toString(36);
    console.log(`\n${scenario.name} (${scenario.clients} clients${secondsOf(scenario) === seconds ? '' : `, ${secondsOf(scenario)} s a round: whole heartbeats`}):`);
    // Warm-up rounds first, run and printed like the others but not counted.
    for (let round = -warmupRounds; round < rounds; round++) {
      const order = list.map((_, i) => i);
      if ((round + warmupRounds) % 2 === 1) order.reverse();
      for (const i of order) {
        const o = await measure(list[i]!, servers[i]!, scenario, `${run}${scenario.index}${round + warmupRounds}`);
        if (round >= 0) outcomes[i]!.push(o);
        const database = o.hasDatabase ? `, with its database ${ms((o.cpu + o.databaseCpu) / o.messages)}` : '';
        const beside = o.besideCpu === undefined ? '' : ` (${servers[i]!.beside!.map((other) => other.name).join(', ')} beside: ${ms(o.besideCpu / o.messages)})`;
        console.log(
          `  ${round < 0 ? `warm-up round ${round + warmupRounds + 1}` : `round ${round + 1}`}, ${list[i]!.label}: p50 ${ms(o.p50)} / p99 ${ms(o.p99)}; CPU ${ms(o.cpu / o.messages)} a message${database}${beside}; ` +
            `${o.messages} timed messages${o.messages === secondsOf(scenario) * scenario.sendsPerSecond ? '' : ` where ${secondsOf(scenario) * scenario.sendsPerSecond} were planned (the harness fell behind)`}; ` +
            `${o.deliveries} of ${o.expected} deliveries, ${o.duplicates} twice; closed ${closeCounts(o.closes)}; load ${o.load.map((l) => l.toFixed(2)).join(' → ')}`,
        );
      }
    }
  } finally {
    for (const server of servers) await server.stop();
    servers = [];
  }

  const rows = list.map((contender, i) => ({ label: contender.label, ...summary(outcomes[i]!) }));
  const withDatabase = (value: number, has: boolean) => (has ? ms(value) : 'in process');
  const load = [Math.min(...rows.map((r) => r.load[0]!)), Math.max(...rows.map((r) => r.load[1]!))].map((l) => l.toFixed(1));
  console.log(`\n${scenario.name}, ${scenario.clients} clients, ${secondsOf(scenario)} s × ${rounds} rounds, medians (load average ${load.join('–')}):\n`);
  console.log('| server | p50 / p99 | CPU per message | + its PostgreSQL backends | CPU per delivery | + backends | deliveries got / expected (twice) | sockets closed | idle CPU per second | its other processes, a message |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(
      `| ${r.label} | ${ms(r.p50)} / ${ms(r.p99)} | ${ms(r.perMessage)} | ${withDatabase(r.perMessageWithDatabase, r.hasDatabase)} | ${µs(r.perDelivery)} | ${r.hasDatabase ? µs(r.perDeliveryWithDatabase) : 'in process'} | ${r.deliveries} / ${r.expected} (${r.duplicates}) | ${r.closes} | ${Number.isNaN(r.idle) ? '—' : ms(r.idle)} | ${Number.isNaN(r.beside) ? '—' : ms(r.beside)} |`,
    );
  }

  // Every ratio: each Volley variant to each peer, and every server to the reference.
  const reference = rows.find((r) => r.label.startsWith('reference'));
  const peers = rows.filter((r) => r.label.endsWith(' peer') || r.label.startsWith('Hocuspocus'));
  const hocuspocus = rows.find((r) => r.label.startsWith('Hocuspocus'));
  const baselines = rows.filter((r) => r.label.startsWith('Volley baseline'));
  const pairs = [
    ...baselines.flatMap((baseline) => rows.filter((r) => r.label.startsWith('Volley') && r !== baseline).map((v) => [v, baseline] as const)),
    ...rows.filter((r) => r.label.startsWith('Volley')).flatMap((v) => peers.map((p) => [v, p] as const)),
    ...(hocuspocus ? rows.filter((r) => r.label.endsWith(' peer')).map((p) => [p, hocuspocus] as const) : []),
    ...(reference ? rows.filter((r) => r !== reference).map((r) => [r, reference] as const) : [])];
  if (pairs.length > 0) {
    console.log('\n| ratio | CPU per message (process) | with PostgreSQL backends | p50 | p99 |');
    console.log('|---|---|---|---|---|');
    for (const [a, b] of pairs) {
      console.log(`| ${a.label} / ${b.label} | ${times(a.perMessage, b.perMessage)} | ${times(a.perMessageWithDatabase, b.perMessageWithDatabase)} | ${times(a.p50, b.p50)} | ${times(a.p99, b.p99)} |`);
    }
  }
}
process.exit(0);
