/**
 * Uploads beside the chat: 20 images of 5 MB each sent at once through the documented HTTP route
 * (`POST /api/v1/conversations/:id/attachments?name=…`, the body being the bytes), while two other
 * clients keep talking in another channel. Measures what the uploads cost everyone else: how much
 * the resident memory of the process taking them grows (the bodies are streamed to disk, not held:
 * target ≤ 200 MB), and text delivery p99 during the uploads against idle (target ≤ 2×).
 *
 *   npm run build && npm run uploads -w bench [-- --uploads 20 --megabytes 5 --rate 20 --idle-seconds 5 --rounds 5 --sender-niceness 10 --one-process --root <checkout>]
 *
 * Volley runs as each mode is deployed (`deploy`): one process on PGlite, or the api and the sync
 * server apart on PostgreSQL + Redis when their URLs are set (with `--one-process`, the embedded server
 * on them). The images are JPEGs of noise (made
 * with sharp, so they do not compress), each decoded and encoded again as a photo would be. The
 * uploads go from a process of their own (as from another device: lib/upload-burst.ts), at a lower
 * CPU priority (another device does not take the server's processors). Rounds: an idle window,
 * then a burst, so that each burst is compared with the moment just before it. Prints each round's
 * time, the RSS of the process taking the uploads and its image encoder before the first round and
 * at its peak during the bursts (sampled every 50 ms), the p50/p99 of text delivery idle and during
 * the uploads, pooled over the rounds and by round (and apart, in a burst's first second, while the
 * bodies come in, and after it, while the images are encoded, with the worst deliveries and when
 * their messages were sent; what was delivered while the sending process started is left out and
 * told apart), the event-loop delay of the process carrying the chat in the worst window of each
 * phase (from its metrics port), and the load average.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { chatProbe } from './lib/chat-probe.js';
import { channelOf, registerUsers, volleyFrameClient, type ChatClient } from './lib/clients.js';
import { cpuMs, quiet } from './lib/cpu.js';
import { noiseJpeg } from './lib/images.js';
import { type LoopLag, loopLag } from './lib/loop-lag.js';
import { treeRssOf } from './lib/memory.js';
import { freePort, sleep } from './lib/processes.js';
import { type ServerUnderTest, startVolley, startVolleyApart, UNLIMITED_OPS } from './lib/servers.js';
import { loadLine } from './lib/load.js';
import { type LatencySummary, median, ms, summarize } from './lib/stats.js';
import { type UploadResult, uploadBurst, uploadOne } from './lib/upload-burst.js';

process.setMaxListeners(0);

const { values } = parseArgs({
  options: {
    uploads: { type: 'string', default: '20' },
    megabytes: { type: 'string', default: '5' },
    rate: { type: 'string', default: '20' },
    'idle-seconds': { type: 'string', default: '5' },
    rounds: { type: 'string', default: '5' },
    'sender-niceness': { type: 'string', default: '10' },
    /** On PostgreSQL + Redis too, the embedded server: one process, as `npm start` with their URLs set. */
    'one-process': { type: 'boolean', default: false },
    /** The built server of another checkout (an A/B against it with this harness); one process only. */
    root: { type: 'string' },
  },
});
const [uploads, megabytes, rate, idleSeconds, rounds] = [values.uploads, values.megabytes, values.rate, values['idle-seconds'], values.rounds].map(Number) as [number, number, number, number, number];
const MB = 1024 * 1024;

const closers: (() => Promise<unknown>)[] = [];
const hardStop = setTimeout(() => {
  console.error('uploads: no end after 10 minutes, stopping');
  process.exit(1);
}, 600_000);

/**
 * Volley as each mode is deployed. Embedded: one process (`npm start`), api and sync server
 * together on PGlite. On PostgreSQL + Redis: the api and the sync server as processes of their own,
 * as docker-compose.yml runs them, the uploads going to the api and the chat to the sync server.
 * Either way with `MALLOC_ARENA_MAX=2`, as the Docker image sets it.
 */
interface Deployment {
  apiUrl: string;
  sync: ServerUnderTest;
  /** The process taking the uploads, and the one carrying the chat (the same one when embedded). */
  uploads: number;
  chat: number;
  /** The chat process's metrics port. */
  chatMetrics: number;
}

