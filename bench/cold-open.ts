/**
 * Cold open of a 100,000-message conversation: the time from a fresh client's socket being open
 * to the server's sync step 2 for the head segment, when the room is not loaded (read from
 * PGlite, or PostgreSQL with DATABASE_URL), and again once it is. The server has answered two
 * sockets before (a user room, and the first sealed segment, another room), so its own warm-up
 * (first queries, compiling the code paths) is not counted; the head's rows are read cold.
 *
 *   npm run build && npx tsx bench/cold-open.ts [--messages 100000] [--segment 1000]
 *
 * The conversation is seeded directly in the database with the server's own layout (the write
 * path would take minutes): `messages` rows, and per segment `conv.<id>.<n>` one compacted
 * snapshot row, except the head whose last `compactAfter` (200) messages are separate rows, as
 * just before a compaction. A second conversation holds all the messages in segment 0, which is
 * what a server that does not seal segments ends up with.
 *
 * The reference keeps documents in memory only: it has no cold open. Its figures are the same
 * exchange against a room already in memory, holding the head segment's messages, then all of them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { connectDb } from '@volley/core';
import { ConvDoc, convRoom, newId, socketProtocols, userRoom, type Message } from '@volley/shared';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { apiCall, registerUsers, type VolleyUser } from './lib/clients.js';
import { openSynced } from './lib/raw-socket.js';
import { startReference, startVolley } from './lib/servers.js';
import { ms } from './lib/stats.js';

const { values } = parseArgs({ options: { messages: { type: 'string', default: '100000' }, segment: { type: 'string', default: '1000' } } });
const total = Number(values.messages);
const segmentSize = Number(values.segment);
const UNCOMPACTED_ROWS = 200;
const WARM_OPENS = 5;

const body = (seq: number) => `message ${seq}: the quick brown fox jumps over the lazy dog`;
const message = (seq: number, author: VolleyUser): Message => ({
  id: newId(),
  seq,
  author: author.id,
  authorName: 'author',
  body: body(seq),
  at: new Date(Date.UTC(2026, 0, 1) + seq * 1000).toISOString(),
});

/** A segment's rows: one snapshot, then (for the head) the last messages one update each. */
function segmentRows(convId: string, segment: number, messages: Message[], sealed: boolean): Uint8Array[] {
  const doc = new Y.Doc();
  const split = sealed ? messages.length : Math.max(0, messages.length - UNCOMPACTED_ROWS);
  doc.transact(() => {
    ConvDoc.meta(doc).set('convId', convId);
    ConvDoc.meta(doc).set('segment', segment);
    if (sealed) ConvDoc.meta(doc).set('next', segment + 1);
    ConvDoc.messages(doc).push(messages.slice(0, split));
  });
  const rows = [Y.encodeStateAsUpdate(doc)];
  doc.on('update', (update: Uint8Array) => rows.push(update));
  for (const m of messages.slice(split)) ConvDoc.messages(doc).push([m]);
  doc.destroy();
  return rows;
}

/** Writes `count` messages into the conversation, `perSegment` to a segment; returns the head segment. */
async function seed(dataDir: string, convId: string, author: VolleyUser, count: number, perSegment: number): Promise<number> {
  const db = await connectDb({ databaseUrl: process.env.DATABASE_URL, dataDir });
  const messages = Array.from({ length: count }, (_, i) => message(i + 1, author));
  const head = Math.ceil(count / perSegment) - 1;
  for (let n = 0; n <= head; n++) {
    const rows = segmentRows(convId, n, messages.slice(n * perSegment, (n + 1) * perSegment), n < head);
    await db('sync_updates').insert(rows.map((data) => ({ room: convRoom(convId, n), data: Buffer.from(data) })));
  }
  for (let i = 0; i < count; i += 5000) {
    const batch = messages.slice(i, i + 5000).map((m) => ({
      id: m.id,
      conversation_id: convId,
      seq: m.seq,
      segment: Math.floor((m.seq - 1) / perSegment),
      author_id: author.id,
      body: m.body,
      created_at: m.at,
    }));
    await db('messages').insert(batch);
  }
  await db('conversations').where({ id: convId }).update({ last_seq: count, head_segment: head });
  await db.destroy();
  return head;
}

interface Opened {
  cold: number;
  warm: number;
  bytes: number;
}

