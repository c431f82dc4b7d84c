import { channelOf, registerUsers, volleyClient } from '../lib/clients.js';
import { startVolley } from '../lib/servers.js';
const server = await startVolley(18499);
try {
  const users = await registerUsers(server.apiUrl!, 2, `dbg${Date.now().toString(36)}_`);
  const conv = await channelOf(server.apiUrl!, users, `dbg-${Date.now()}`);
  const [a, b] = users.map((u) => volleyClient(server, u, conv));
  await Promise.all([a!.synced, b!.synced]);
  b!.onMessage((body) => console.log('b got', body));
  a!.onMessage((body) => console.log('a got', body));
  a!.send('hello');
  await new Promise((r) => setTimeout(r, 2000));
  a!.destroy(); b!.destroy();
} finally {
  await server.stop();
}
process.exit(0);
