/**
 * A crowd in one room: stock y-websocket clients with awareness on, as the stock
 * client has it (each sends back every awareness change it receives), in one channel of the
 * embedded Volley, while some of them send messages through their outbox. Prints the closes (must
 * be 0) and the delivery latency of every message to every member.
 *
 *   npm run build && npm run crowd -w bench -- [--minutes 10] [--clients 100] [--senders 20] [--rate 5]
 */
import { parseArgs } from 'node:util';
import { chatProbe } from './lib/chat-probe.js';
import { channelOf, registerUsers, volleyClient } from './lib/clients.js';
import { startVolley } from './lib/servers.js';
import { ms, summarize } from './lib/stats.js';

process.setMaxListeners(0);

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    clients: { type: 'string', default: '100' },
    senders: { type: 'string', default: '20' },
    rate: { type: 'string', default: '5' },
  },
});
const minutes = Number(values.minutes);
const count = Number(values.clients);

const server = await startVolley(18461, { env: { SEGMENT_SIZE: '100000' } });
try {
  const users = await registerUsers(server.apiUrl!, count, `crowd${Date.now() % 100000}_`);
  const convId = await channelOf(server.apiUrl!, users, `crowd-${Date.now()}`);
  const clients = users.map((user) => volleyClient(server, user, convId));
  await Promise.all(clients.map((client) => client.synced));
  const probe = chatProbe(clients, clients.slice(0, Number(values.senders)));
  console.log(`${count} clients synced; ${values.senders} senders at ${values.rate} msg/s in all for ${minutes} min`);

  probe.start(Number(values.rate));
  const end = Date.now() + minutes * 60_000;
  while (Date.now() < end) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(60_000, end - Date.now())));
    const closes = clients.flatMap((client) => client.closes);
    console.log(`  ${((minutes * 60_000 - (end - Date.now())) / 60_000).toFixed(1)} min: closes ${closes.length}${closes.length ? ` (${[...new Set(closes)].join(', ')})` : ''}`);
  }
  probe.stop();
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const { samples, sent } = probe.take();
  const latency = summarize(samples);
  const closes = clients.flatMap((client) => client.closes);
  console.log(`sent ${sent}, deliveries ${latency.count} of ${sent * count} expected`);
  console.log(`closes ${closes.length} (target 0)${closes.length ? `: codes ${[...new Set(closes)].join(', ')}` : ''}`);
  console.log(`delivery latency p50 ${ms(latency.p50)}, p99 ${ms(latency.p99)}, max ${ms(latency.max)}`);
  clients.forEach((client) => client.destroy());
} finally {
  await server.stop();
}
