/**
 * Deliveries per second per process at saturation: senders in one room offer more messages than
 * the server can pass on; bare receiver sockets count the updates they get. Volley's senders go
 * through their outbox (the server decides, records and appends each message), the reference's
 * write the shared array themselves. Each server runs in its own process; the harness shares the
 * machine with it.
 *
 *   npm run build && npx tsx bench/deliveries.ts [--seconds 10] [--receivers 500] [--senders 100] [--rate 2000]
 *
 * 100 senders share the offered rate, 20 messages/s each: within a user's frame budget (30 updates/s
 * per socket, shared/src/budgets.ts), so what saturates is the server, not the rate limit (with 20
 * senders at 100/s each, Volley closes their sockets with 4529, as it should). Closes are counted.
 *
 * A delivery is one update frame reaching one receiver; every message is one update. The room is a
 * fresh channel whose segment 0 holds the whole run (Volley started with SEGMENT_SIZE=100000).
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { convRoom, socketProtocols } from '@volley/shared';
import { channelOf, referenceClient, registerUsers, volleyClient, type ChatClient } from './lib/clients.js';
import { isUpdate, openSynced } from './lib/raw-socket.js';
import { startReference, startVolley, UNLIMITED_OPS, type ServerUnderTest } from './lib/servers.js';

process.setMaxListeners(0);

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    receivers: { type: 'string', default: '500' },
    senders: { type: 'string', default: '100' },
    rate: { type: 'string', default: '2000' },
  },
});
const seconds = Number(values.seconds);
const receivers = Number(values.receivers);
const senders = Number(values.senders);
const rate = Number(values.rate);
const WARMUP_MS = 2000;

interface Outcome {
  deliveriesPerSecond: number;
  messagesPerSecond: number;
  offered: number;
  /** Sockets of senders the server closed during the run. */
  senderCloses: number;
}

async function participants(server: ServerUnderTest, run: string): Promise<{ url: string; protocols: (i: number) => string[]; clients: ChatClient[] }> {
  if (server.name === 'reference') {
    const room = `bench-deliveries-${run}`;
    return { url: `${server.syncUrl}/${room}`, protocols: () => [], clients: Array.from({ length: senders }, () => referenceClient(server, room)) };
  }
  const users = await registerUsers(server.apiUrl!, senders, `d${run}_`);
  const convId = await channelOf(server.apiUrl!, users, `deliveries-${run}`);
  return {
    url: `${server.syncUrl}/${convRoom(convId, 0)}`,
    protocols: (i) => socketProtocols(users[i % users.length]!.token),
    clients: users.map((user) => volleyClient(server, user, convId)),
  };
}

async function measure(server: ServerUnderTest, run: string): Promise<Outcome> {
  const { url, protocols, clients } = await participants(server, run);
  await Promise.all(clients.map((c) => c.synced));
  const sockets = [];
  for (let i = 0; i < receivers; i += 100) {
    sockets.push(...(await Promise.all(Array.from({ length: Math.min(100, receivers - i) }, (_, j) => openSynced(url, protocols(i + j))))));
  }
  let counted = 0;
  let counting = false;
  for (const { ws } of sockets) ws.on('message', (data: Buffer) => counting && isUpdate(data) && counted++);

  const start = performance.now();
  let sent = 0;
  let windowStart = 0;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const elapsed = performance.now() - start;
      if (!counting && elapsed > WARMUP_MS) {
        counting = true;
        windowStart = performance.now();
      }
      if (elapsed > WARMUP_MS + seconds * 1000) {
        clearInterval(timer);
        return resolve();
      }
      for (const due = Math.floor((elapsed / 1000) * rate); sent < due; sent++) clients[sent % clients.length]!.send(`d:${sent}`);
    }, 5);
  });
  counting = false;
  const windowMs = performance.now() - windowStart;
  sockets.forEach(({ ws }) => ws.terminate());
  clients.forEach((c) => c.destroy());
  const deliveriesPerSecond = (counted / windowMs) * 1000;
  const senderCloses = clients.reduce((sum, c) => sum + c.closes.length, 0);
  return { deliveriesPerSecond, messagesPerSecond: deliveriesPerSecond / receivers, offered: rate, senderCloses };
}

const results: Record<string, Outcome> = {};
for (const start of [startReference, startVolley]) {
  // Receivers stay on segment 0: Volley seals no segment during the run.
  const server = await (start === startVolley ? startVolley(18431, { env: { SEGMENT_SIZE: '100000', ...UNLIMITED_OPS } }) : startReference(18430));
  try {
    results[server.name] = await measure(server, Date.now().toString(36));
  } finally {
    await server.stop();
  }
}
const v = results.volley!;
const r = results.reference!;
const fmt = (o: Outcome) => `${Math.round(o.deliveriesPerSecond).toLocaleString('en')} (${Math.round(o.messagesPerSecond)} msg/s; ${o.senderCloses} sender sockets closed)`;
console.log('\n| scenario | Volley deliveries/s | reference deliveries/s | ratio |');
console.log('|---|---|---|---|');
console.log(`| ${senders} senders offering ${rate} msg/s, ${receivers} receivers, one room, ${seconds} s | ${fmt(v)} | ${fmt(r)} | ${(v.deliveriesPerSecond / r.deliveriesPerSecond).toFixed(2)} |`);
process.exit(0);
