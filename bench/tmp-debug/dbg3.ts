import { channelOf, registerUsers, volleyClient } from '../lib/clients.js';
import { startVolley } from '../lib/servers.js';
const server = await startVolley(18497);
try {
  const users = await registerUsers(server.apiUrl!, 3, `dbg${Date.now().toString(36)}_`);
  const conv = await channelOf(server.apiUrl!, users, `dbg-${Date.now()}`);
  const cs = users.map((u) => volleyClient(server, u, conv));
  await Promise.all(cs.map((c) => c.synced));
  let t0 = Date.now();
  cs[0]!.onMessage((body) => console.log(Date.now() - t0, 'got', body));
  for (let k = 0; k < 6; k++) { t0 = Date.now(); cs[1 + (k % 2)]!.send(`b:${k}`); await new Promise((r) => setTimeout(r, 700)); }
  cs.forEach((c) => c.destroy());
} finally {
  await server.stop();
}
process.exit(0);
