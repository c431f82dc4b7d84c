/**
 * Chat delivery across sync servers: the same chat traffic with every socket on one sync server,
 * then with each room's members spread over 2 (or more: `--spread 1,2,4`), the messages crossing
 * the bus, in one run, on one PostgreSQL database and one Redis prefix. `--redis-cluster`: on a
 * Redis Cluster of three primaries with a replica each, started for the run from `redis-server`
 * (ports 17200–17205; REDIS_CLUSTER_NODES, sharded pub/sub) instead of REDIS_URL.
 *
 *   npm run build && DATABASE_URL=postgres://… REDIS_URL=redis://… npx tsx bench/scale-out-delivery.ts [--clients 400] [--rooms 40] [--rate 100] [--seconds 10] [--rounds 2] [--spread 1,2] [--redis-cluster]
 *
 * Each round measures every spread, on fresh channels, the order turning from one round to the next
 * (a user's first sends cost more than the later ones: the first configuration would pay for them).
 *
 * Prints send-to-receive latency p50/p99 (for receivers on the sender's server and on another), the
 * sync servers' CPU per message sent (all processes of the spread, summed), deliveries lost, and the
 * ratios to the first spread. Clients are the harness's stock y-websocket providers sending through
 * their outbox (bench/lib/clients.ts); the servers run built, one api process for the accounts and
 * channels.
 */
import { execSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startRedisCluster, type TestRedisCluster } from '@volley/core/testing';
import { chatRound, pooled, WARMUP_MS, type Outcome } from './lib/chat-rounds.js';
import { registerUsers } from './lib/clients.js';
import { freePort, kill, ownDatabase, proc, type Proc } from './lib/processes.js';
import { UNLIMITED_OPS } from './lib/servers.js';
import { ms, summarize } from './lib/stats.js';

process.setMaxListeners(0);

const { values } = parseArgs({ options: { clients: { type: 'string', default: '400' }, rooms: { type: 'string', default: '40' }, rate: { type: 'string', default: '100' }, seconds: { type: 'string', default: '10' }, rounds: { type: 'string', default: '2' }, spread: { type: 'string', default: '1,2' }, 'redis-cluster': { type: 'boolean', default: false } } });
const [clients, rooms, rate, seconds, rounds] = [values.clients, values.rooms, values.rate, values.seconds, values.rounds].map(Number) as [number, number, number, number, number];
const spreads = values.spread.split(',').map(Number);
if (!process.env.DATABASE_URL || (!process.env.REDIS_URL && !values['redis-cluster'])) throw new Error('DATABASE_URL and REDIS_URL (or --redis-cluster) are needed: the sync servers share PostgreSQL and Redis');
const load = { rooms, rate, seconds };

const cluster: TestRedisCluster | undefined = values['redis-cluster'] ? await startRedisCluster({ base: 17200, nodeTimeoutMs: 5000 }) : undefined;
const database = await ownDatabase(process.env.DATABASE_URL);
const env = {
  DATA_DIR: mkdtempSync(join(tmpdir(), 'volley-bench-scale-out-')),
  JWT_SECRET: randomBytes(32).toString('hex'),
  DATABASE_URL: database.url,
  REDIS_PREFIX: `volley-bench-${randomBytes(4).toString('hex')}:`,
  ...(cluster && { REDIS_URL: undefined, REDIS_CLUSTER_NODES: cluster.nodesEnv }),
  ...UNLIMITED_OPS,
};
const api = proc('api', true, env, await freePort());
const syncs: Proc[] = [];
for (let i = 0; i < Math.max(...spreads); i++) syncs.push(proc('sync-server', true, env, await freePort()));
try {
  await api.start();
  // One after the other: the later ones wait for nothing, the schema is there.
  for (const s of syncs) await s.start();
  const apiUrl = `http://127.0.0.1:${api.port}/api/v1`;
  const run = Date.now().toString(36);
  const users = await registerUsers(apiUrl, clients, `so${run}_`);
  const measured = new Map<number, Outcome[]>(spreads.map((n) => [n, []]));
  const loads: string[] = [];
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? spreads : [...spreads].reverse();
    for (const n of order) measured.get(n)!.push(await chatRound(apiUrl, users, syncs.slice(0, n), `s${n}r${r}-${run}`, load));
    loads.push(execSync('uptime').toString().trim().replace(/.*load average: /, ''));
  }
  const results = spreads.map((n) => ({ n, ...pooled(measured.get(n)!) }));
  const first = results[0]!;
  const all = (r: (typeof results)[number]) => [...r.same, ...r.across];

  console.log(`\n${clients} clients in ${rooms} rooms, ${rate} sends/s, ${seconds} s after ${WARMUP_MS / 1000} s of warm-up, ${rounds} rounds, bus: ${cluster ? 'Redis Cluster (3 primaries + 3 replicas, sharded pub/sub)' : 'Redis'}`);
  console.log(`load average after each round: ${loads.join(' | ')}\n`);
  console.log('| sync servers | deliveries | p50 | p99 | p99, receiver on another server | CPU per message (summed) | CPU / first | p99 / first |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    const s = summarize(all(r));
    const across = r.across.length > 0 ? ms(summarize(r.across).p99) : '—';
    console.log(`| ${r.n} | ${s.count} | ${ms(s.p50)} | ${ms(s.p99)} | ${across} | ${ms(r.cpuPerMessage)} | ${(r.cpuPerMessage / first.cpuPerMessage).toFixed(2)}× | ${(s.p99 / summarize(all(first)).p99).toFixed(2)}× |`);
  }
  for (let r = 0; r < rounds; r++) console.log(`  round ${r + 1}: ${spreads.map((n) => `${n}: ${ms(measured.get(n)![r]!.cpu / measured.get(n)![r]!.sent)}`).join(', ')}`);
  console.log(`messages sent: ${results.map((r) => r.sent).join(' / ')}; deliveries lost: ${results.map((r) => r.lost).join(' / ')}`);
} finally {
  await Promise.all([api, ...syncs].map((p) => p.child && kill(p, 'SIGTERM')));
  await database.drop();
  await cluster?.stop();
}
process.exit(0);
