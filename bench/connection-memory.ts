/**
 * Memory per idle authenticated connection: N sockets that complete the y-websocket handshake
 * (sync step 1 → step 2) on one room, then idle; the server's RSS and V8 heap (after a full GC,
 * read through the inspector) before and after, divided by N. With `--hold-minutes`, the sockets
 * are then held that long and the heap is sampled every `--sample-seconds`: it must stay flat.
 *
 *   npm run build && npx tsx bench/connection-memory.ts [--connections 10000] [--hold-minutes 30] [--volley]
 *
 * RSS includes memory the server's GC has not returned yet: it is an upper bound per connection.
 */
import { parseArgs } from 'node:util';
import type WebSocket from 'ws';
import { convRoom, socketProtocols } from '@volley/shared';
import { apiCall, registerUsers, type VolleyUser } from './lib/clients.js';
import { heapReadableArgs, heapUsed } from './lib/heap.js';
import { rssOf } from './lib/memory.js';
import { openSynced } from './lib/raw-socket.js';
import { startReference, startVolley, type ServerUnderTest } from './lib/servers.js';

const { values } = parseArgs({
  options: { connections: { type: 'string', default: '10000' }, 'hold-minutes': { type: 'string', default: '0' }, 'sample-seconds': { type: 'string', default: '60' }, volley: { type: 'boolean', default: false } },
});
const total = Number(values.connections);
const holdMs = Number(values['hold-minutes']) * 60_000;
const sampleMs = Number(values['sample-seconds']) * 1000;
const INSPECT_PORT = 19229;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
// 20 sockets a user: within what one user may open (SYNC_OPENS_PER_USER).
const USERS = 500;
const BATCH = 200;

async function openAll(server: ServerUnderTest): Promise<WebSocket[]> {
  let url = `${server.syncUrl}/bench-idle`;
  let users: VolleyUser[] = [];
  if (server.name === 'volley') {
    users = await registerUsers(server.apiUrl!, USERS, `m${Date.now().toString(36)}_`);
    const list = await apiCall<{ items: { id: string; kind: string }[] }>(server.apiUrl!, users[0]!, 'GET', '/conversations');
    url = `${server.syncUrl}/${convRoom(list.items.find((c) => c.kind === 'world')!.id, 0)}`;
  }
  const sockets: WebSocket[] = [];
  for (let i = 0; i < total; i += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, total - i) }, (_, j) =>
      openSynced(url, users.length ? socketProtocols(users[(i + j) % users.length]!.token) : []),
    );
    sockets.push(...(await Promise.all(batch)).map(({ ws }) => ws));
  }
  return sockets;
}

/** Holds the sockets, sampling the heap; returns the samples and how many sockets the server closed. */
async function hold(sockets: WebSocket[], first: number): Promise<{ samples: number[]; closed: number }> {
  let closed = 0;
  sockets.forEach((ws) => ws.once('close', () => closed++));
  const samples = [first];
  for (const end = Date.now() + holdMs; Date.now() < end; ) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(sampleMs, end - Date.now())));
    samples.push(await heapUsed(INSPECT_PORT));
    console.log(`  ${new Date().toISOString()} heap ${mib(samples.at(-1)!)}, ${closed} closed`);
  }
  return { samples, closed };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 5000));
const rows: string[] = [];
// --volley: Volley alone (a long hold of the reference as well would double the run).
for (const start of values.volley ? [startVolley] : [startReference, startVolley]) {
  const nodeArgs = heapReadableArgs(INSPECT_PORT);
  // Held sockets must outlive their access token's check: the figure is about memory, not renewal.
  const server = start === startVolley ? await startVolley(18421, { nodeArgs, env: { ACCESS_TOKEN_TTL: String(Math.ceil(holdMs / 1000) + 3600) } }) : await startReference(18420, { nodeArgs });
  try {
    await settle();
    const before = rssOf(server.pid);
    const heapBefore = await heapUsed(INSPECT_PORT);
    const sockets = await openAll(server);
    await settle();
    const after = rssOf(server.pid);
    const heapAfter = await heapUsed(INSPECT_PORT);
    let held = '—';
    if (holdMs > 0) {
      console.log(`${server.name}: holding ${total} sockets for ${values['hold-minutes']} min`);
      const { samples, closed } = await hold(sockets, heapAfter);
      const drift = (Math.max(...samples) - Math.min(...samples)) / heapAfter;
      held = `${mib(Math.min(...samples))} – ${mib(Math.max(...samples))} (${(drift * 100).toFixed(1)} %), ${closed} closed`;
    }
    rows.push(
      `| ${server.name} | ${total} | ${mib(before)} → ${mib(after)} | ${((after - before) / total / 1024).toFixed(2)} KiB | ${mib(heapBefore)} → ${mib(heapAfter)} | ${((heapAfter - heapBefore) / total / 1024).toFixed(2)} KiB | ${held} |`,
    );
    sockets.forEach((ws) => ws.terminate());
  } finally {
    await server.stop();
  }
}
console.log('\n| server | connections | RSS before → after | RSS per connection | heap before → after | heap per connection | heap while held (spread) |');
console.log('|---|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
process.exit(0);
