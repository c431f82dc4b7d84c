import { channelOf, registerUsers, volleyClient } from '../lib/clients.js';
import { startVolley } from '../lib/servers.js';
const server = await startVolley(18498);
try {
  const users = await registerUsers(server.apiUrl!, 3, `dbg${Date.now().toString(36)}_`);
  const conv = await channelOf(server.apiUrl!, users, `dbg-${Date.now()}`);
  const cs = users.map((u) => volleyClient(server, u, conv));
  await Promise.all(cs.map((c) => c.synced));
  const t0 = Date.now(); cs.forEach((c, i) => c.onMessage((body) => i === 0 && console.log(Date.now() - t0, 'got', body)));
  for (let k = 0; k < 30; k++) { cs[1 + (k % 2)]!.send(`b:${k}`); console.log(Date.now() - t0, 'sent', k); await new Promise((r) => setTimeout(r, 20)); }
  await new Promise((r) => setTimeout(r, 2000));
  cs.forEach((c) => c.destroy());
} finally {
  await server.stop();
}
process.exit(0);
