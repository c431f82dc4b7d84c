/**
 * Streamed messages: how long a chunk takes from the writer's `append` to the reader's
 * `streams` event, both on @volley/client over real sockets to the embedded Volley. The writer
 * appends a piece every `--every` ms (above the 200 ms coalescing interval, so each append goes out
 * at once: what is measured is the way through the server, not the coalescing); the reader is
 * another member of the channel. Prints p50 / p99 / max (target: within 100 ms).
 *
 *   npm run build && npm run stream -w bench -- [--chunks 200] [--every 250] [--readers 5]
 */
import { parseArgs } from 'node:util';
import { VolleyClient, type WebSocketConstructor } from '@volley/client';
import WebSocket from 'ws';
import { channelOf, registerUsers } from './lib/clients.js';
import { startVolley } from './lib/servers.js';
import { ms, summarize } from './lib/stats.js';

const { values } = parseArgs({
  options: { chunks: { type: 'string', default: '200' }, every: { type: 'string', default: '250' }, readers: { type: 'string', default: '5' } },
});
const chunks = Number(values.chunks);
const every = Number(values.every);

const server = await startVolley(18491);
try {
  const run = Date.now().toString(36);
  const users = await registerUsers(server.apiUrl!, Number(values.readers) + 1, `stream${run}`);
  const convId = await channelOf(server.apiUrl!, users, `stream-${run}`);
  const base = server.apiUrl!.replace(/\/api\/v1$/, '');
  const client = (token: string) => new VolleyClient({ url: base, token, WebSocket: WebSocket as unknown as WebSocketConstructor });
  const [writer, ...readers] = users.map((u) => client(u.token));
  await writer!.me();
  const conversations = await Promise.all([writer!, ...readers].map(async (c) => {
    const conversation = await c.conversation(convId);
    await conversation.whenSynced();
    return conversation;
  }));

  // Piece i of the text is "<i>;": a reader's text shows which pieces it has.
  const sentAt = new Map<number, number>();
  const samples: number[] = [];
  for (const conversation of conversations.slice(1)) {
    let seen = -1;
    conversation.streams.add((streams) => {
      const text = streams[0]?.text ?? '';
      const last = Number(text.slice(text.lastIndexOf(';', text.length - 2) + 1, -1));
      for (let i = seen + 1; i <= last; i++) if (sentAt.has(i)) samples.push(performance.now() - sentAt.get(i)!);
      if (last > seen) seen = last;
    });
  }
  const stream = conversations[0]!.stream();
  for (let i = 0; i < chunks; i++) {
    sentAt.set(i, performance.now());
    stream.append(`${i};`);
    await new Promise((resolve) => setTimeout(resolve, every));
  }
  await stream.end();
  const summary = summarize(samples);
  console.log(`${chunks} chunks to ${readers.length} readers (${samples.length} deliveries): p50 ${ms(summary.p50)}, p99 ${ms(summary.p99)}, max ${ms(Math.max(...samples))} (target: within 100 ms)`);
  await Promise.all([writer!, ...readers].map((c) => c.close()));
} finally {
  await server.stop();
}
