/**
 * The chat benchmark's second scenario (sync-latency.ts: 1,000 clients across 100 rooms, 200
 * sends/s) as background load in its own process, against a server already running.
 *
 *   node --import tsx bench/lib/chat-load.ts <baseUrl>   (spawned by game-ticks.ts)
 * IPC: sends `ready` once every client is synced; on `go` starts sending; on `stop` replies with
 * the messages sent and received, and exits.
 */
import { channelOf, registerUsers, volleyClient, type ChatClient } from './clients.js';

const CLIENTS = Number(process.env.CHAT_CLIENTS ?? 1000);
const ROOMS = 100;
const SENDS_PER_SECOND = 200;

process.setMaxListeners(0);
const base = process.argv[2]!;
const server = { name: 'volley' as const, syncUrl: `${base.replace('http', 'ws')}/sync`, apiUrl: `${base}/api/v1`, pid: 0, stop: async () => {} };
const run = Date.now().toString(36);
const users = await registerUsers(server.apiUrl, CLIENTS, `chat${run}_`);
const groups: ChatClient[][] = [];
for (let r = 0; r < ROOMS; r++) {
  const members = users.filter((_, i) => i % ROOMS === r);
  const convId = await channelOf(server.apiUrl, members, `load-${run}-${r}`);
  groups.push(members.map((user) => volleyClient(server, user, convId)));
}
let received = 0;
for (const client of groups.flat()) client.onMessage(() => received++);
await Promise.all(groups.flat().map((c) => c.synced));
process.send!({ type: 'ready' });

let sent = 0;
let timer: NodeJS.Timeout | undefined;
process.on('message', (message: { type: 'go' | 'stop' }) => {
  if (message.type === 'go') {
    const start = performance.now();
    timer = setInterval(() => {
      const due = Math.floor(((performance.now() - start) / 1000) * SENDS_PER_SECOND);
      for (; sent < due; sent++) {
        const group = groups[sent % ROOMS]!;
        group[Math.floor(sent / ROOMS) % group.length]!.send(`load:${sent}`);
      }
    }, 5);
  } else {
    clearInterval(timer);
    process.send!({ type: 'stopped', sent, received }, () => {
      groups.flat().forEach((c) => c.destroy());
      process.exit(0);
    });
  }
});
