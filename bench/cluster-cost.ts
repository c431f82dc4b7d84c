/**
 * What the cluster costs in steady state (docs/operations.md, "Running the cluster"): the same chat
 * traffic on a single PostgreSQL and Redis, and on the cluster of docker-compose.cluster.yml as
 * local processes (bench/lib/cluster.ts: three PostgreSQL nodes under Patroni with a synchronous
 * standby, HAProxy, Redis with a replica and three sentinels), in one run, rounds alternating.
 * Each deployment has its own api and sync server, built. Then the synchronous standby's round trip:
 * single-row commits on the cluster's primary (through HAProxy) with `synchronous_commit` on (the
 * cluster's setting: the commit waits for the standby's flush) and `local` (it does not), alternating.
 *
 *   npm run build && DATABASE_URL=postgres://… REDIS_URL=redis://… npx tsx bench/cluster-cost.ts [--clients 200] [--rooms 20] [--rate 50] [--seconds 10] [--rounds 2] [--commits 400]
 *
 * Needs Debian's patroni, etcd-server, haproxy, redis-server, redis-sentinel and postgresql-15 (as
 * bench/failover-drill.ts); the cluster's ports are 17301–17353. Prints, per deployment, p50/p99 of
 * send-to-receive latency and the sync server's CPU per message sent, the ratios cluster / single,
 * and the commits' p50/p99 both ways.
 */
import { execSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { chatRound, pooled, WARMUP_MS, type Outcome } from './lib/chat-rounds.js';
import { registerUsers } from './lib/clients.js';
import { startCluster } from './lib/cluster.js';
import { freePort, kill, ownDatabase, proc, type Proc } from './lib/processes.js';
import { UNLIMITED_OPS } from './lib/servers.js';
import { ms, summarize } from './lib/stats.js';

process.setMaxListeners(0);
const { values } = parseArgs({ options: { clients: { type: 'string', default: '200' }, rooms: { type: 'string', default: '20' }, rate: { type: 'string', default: '50' }, seconds: { type: 'string', default: '10' }, rounds: { type: 'string', default: '2' }, commits: { type: 'string', default: '400' } } });
const [clients, rooms, rate, seconds, rounds, commits] = [values.clients, values.rooms, values.rate, values.seconds, values.rounds, values.commits].map(Number) as [number, number, number, number, number, number];
if (!process.env.DATABASE_URL || !process.env.REDIS_URL) throw new Error('DATABASE_URL and REDIS_URL are needed: the single deployment runs on them');
const t0 = Date.now();
const log = (line: string) => process.stderr.write(`[${((Date.now() - t0) / 1000).toFixed(1)} s] ${line}\n`);
const load = { rooms, rate, seconds };
const uptime = () => execSync('uptime').toString().trim().replace(/.*load average: /, '');

interface Deployment {
  name: string;
  api: Proc;
  sync: Proc;
  apiUrl: string;
}

async function deploy(name: string, stores: Record<string, string | undefined>): Promise<Deployment> {
  const env = { DATA_DIR: mkdtempSync(join(tmpdir(), `volley-bench-${name}-`)), JWT_SECRET: randomBytes(32).toString('hex'), REDIS_PREFIX: `volley-bench-${randomBytes(4).toString('hex')}:`, ...UNLIMITED_OPS, ...stores };
  const [api, sync] = [proc('api', true, env, await freePort()), proc('sync-server', true, env, await freePort())];
  await api.start();
  await sync.start();
  return { name, api, sync, apiUrl: `http://127.0.0.1:${api.port}/api/v1` };
}

/** Single-row commits on `url`, `synchronous_commit` on and local in turn: each one's latencies (ms). */
async function commitTimes(url: string): Promise<{ on: number[]; local: number[] }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('create table if not exists bench_commits (id serial primary key, at timestamptz default now())');
  const times = { on: [] as number[], local: [] as number[] };
  for (let i = 0; i < commits; i++) {
    const mode = i % 2 === 0 ? 'on' : 'local';
    await client.query(`set synchronous_commit = ${mode}`);
    const start = performance.now();
    await client.query('insert into bench_commits default values');
    times[mode].push(performance.now() - start);
  }
  await client.query('drop table bench_commits');
  await client.end();
  return times;
}

