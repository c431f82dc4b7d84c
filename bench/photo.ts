/**
 * A photo from one member to another: a 5 MB JPEG sent with `volley.files().send` (uploaded, then
 * the message naming it sent), timed until another member's @volley/client has the message and
 * has downloaded its thumbnail (what its screen would show). Both clients are @volley/client over
 * real sockets in this process, to the embedded Volley (built). Prints p50 / p99 / max over the
 * photos (target ≤ 1 s) and the load average.
 *
 *   npm run build && npm run photo -w bench [-- --photos 10 --megabytes 5]
 *
 * Runs on PGlite, or PostgreSQL + Redis when their URLs are set.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { VolleyClient, type WebSocketConstructor } from '@volley/client';
import WebSocket from 'ws';
import { channelOf, registerUsers } from './lib/clients.js';
import { noiseJpeg } from './lib/images.js';
import { freePort } from './lib/processes.js';
import { startVolley } from './lib/servers.js';
import { loadLine } from './lib/load.js';
import { ms, summarize } from './lib/stats.js';

const { values } = parseArgs({ options: { photos: { type: 'string', default: '10' }, megabytes: { type: 'string', default: '5' } } });
const [photos, megabytes] = [Number(values.photos), Number(values.megabytes)];
const MB = 1024 * 1024;

const hardStop = setTimeout(() => {
  console.error('photo: no end after 5 minutes, stopping');
  process.exit(1);
}, 300_000);

const server = await startVolley(await freePort());
try {
  const image = await noiseJpeg(megabytes * MB);
  const run = Date.now().toString(36);
  const users = await registerUsers(server.apiUrl!, 2, `photo${run}_`);
  const convId = await channelOf(server.apiUrl!, users, `photo-${run}`);
  const base = server.apiUrl!.replace(/\/api\/v1$/, '');
  const [sender, reader] = users.map((u) => new VolleyClient({ url: base, token: u.token, WebSocket: WebSocket as unknown as WebSocketConstructor }));
  await Promise.all([sender!.me(), reader!.me()]);
  const [, seen] = await Promise.all([sender!.conversation(convId), reader!.conversation(convId)]);
  await seen.whenSynced();

  const loadBefore = loadavg();
  const samples: number[] = [];
  for (let i = 0; i < photos; i++) {
    const started = performance.now();
    const shown = new Promise<void>((resolve, reject) => {
      const off = seen.message.add((message) => {
        const photo = message.attachments?.[0];
        if (!photo?.thumbnail) return;
        off();
        reader!.api.download(photo.id, true).then(async (thumb) => {
          await thumb.arrayBuffer();
          resolve();
        }, reject);
      });
    });
    const sending = sender!.files().send(convId, '', [{ blob: new Blob([new Uint8Array(image)]), name: `photo-${i}.jpg` }]);
    await Promise.all([sending, shown]);
    samples.push(performance.now() - started);
  }
  const summary = summarize(samples);
  console.log(`photo: ${photos} × a ${(image.length / MB).toFixed(2)} MB JPEG, send to the other member's thumbnail (${process.env.DATABASE_URL ? 'PG + Redis' : 'PGlite'})`);
  console.log(`  p50 ${ms(summary.p50)}  p99 ${ms(summary.p99)}  max ${ms(summary.max)} (target ≤ 1 s)`);
  console.log(`  ${loadLine(loadBefore, 'before', 'after')}`);
  await Promise.all([sender!.close(), reader!.close()]);
} catch (err) {
  console.error(err);
  process.exitCode = 1;
} finally {
  await server.stop();
  clearTimeout(hardStop);
  process.exit();
}