/** The first open (cold for Volley), then the median of a few more. */
async function opens(url: string, protocols: string[]): Promise<Opened> {
  const first = await openSynced(url, protocols);
  let bytes = 0;
  first.ws.terminate();
  const warm: number[] = [];
  for (let i = 0; i < WARM_OPENS; i++) {
    const { ws, answeredInMs } = await openSynced(url, protocols);
    warm.push(answeredInMs);
    ws.terminate();
  }
  // The size of the answer, measured apart so that the timings above do no extra work.
  const sized = new WebSocket(url, protocols);
  await new Promise<void>((resolve) => {
    sized.on('open', () => sized.send(new Uint8Array([0, 0, 1, 0])));
    sized.on('message', (data: Buffer) => {
      if (data[0] === 0 && data[1] === 1) {
        bytes = data.length;
        resolve();
      }
    });
  });
  sized.terminate();
  return { cold: first.answeredInMs, warm: warm.sort((a, b) => a - b)[Math.floor(WARM_OPENS / 2)]!, bytes };
}

async function volley(): Promise<{ segmented: Opened; unsegmented: Opened }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'volley-bench-cold-'));
  let server = await startVolley(18441, { dataDir });
  const [author] = await registerUsers(server.apiUrl!, 1, `c${Date.now().toString(36)}_`);
  const channel = (name: string) => apiCall<{ id: string }>(server.apiUrl!, author!, 'POST', '/channels', { name, access: 'public' });
  const segmented = (await channel(`cold-${Date.now().toString(36)}-s`)).id;
  const unsegmented = (await channel(`cold-${Date.now().toString(36)}-u`)).id;
  await server.stop();
  // PGlite is single-process: the database is written while the server is stopped.
  const head = await seed(dataDir, segmented, author!, total, segmentSize);
  await seed(dataDir, unsegmented, author!, total, total);
  server = await startVolley(18441, { dataDir });
  try {
    const protocols = socketProtocols(author!.token);
    // The server's own start (first token, first queries, code not yet compiled) is not the
    // conversation's cold open: like a server that has served other rooms before, it opens a user
    // room and another (sealed) segment first. The head segment's room is still not loaded: its
    // open reads it from the database.
    (await openSynced(`${server.syncUrl}/${userRoom(author!.id)}`, protocols)).ws.terminate();
    if (head > 0) (await openSynced(`${server.syncUrl}/${convRoom(segmented, 0)}`, protocols)).ws.terminate();
    return {
      segmented: await opens(`${server.syncUrl}/${convRoom(segmented, head)}`, protocols),
      unsegmented: await opens(`${server.syncUrl}/${convRoom(unsegmented, 0)}`, protocols),
    };
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A y-websocket client puts the messages in the room; resolves once the server holds them. */
async function fillReferenceRoom(syncUrl: string, room: string, count: number): Promise<void> {
  const doc = new Y.Doc();
  const author = { id: newId(), token: '' };
  ConvDoc.messages(doc).push(Array.from({ length: count }, (_, i) => message(i + 1, author)));
  const provider = new WebsocketProvider(syncUrl, room, doc, { WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, disableBc: true });
  await new Promise<void>((resolve) => provider.once('sync', () => resolve()));
  // The client's own step 2 left with its answer to the server's step 1; give it time to land.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  provider.destroy();
}

async function reference(): Promise<{ segmented: Opened; unsegmented: Opened }> {
  const server = await startReference(18440);
  try {
    await fillReferenceRoom(server.syncUrl, 'cold-head', segmentSize);
    await fillReferenceRoom(server.syncUrl, 'cold-all', total);
    return { segmented: await opens(`${server.syncUrl}/cold-head`, []), unsegmented: await opens(`${server.syncUrl}/cold-all`, []) };
  } finally {
    await server.stop();
  }
}

const v = await volley();
const r = await reference();
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
console.log('\n| layout | Volley cold / warm | reference (in memory) | ratio warm | answer size Volley / reference |');
console.log('|---|---|---|---|---|');
for (const [layout, name] of [
  ['segmented', `${total.toLocaleString('en')} messages, head segment of ${segmentSize}`],
  ['unsegmented', `${total.toLocaleString('en')} messages in one segment`],
] as const) {
  console.log(`| ${name} | ${ms(v[layout].cold)} / ${ms(v[layout].warm)} | ${ms(r[layout].warm)} | ${(v[layout].warm / r[layout].warm).toFixed(2)} | ${kb(v[layout].bytes)} / ${kb(r[layout].bytes)} |`);
}
process.exit(0);
