/**
 * One sync process holding many idle sockets, as deployed (PostgreSQL + Redis, the api apart): the
 * sync process's RSS before and after they open, its CPU while they idle, and how long one message
 * takes to reach each member of a 1,000-member channel among them.
 *
 *   npm run build && DATABASE_URL=postgres://postgres@127.0.0.1:5432/test REDIS_URL=redis://127.0.0.1:6379 \
 *     npx tsx bench/idle-sockets.ts [--sockets 19000[,5000,…]] [--idle-seconds 60] [--messages 5] [--clients 4]
 *
 * The sockets are what signed-in people hold (docs/scaling.md, "The load"): each person their
 * `user.<id>` room and the conversation they have open, here the head segment of a channel of 1,000
 * (the last one smaller). The people and channels are written into the database directly and their
 * tokens signed here with the sync server's secret: registering thousands through the api would
 * measure argon2. The sockets are opened by child processes (`lib/idle-sockets.ts`), so that the
 * clients' own work is not the measured process's. One member then sends op frames on a socket of
 * its own to the first channel, one at a time; every member's idle socket on it times the update.
 *
 * Memory is read after a full GC (through the inspector, bench/lib/heap.ts): the V8 heap and the
 * RSS. Idle CPU is counted over the same window before the sockets open and while they idle: the
 * difference is theirs. A socket is a file descriptor in the sync process: it can hold no more than
 * its `ulimit -n` (printed).
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import WebSocket from 'ws';
import { AccessTokens } from '@volley/core';
import { convRoom, newId, OP_FRAMES_SUBPROTOCOL, opFrame, socketProtocols, userRoom } from '@volley/shared';
import { cpuMs, quiet } from './lib/cpu.js';
import { heapReadableArgs, heapUsed } from './lib/heap.js';
import type { FromIdleSockets, IdleSocketSpec, ToIdleSockets } from './lib/idle-sockets.js';
import { IpcChild } from './lib/ipc-child.js';
import { loadLine } from './lib/load.js';
import { emptySyncStep1, isSyncStep2 } from './lib/raw-socket.js';
import { rssOf } from './lib/memory.js';
import { sleep } from './lib/processes.js';
import { startVolleyApart } from './lib/servers.js';
import { summarize, type LatencySummary } from './lib/stats.js';

const { values } = parseArgs({
  options: {
    sockets: { type: 'string', default: '19000' },
    'idle-seconds': { type: 'string', default: '60' },
    messages: { type: 'string', default: '5' },
    clients: { type: 'string', default: '4' },
    'room-members': { type: 'string', default: '1000' },
  },
});
const sizes = values.sockets.split(',').map(Number);
const idleMs = Number(values['idle-seconds']) * 1000;
const messageCount = Number(values.messages);
const clientCount = Number(values.clients);
const roomMembers = Number(values['room-members']);
/** Each client process spreads its sockets over 16 source addresses of its own. */
const ADDRESSES_PER_CLIENT = 16;
const OPENING_CONCURRENCY = 50;
const PORT = 18461;
const INSPECT_PORT = 19231;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

interface Person {
  id: string;
  username: string;
  token: string;
  channel: string;
}

/** `count` people in channels of `roomMembers`, written as the api would leave them; the channels' ids, the first the timed one. */
async function seed(databaseUrl: string, count: number, tokens: AccessTokens): Promise<{ people: Person[]; channels: string[] }> {
  const channels = Array.from({ length: Math.ceil(count / roomMembers) }, () => newId());
  const people = Array.from({ length: count }, (_, i) => {
    const id = newId();
    const username = `idle_${i}_${id.slice(-6).toLowerCase()}`;
    return { id, username, token: tokens.sign({ userId: id, username }), channel: channels[Math.floor(i / roomMembers)]! };
  });
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query(`insert into conversations (id, kind, name) select id, 'channel', 'idle_' || n from unnest($1::text[]) with ordinality as c(id, n)`, [channels]);
    for (let i = 0; i < people.length; i += 10_000) {
      const batch = people.slice(i, i + 10_000);
      const ids = batch.map((p) => p.id);
      const names = batch.map((p) => p.username);
      await db.query(`insert into users (id, username, email, display_name, password_hash) select id, name, name || '@bench.test', name, 'not-used' from unnest($1::text[], $2::text[]) as u(id, name)`, [ids, names]);
      await db.query(`insert into conversation_members (conversation_id, user_id) select * from unnest($1::text[], $2::text[])`, [batch.map((p) => p.channel), ids]);
    }
  } finally {
    await db.end();
  }
  return { people, channels };
}