const cluster = await startCluster(17300, log);
const database = await ownDatabase(process.env.DATABASE_URL);
const deployments: Deployment[] = [];
try {
  deployments.push(await deploy('single', { DATABASE_URL: database.url, REDIS_URL: process.env.REDIS_URL }));
  deployments.push(await deploy('cluster', { DATABASE_URL: cluster.databaseUrl, REDIS_URL: undefined, REDIS_SENTINELS: cluster.sentinels, REDIS_SENTINEL_NAME: 'volley' }));
  log('both deployments up');
  const run = Date.now().toString(36);
  const users = new Map<string, Awaited<ReturnType<typeof registerUsers>>>();
  for (const d of deployments) users.set(d.name, await registerUsers(d.apiUrl, clients, `cc${d.name[0]}${run}_`));
  const measured = new Map<string, Outcome[]>(deployments.map((d) => [d.name, []]));
  const loads: string[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const d of r % 2 === 0 ? deployments : [...deployments].reverse()) {
      measured.get(d.name)!.push(await chatRound(d.apiUrl, users.get(d.name)!, [d.sync], `${d.name}${r}-${run}`, load));
      log(`round ${r + 1}, ${d.name} done`);
    }
    loads.push(uptime());
  }
  const commitsOn = await commitTimes(cluster.databaseUrl);
  loads.push(uptime());

  const [single, clustered] = deployments.map((d) => pooled(measured.get(d.name)!)) as [ReturnType<typeof pooled>, ReturnType<typeof pooled>];
  const [s, c] = [summarize(single.same), summarize(clustered.same)];
  console.log(`\n${clients} clients in ${rooms} rooms, ${rate} sends/s, ${seconds} s after ${WARMUP_MS / 1000} s of warm-up, ${rounds} rounds; one api and one sync server per deployment`);
  console.log(`load average after each round, then after the commits: ${loads.join(' | ')}\n`);
  console.log('| deployment | deliveries | p50 | p99 | sync server CPU per message |');
  console.log('|---|---|---|---|---|');
  console.log(`| single PostgreSQL + Redis | ${s.count} | ${ms(s.p50)} | ${ms(s.p99)} | ${ms(single.cpuPerMessage)} |`);
  console.log(`| cluster (Patroni, synchronous standby, HAProxy; Redis + Sentinel) | ${c.count} | ${ms(c.p50)} | ${ms(c.p99)} | ${ms(clustered.cpuPerMessage)} |`);
  console.log(`\ncluster / single: CPU per message ${(clustered.cpuPerMessage / single.cpuPerMessage).toFixed(2)}×, p50 ${(c.p50 / s.p50).toFixed(2)}×, p99 ${(c.p99 / s.p99).toFixed(2)}×`);
  for (let r = 0; r < rounds; r++) console.log(`  round ${r + 1}: CPU per message single ${ms(measured.get('single')![r]!.cpu / measured.get('single')![r]!.sent)}, cluster ${ms(measured.get('cluster')![r]!.cpu / measured.get('cluster')![r]!.sent)}`);
  console.log(`messages sent: ${single.sent} / ${clustered.sent}; deliveries lost: ${single.lost} / ${clustered.lost}`);
  const [on, local] = [summarize(commitsOn.on), summarize(commitsOn.local)];
  console.log(`\ncommits on the cluster's primary through HAProxy (${commits / 2} each): synchronous_commit on p50 ${ms(on.p50)} p99 ${ms(on.p99)}; local p50 ${ms(local.p50)} p99 ${ms(local.p99)}; the standby's round trip (p50 difference) ${ms(on.p50 - local.p50)}`);
} finally {
  await Promise.all(deployments.flatMap((d) => [d.api, d.sync]).map((p) => p.child && kill(p, 'SIGTERM')));
  await database.drop();
  await cluster.stop();
}
process.exit(0);
