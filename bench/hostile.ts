/**
 * One hostile client against the embedded Volley (issue 10, point 3): normal clients chat in a
 * channel through a baseline phase, then one authenticated user floods every frame type in turn at
 * full speed, reconnecting whenever it is closed: query-awareness, sync step 1, updates into its own
 * document, awareness frames of 5,000 invented client ids, oversize frames, unknown types, and a
 * socket that never reads its answers. Prints the server's RSS increase over the baseline (target
 * ≤ 64 MB), the normal clients' p99 in both phases (target ≤ 2× the baseline) and the close codes
 * the hostile sockets got.
 *
 *   npm run build && npm run hostile -w bench -- [--seconds 60] [--baseline 20] [--clients 20] [--rate 10]
 */
import { parseArgs } from 'node:util';
import { AWARENESS_STATE_MAX_BYTES, convRoom, socketProtocols, SYNC_FRAME_MAX_BYTES, userRoom } from '@volley/shared';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { chatProbe } from './lib/chat-probe.js';
import { channelOf, registerUsers, volleyClient, type VolleyUser } from './lib/clients.js';
import { rssOf } from './lib/memory.js';
import { emptySyncStep1 } from './lib/raw-socket.js';
import { startVolley } from './lib/servers.js';
import { ms, summarize } from './lib/stats.js';

process.setMaxListeners(0);

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    baseline: { type: 'string', default: '20' },
    clients: { type: 'string', default: '20' },
    rate: { type: 'string', default: '10' },
  },
});
const seconds = Number(values.seconds);

function awarenessFrame(entries: number, firstClient: number, stateBytes: number): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, entries);
  const state = JSON.stringify({ pad: 'x'.repeat(stateBytes) });
  for (let i = 0; i < entries; i++) {
    encoding.writeVarUint(inner, firstClient + i);
    encoding.writeVarUint(inner, Date.now() % 1_000_000);
    encoding.writeVarString(inner, state);
  }
  const outer = encoding.createEncoder();
  encoding.writeVarUint(outer, 1);
  encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner));
  return encoding.toUint8Array(outer);
}

function updateFrame(): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('junk').set(String(Math.random()), 'x'.repeat(1000));
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, 2);
  encoding.writeVarUint8Array(encoder, Y.encodeStateAsUpdate(doc));
  return encoding.toUint8Array(encoder);
}

interface Attack {
  name: string;
  room: (convId: string, user: VolleyUser) => string;
  frame: () => Uint8Array;
  /** Never reads what the server sends. */
  deaf?: boolean;
}

const attacks: Attack[] = [
  { name: 'query-awareness', room: (c) => convRoom(c, 0), frame: () => Uint8Array.of(3) },
  { name: 'sync step 1', room: (c) => convRoom(c, 0), frame: () => emptySyncStep1 },
  { name: 'updates', room: (_c, u) => userRoom(u.id), frame: updateFrame },
  { name: 'awareness, 5,000 fake ids', room: (c) => convRoom(c, 0), frame: () => awarenessFrame(5000, 1_000_000 + Math.floor(Math.random() * 1e6), 10) },
  { name: 'awareness, oversize states', room: (c) => convRoom(c, 0), frame: () => awarenessFrame(1, 7, AWARENESS_STATE_MAX_BYTES * 2) },
  { name: 'oversize frames', room: (c) => convRoom(c, 0), frame: () => new Uint8Array(SYNC_FRAME_MAX_BYTES + 1) },
  { name: 'unknown types', room: (c) => convRoom(c, 0), frame: () => Uint8Array.of(7, 1, 2, 3) },
  { name: 'a socket that never reads, asking sync step 1', room: (c) => convRoom(c, 0), frame: () => emptySyncStep1, deaf: true },
];

/** Runs one attack until `until`, reconnecting at once whenever closed; resolves with the close codes. */
async function flood(url: string, token: string, attack: Attack, until: number): Promise<number[]> {
  const codes: number[] = [];
  while (Date.now() < until) {
    codes.push(
      await new Promise<number>((resolve) => {
        const ws = new WebSocket(url, socketProtocols(token));
        ws.on('error', () => undefined);
        ws.on('close', (code) => resolve(code));
        ws.on('open', () => {
          if (attack.deaf) (ws as unknown as { _socket: { pause(): void } })._socket.pause();
          const pump = () => {
            if (ws.readyState !== WebSocket.OPEN) return;
            if (Date.now() >= until) return ws.terminate();
            // Full speed, but not faster than the kernel takes it (the client's own memory is not the
            // point), and in batches: the normal clients share this process's event loop.
            for (let n = 0; n < 100 && ws.bufferedAmount < 1 << 20; n++) ws.send(attack.frame());
            setImmediate(pump);
          };
          pump();
        });
      }),
    );
  }
  return codes;
}

const server = await startVolley(18451, { env: { SEGMENT_SIZE: '100000' } });
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
  const slice = (seconds * 1000) / attacks.length;
  const start = Date.now();
  for (const [i, attack] of attacks.entries()) {
    const until = start + (i + 1) * slice;
    const codes = await flood(`${server.syncUrl}/${attack.room(convId, attacker!)}`, attacker!.token, attack, until);
    const counts = Object.entries(codes.reduce<Record<number, number>>((acc, code) => ((acc[code] = (acc[code] ?? 0) + 1), acc), {}));
    console.log(`  ${attack.name}: ${codes.length} sockets, closed with ${counts.map(([code, n]) => `${code}×${n}`).join(', ')}; RSS max so far +${((rssMax - rssBefore) / 2 ** 20).toFixed(1)} MB`);
  }
  clearInterval(sampler);
  const hostile = summarize(probe.take().samples);
  probe.stop();
  const closes = clients.flatMap((client) => client.closes);
  console.log(`under attack (${seconds} s): p50 ${ms(hostile.p50)}, p99 ${ms(hostile.p99)} (${(hostile.p99 / baseline.p99).toFixed(2)}× the baseline p99; target ≤ 2×)`);
  console.log(`server RSS increase: ${((rssMax - rssBefore) / 2 ** 20).toFixed(1)} MB (target ≤ 64 MB); normal clients closed: ${closes.length}`);
  clients.forEach((client) => client.destroy());
} finally {
  await server.stop();
}