/** The sender's own socket on the channel's head, with op frames: open once the server has answered its sync step 1. */
function senderSocket(syncUrl: string, person: Person): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${syncUrl}/${convRoom(person.channel, 0)}`, socketProtocols(person.token, [OP_FRAMES_SUBPROTOCOL]));
    ws.once('open', () => ws.send(emptySyncStep1));
    ws.on('message', (data: Buffer) => isSyncStep2(data) && resolve(ws));
    ws.once('close', (code) => reject(new Error(`sender closed ${code}`)));
    ws.once('error', reject);
  });
}

/** The process's CPU over the idle window, in ms a second. */
async function idleCpu(pid: number): Promise<number> {
  const before = cpuMs(pid);
  const from = performance.now();
  await sleep(idleMs);
  return (cpuMs(pid) - before) / ((performance.now() - from) / 1000);
}

const fds = (pid: number) => readdirSync(`/proc/${pid}/fd`).length;
const fdLimit = (pid: number) => readFileSync(`/proc/${pid}/limits`, 'utf8').split('\n').find((l) => l.startsWith('Max open files'))!.split(/\s+/).slice(3, 5).join(' / ');

interface Row {
  sockets: number;
  opened: number;
  openSeconds: number;
  heapBefore: number;
  heapAfter: number;
  rssBefore: number;
  rssAfter: number;
  baselineCpuMsPerSecond: number;
  idleCpuMsPerSecond: number;
  fds: string;
  latency: LatencySummary;
  first: LatencySummary;
  delivered: string;
  closed: number;
  load: string;
}

async function measure(total: number): Promise<Row> {
  const secret = randomBytes(32).toString('hex');
  const server = await startVolleyApart(PORT, { syncEnv: { JWT_SECRET: secret, NODE_OPTIONS: heapReadableArgs(INSPECT_PORT).join(' ') } });
  const clients: IpcChild<ToIdleSockets, FromIdleSockets>[] = [];
  let sender: WebSocket | undefined;
  try {
    const databaseUrl = new URL(process.env.DATABASE_URL!);
    databaseUrl.pathname = `/${server.postgres!.database!}`;
    const { people, channels } = await seed(databaseUrl.toString(), total / 2, new AccessTokens(secret, 24 * 3600));
    const load = [loadavg()[0]!];
    console.log(`${total}: ${people.length} people in ${channels.length} channels written`);

    await quiet(server.pid);
    await sleep(5000);
    const heapBefore = await heapUsed(INSPECT_PORT);
    const rssBefore = rssOf(server.pid);
    const baselineCpuMsPerSecond = await idleCpu(server.pid);

    // Each person's two sockets, in the order people come; spread over the client processes.
    const perClient: IdleSocketSpec[][] = Array.from({ length: clientCount }, () => []);
    people.forEach((person, i) => {
      perClient[i % clientCount]!.push({ room: userRoom(person.id), token: person.token, timed: false }, { room: convRoom(person.channel, 0), token: person.token, timed: person.channel === channels[0] });
    });
    const openedAt = performance.now();
    for (let c = 0; c < clientCount; c++) clients.push(new IpcChild(new URL('./lib/idle-sockets.ts', import.meta.url)));
    const opened = await Promise.all(
      clients.map((client, c) =>
        client.ask<'opened'>({
          type: 'open',
          syncUrl: server.syncUrl,
          sockets: perClient[c]!,
          addresses: Array.from({ length: ADDRESSES_PER_CLIENT }, (_, a) => `127.0.${1 + c}.${2 + a}`),
          concurrency: OPENING_CONCURRENCY,
        }),
      ),
    );
    const openSeconds = (performance.now() - openedAt) / 1000;
    const openCount = opened.reduce((sum, o) => sum + o.open, 0);
    for (const failure of opened.flatMap((o) => o.failed)) console.log(`  failed: ${failure}`);
    console.log(`${total}: ${openCount} open in ${openSeconds.toFixed(1)} s; the sync process holds ${fds(server.pid)} descriptors (limit ${fdLimit(server.pid)})`);

    await quiet(server.pid);
    await sleep(10_000);
    const heapAfter = await heapUsed(INSPECT_PORT);
    const rssAfter = rssOf(server.pid);
    const descriptors = `${fds(server.pid)} (limit ${fdLimit(server.pid)})`;

    const idleCpuMsPerSecond = await idleCpu(server.pid);
    load.push(loadavg()[0]!);
    console.log(`  heap ${mib(heapBefore)} → ${mib(heapAfter)}, RSS ${mib(rssBefore)} → ${mib(rssAfter)}; idle CPU ${baselineCpuMsPerSecond.toFixed(1)} → ${idleCpuMsPerSecond.toFixed(1)} ms a second`);

    sender = await senderSocket(server.syncUrl, people[0]!);
    await quiet(server.pid);
    const samples: number[] = [];
    let first: LatencySummary | undefined;
    const delivered: number[] = [];
    for (let m = 0; m < messageCount; m++) {
      const marker = `idle-${m}-${randomBytes(6).toString('hex')}`;
      await Promise.all(clients.map((client) => client.ask<'armed'>({ type: 'arm', marker })));
      const sentAt = process.hrtime.bigint();
      sender.send(opFrame(newId(), { op: 'send', convId: channels[0]!, body: marker }));
      let got: Extract<FromIdleSockets, { type: 'received' }>[] = [];
      for (const until = performance.now() + 10_000; performance.now() < until; ) {
        await sleep(250);
        got = await Promise.all(clients.map((client) => client.ask<'received'>({ type: 'collect' })));
        if (got.every((g) => g.at.length === g.timed)) break;
      }
      const latencies = got.flatMap((g) => g.at.map((at) => Number(BigInt(at) - sentAt) / 1e6));
      delivered.push(latencies.length);
      samples.push(...latencies);
      const summary = summarize(latencies);
      first ??= summary;
      console.log(`  message ${m + 1}: ${latencies.length} of ${got.reduce((sum, g) => sum + g.timed, 0)} members, p50 ${summary.p50.toFixed(1)} / p99 ${summary.p99.toFixed(1)} / max ${summary.max.toFixed(1)} ms`);
      await sleep(2000);
    }
    const statuses = await Promise.all(clients.map((client) => client.ask<'status'>({ type: 'status' })));
    load.push(loadavg()[0]!);
    return {
      sockets: total,
      opened: openCount,
      openSeconds,
      heapBefore,
      heapAfter,
      rssBefore,
      rssAfter,
      baselineCpuMsPerSecond,
      idleCpuMsPerSecond,
      fds: descriptors,
      latency: summarize(samples),
      first: first!,
      delivered: `${delivered.reduce((a, b) => a + b, 0)} / ${messageCount * roomMembers}`,
      closed: statuses.reduce((sum, s) => sum + s.closed, 0),
      load: load.map((l) => l.toFixed(1)).join(' → '),
    };
  } finally {
    sender?.terminate();
    await Promise.all(clients.map((client) => client.stop()));
    await server.stop();
  }
}

const startLoad = loadavg();
const rows: Row[] = [];
for (const size of sizes) rows.push(await measure(size));

console.log(`\n${loadLine(startLoad, 'at the start', 'at the end')}`);
console.log('\n| sockets (open) | opened in | sync heap before → after (a socket) | RSS before → after (a socket) | idle CPU a second, none → all open (a socket) | descriptors | 1,000-member delivery p50 / p99 / max (all messages) | first message p50 / p99 / max | delivered | closed | load (1 min) |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
const perSocket = (r: Row) => ({
  heap: (r.heapAfter - r.heapBefore) / r.opened,
  rss: (r.rssAfter - r.rssBefore) / r.opened,
  cpuUs: ((r.idleCpuMsPerSecond - r.baselineCpuMsPerSecond) / r.opened) * 1000,
});
const kib = (bytes: number) => `${(bytes / 1024).toFixed(2)} KiB`;
for (const r of rows) {
  const each = perSocket(r);
  console.log(
    `| ${r.sockets} (${r.opened}) | ${r.openSeconds.toFixed(1)} s | ${mib(r.heapBefore)} → ${mib(r.heapAfter)} (${kib(each.heap)}) | ${mib(r.rssBefore)} → ${mib(r.rssAfter)} (${kib(each.rss)}) | ${r.baselineCpuMsPerSecond.toFixed(1)} → ${r.idleCpuMsPerSecond.toFixed(1)} ms (${each.cpuUs.toFixed(2)} µs) | ${r.fds} | ${r.latency.p50.toFixed(1)} / ${r.latency.p99.toFixed(1)} / ${r.latency.max.toFixed(1)} ms | ${r.first.p50.toFixed(1)} / ${r.first.p99.toFixed(1)} / ${r.first.max.toFixed(1)} ms | ${r.delivered} | ${r.closed} | ${r.load} |`,
  );
}
const largest = rows.at(-1)!;
const each = perSocket(largest);
console.log(
  `\nExtrapolated to 100,000 idle sockets from the ${largest.opened}-socket run (linear, not measured): heap ${mib(largest.heapBefore + each.heap * 100_000)}, RSS ${mib(largest.rssBefore + each.rss * 100_000)}, idle CPU ${(largest.baselineCpuMsPerSecond + (each.cpuUs * 100_000) / 1000).toFixed(0)} ms a second`,
);
process.exit(0);
