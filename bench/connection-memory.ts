/**
 * Memory per idle authenticated connection: N sockets that complete the y-websocket handshake
 * (sync step 1 → step 2) on one room, then idle; the server's RSS before and after, divided by N.
 *
 *   npm run build && npx tsx bench/connection-memory.ts [--connections 10000]
 *
 * RSS includes memory the server's GC has not returned yet: it is an upper bound per connection.
 */
import { parseArgs } from 'node:util';
import type WebSocket from 'ws';
import { convRoom, socketProtocols } from '@volley/shared';
import { apiCall, registerUsers, type VolleyUser } from './lib/clients.js';
import { rssOf } from './lib/memory.js';
import { openSynced } from './lib/raw-socket.js';
import { startReference, startVolley, type ServerUnderTest } from './lib/servers.js';

const { values } = parseArgs({ options: { connections: { type: 'string', default: '10000' } } });
const total = Number(values.connections);
const USERS = 100;
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

const settle = () => new Promise((resolve) => setTimeout(resolve, 5000));
const rows: string[] = [];
for (const start of [startReference, startVolley]) {
  const server = await start(start === startVolley ? 18421 : 18420);
  try {
    await settle();
    const before = rssOf(server.pid);
    const sockets = await openAll(server);
    await settle();
    const after = rssOf(server.pid);
    rows.push(`| ${server.name} | ${total} | ${(before / 2 ** 20).toFixed(1)} MiB | ${(after / 2 ** 20).toFixed(1)} MiB | ${((after - before) / total / 1024).toFixed(2)} KiB |`);
    sockets.forEach((ws) => ws.terminate());
  } finally {
    await server.stop();
  }
}
console.log('\n| server | connections | RSS before | RSS after | per connection |');
console.log('|---|---|---|---|---|');
for (const row of rows) console.log(row);
process.exit(0);
