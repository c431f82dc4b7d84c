/**
 * One hostile client against the embedded Volley: normal clients chat in a
 * channel through a baseline phase, then one authenticated user floods every frame type in turn at
 * full speed, reconnecting whenever it is closed: query-awareness, sync step 1, updates into its own
 * document, awareness frames of 5,000 invented client ids, oversize frames, unknown types, and a
 * socket that never reads its answers. Prints the server's RSS increase over the baseline (target
 * ≤ 64 MB), the normal clients' p99 in both phases (target ≤ 2× the baseline) and the close codes
 * the hostile sockets got.
 *
 *   npm run build && npm run hostile -w bench -- [--seconds 60] [--baseline 20] [--clients 20] [--rate 10] [--only 0,3]
 */
import { parseArgs } from 'node:util';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chatProbe } from './lib/chat-probe.js';
import { channelOf, registerUsers, volleyClient, type VolleyUser } from './lib/clients.js';
import { rssOf } from './lib/memory.js';
import { attacks } from './lib/hostile-attacks.js';
import { startVolley } from './lib/servers.js';
import { ms, summarize } from './lib/stats.js';

process.setMaxListeners(0);

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    baseline: { type: 'string', default: '20' },
    clients: { type: 'string', default: '20' },
    rate: { type: 'string', default: '10' },
    // Comma-separated indexes into the attacks, to run some of them only (each still gets seconds / attacks.length).
    only: { type: 'string' },
  },
});
const seconds = Number(values.seconds);

/** Runs attack `index` in a child process until `until`; resolves with its name and close codes. */
function flood(convId: string, attacker: VolleyUser, index: number, until: number): Promise<{ name: string; codes: number[] }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./lib/hostile-flood.ts', import.meta.url)), server.syncUrl, convId, attacker.id, attacker.token, String(index), String(until)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  return new Promise((resolve, reject) => child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`the hostile client exited with ${code}`)))));
}

const server = await startVolley(18471, { env: { SEGMENT_SIZE: '100000' } });
try {
  const run = `h${Date.now() % 100000}_`;
  const [attacker, ...users] = await registerUsers(server.apiUrl!, Number(values.clients) + 1, run);
  const convId = await channelOf(server.apiUrl!, [attacker!, ...users], `hostile-${run}`);
  const clients = users.map((user) => volleyClient(server, user, convId));
  await Promise.all(clients.map((client) => client.synced));
  const probe = chatProbe(clients, clients);
  probe.start(Number(values.rate));

  await new Promise((resolve) => setTimeout(resolve, Number(values.baseline) * 1000));
  const baseline = summarize(probe.take().samples);
  const rssBefore = rssOf(server.pid);
  console.log(`baseline (${values.baseline} s, ${clients.length} clients, ${values.rate} msg/s): p50 ${ms(baseline.p50)}, p99 ${ms(baseline.p99)}; RSS ${(rssBefore / 2 ** 20).toFixed(1)} MB`);

  let rssMax = rssBefore;
  const sampler = setInterval(() => (rssMax = Math.max(rssMax, rssOf(server.pid))), 200);
  const chosen = values.only?.split(',').map(Number) ?? [...attacks.keys()];
  const slice = (seconds * 1000) / chosen.length;
  const start = Date.now();
  // The normal clients' deliveries during each phase (a message sent late in one may land in the next).
  const samples: number[] = [];
  for (const [n, i] of chosen.entries()) {
    const { name, codes } = await flood(convId, attacker!, i, start + (n + 1) * slice);
    const phase = probe.take().samples;
    samples.push(...phase);
    const { p50, p99 } = summarize(phase);
    const counts = Object.entries(codes.reduce<Record<number, number>>((acc, code) => {
      acc[code] = (acc[code] ?? 0) + 1;
      return acc;
    }, {}));
    console.log(`  ${name}: ${codes.length} sockets, closed with ${counts.map(([code, n]) => `${code}×${n}`).join(', ')}; others p50 ${ms(p50)} / p99 ${ms(p99)}; RSS max so far +${((rssMax - rssBefore) / 2 ** 20).toFixed(1)} MB`);
  }
  clearInterval(sampler);
  const hostile = summarize(samples);
  probe.stop();
  const closes = clients.flatMap((client) => client.closes);
  console.log(`under attack (${seconds} s): p50 ${ms(hostile.p50)}, p99 ${ms(hostile.p99)} (${(hostile.p99 / baseline.p99).toFixed(2)}× the baseline p99; target ≤ 2×)`);
  console.log(`server RSS increase: ${((rssMax - rssBefore) / 2 ** 20).toFixed(1)} MB (target ≤ 64 MB); normal clients closed: ${closes.length}`);
  clients.forEach((client) => client.destroy());
} finally {
  await server.stop();
}