async function deploy(): Promise<Deployment> {
  const env = { ...UNLIMITED_OPS, MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2' };
  const chatMetrics = await freePort();
  if (!process.env.DATABASE_URL || values['one-process']) {
    const server = await startVolley(await freePort(), { env: { ...env, METRICS_PORT: String(chatMetrics) }, ...(values.root && { root: values.root }) });
    closers.push(() => server.stop());
    return { apiUrl: server.apiUrl!, sync: server, uploads: server.pid, chat: server.pid, chatMetrics };
  }
  if (values.root) throw new Error('--root runs one process: with DATABASE_URL, give --one-process too');
  const server = await startVolleyApart(await freePort(), { env, syncEnv: { METRICS_PORT: String(chatMetrics) } });
  closers.push(() => server.stop());
  return { apiUrl: server.apiUrl!, sync: server, uploads: server.beside![0]!.pid, chat: server.pid, chatMetrics };
}

async function main(): Promise<void> {
  const image = await noiseJpeg(megabytes * MB);
  const deployment = await deploy();
  const { uploads: uploadsPid, chat: chatPid, chatMetrics: metricsPort } = deployment;
  const scratch = await mkdtemp(join(tmpdir(), 'volley-uploads-'));
  closers.push(() => rm(scratch, { recursive: true, force: true }));
  const imagePath = join(scratch, 'photo.jpg');
  await writeFile(imagePath, image);
  const api = deployment.apiUrl;
  const [a, b, uploader] = await registerUsers(api, 3, `up${Date.now().toString(36)}_`);
  const chat = await channelOf(api, [a!, b!], 'uploads-chat');
  const files = await channelOf(api, [uploader!], 'uploads-files');
  const clients: ChatClient[] = [volleyFrameClient(deployment.sync, a!, chat), volleyFrameClient(deployment.sync, b!, chat)];
  closers.push(async () => clients.forEach((c) => c.destroy()));
  await Promise.all(clients.map((c) => c.synced));
  // One upload first, so that what the server loads once (sharp, file-type) is not counted as growth.
  const warm = await uploadOne(api, uploader!.token, files, new Uint8Array(image), 'warm.jpg');
  if (warm.status !== 201) throw new Error(`warm-up upload: ${warm.status}`);
  await quiet(uploadsPid, chatPid);

  const probe = chatProbe(clients, clients);
  probe.start(rate);
  await sleep(2000);
  probe.take();
  const sender = await uploadBurst({ apiUrl: api, token: uploader!.token, convId: files, imagePath, uploads, niceness: Number(values['sender-niceness']) });
  closers.push(async () => sender.stop());
  // What was delivered while the sending process started (tsx compiling its sources: most of a core
  // for most of a second) is neither idle nor during the uploads: left out, told apart.
  const starting = summarize(probe.take().samples);
  await quiet(uploadsPid, chatPid);
  probe.take();

  // Rounds of an idle window then a burst: each burst is compared with the idle moment just before
  // it, so that what the machine's other work does to both falls on both.
  const loadBefore = loadavg();
  const rssStart = treeRssOf(uploadsPid);
  let rssPeak = rssStart;
  const phases = { idle: [] as number[], during: [] as number[], first: [] as number[], later: [] as number[], idleLag: [] as LoopLag[], duringLag: [] as LoopLag[] };
  const worst: { latency: number; round: number; at: number }[] = [];
  const perRound: { idle: number; during: number; ms: number }[] = [];
  const results: UploadResult[] = [];
  let serverCpu = 0;
  for (let round = 0; round < rounds; round++) {
    probe.take();
    await loopLag(metricsPort);
    await sleep(idleSeconds * 1000);
    const idle = probe.take();
    phases.idleLag.push(await loopLag(metricsPort));
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, treeRssOf(uploadsPid))), 50);
    const cpuBefore = cpuMs(uploadsPid);
    const started = performance.now();
    results.push(...(await sender.go()));
    const elapsed = performance.now() - started;
    serverCpu += cpuMs(uploadsPid) - cpuBefore;
    clearInterval(sampler);
    const during = probe.take();
    phases.duringLag.push(await loopLag(metricsPort));
    phases.idle.push(...idle.samples);
    phases.during.push(...during.samples);
    // Where the slow deliveries fall: while the bodies come in (the first second), or later.
    during.samples.forEach((latency, k) => {
      const at = during.sentAt[k]! - started;
      (at < 1000 ? phases.first : phases.later).push(latency);
      worst.push({ latency, round, at });
    });
    perRound.push({ idle: summarize(idle.samples).p99, during: summarize(during.samples).p99, ms: elapsed });
  }
  probe.stop();

  const [i, d, first, later] = [phases.idle, phases.during, phases.first, phases.later].map(summarize) as [LatencySummary, LatencySummary, LatencySummary, LatencySummary];
  // The worst window's: prom-client's histogram gives a p99 and a max per window, not its samples.
  const worstLag = (lags: LoopLag[]) => ({ p99: Math.max(...lags.map((l) => l.p99)), max: Math.max(...lags.map((l) => l.max)) });
  const [idleLag, duringLag] = [worstLag(phases.idleLag), worstLag(phases.duringLag)];
  worst.sort((a, b) => b.latency - a.latency).splice(5);
  const refused = results.filter((r) => r.status !== 201);
  const times = summarize(results.map((r) => r.ms));
  const growth = (rssPeak - rssStart) / MB;
  const ratio = d.p99 / i.p99;
  const ratios = perRound.map((r) => r.during / r.idle);
  console.log(`uploads: ${rounds} × (${idleSeconds} s idle, then ${uploads} at once) of a ${(image.length / MB).toFixed(2)} MB JPEG (${!process.env.DATABASE_URL ? 'PGlite, one process' : values['one-process'] ? 'PG + Redis, one process' : 'PG + Redis, the api and the sync server apart'}); chat: 2 clients in another channel, ${rate} messages/s`);
  console.log(`  each round's uploads all done in ${perRound.map((r) => (r.ms / 1000).toFixed(1)).join(', ')} s (${results.length - refused.length} × 201${refused.length ? `, refused: ${refused.map((r) => r.status).join(' ')}` : ''}); each upload p50 ${ms(times.p50)} max ${ms(times.max)}`);
  console.log(`  CPU of the process taking the uploads${deployment.uploads === deployment.chat ? ' (the chat\'s included)' : ' (the api)'}, the image encoder apart: ${ms(serverCpu)}, ${(serverCpu / uploads / rounds).toFixed(1)} ms an upload`);
  console.log(`  RSS of the process taking the uploads, with the processes it started (its image encoder, its uploads' receiver): ${(rssStart / MB).toFixed(0)} MB before the first round, peak ${(rssPeak / MB).toFixed(0)} MB during: +${growth.toFixed(0)} MB (target ≤ 200 MB)`);
  console.log(`  chat delivery idle:    p50 ${ms(i.p50)}  p99 ${ms(i.p99)}  (${i.count} deliveries)`);
  console.log(`  chat delivery uploads: p50 ${ms(d.p50)}  p99 ${ms(d.p99)}  (${d.count} deliveries)  p99 ratio ${ratio.toFixed(2)}× (target ≤ 2×)`);
  console.log(`    by round (p99 uploads / p99 idle just before): ${perRound.map((r, k) => `${r.during.toFixed(1)} / ${r.idle.toFixed(1)} = ${ratios[k]!.toFixed(2)}×`).join(', ')}; median ${median(ratios.filter(Number.isFinite)).toFixed(2)}×`);
  console.log(`    in a burst's first second: p99 ${ms(first.p99)} (${first.count}); after it: p99 ${ms(later.p99)} (${later.count}); the worst: ${worst.map((w) => `${w.latency.toFixed(1)} ms sent at ${(w.at / 1000).toFixed(2)} s of round ${w.round + 1}`).join(', ')}`);
  console.log(`  left out, while the sending process started: p99 ${ms(starting.p99)} max ${ms(starting.max)} (${starting.count} deliveries)`);
  console.log(`  event-loop delay of the process carrying the chat (the worst window) idle: p99 ${ms(idleLag.p99)} max ${ms(idleLag.max)}; during the uploads: p99 ${ms(duringLag.p99)} max ${ms(duringLag.max)}`);
  console.log(`  ${loadLine(loadBefore, 'before the first round', 'after the last')}`);
  process.exitCode = refused.length === 0 ? 0 : 1;
}

try {
  await main();
} catch (err) {
  console.error(err);
  process.exitCode = 1;
} finally {
  for (const close of closers.reverse()) await close().catch((err: unknown) => console.error('closing failed:', err));
  clearTimeout(hardStop);
  process.exit();
}
