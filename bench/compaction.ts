/**
 * Stored size against live state after churn, and the size of an active user's own document.
 *
 *   npm run build && npx tsx bench/compaction.ts [--messages 300] [--sends 2000]
 *
 * One user, through a stock y-websocket client on their `user.<id>` room (a client that never
 * prunes its outbox: the worst case, left to the server's pruning): `--messages` sends of ~400
 * characters in a channel, each edited then deleted (churn: everything written is replaced), then
 * `--sends` short sends (an active user; 10,000 for the recorded figure). The server is then left
 * quiet for 3 s and stopped, and every room's rows are read from the database (PGlite, or
 * PostgreSQL with DATABASE_URL): stored bytes against the live state (`Y.encodeStateAsUpdate` of
 * the document the rows make), target ≤ 2×, and the user document against its quota.
 *
 * No reference column: the reference server keeps documents in memory only, it stores nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { connectDb } from '@volley/core';
import { newId, USER_DOC_MAX_BYTES, userRoom, UserDoc, type OutboxOp } from '@volley/shared';
import * as Y from 'yjs';
import { channelOf, open, registerUsers, syncedOf } from './lib/clients.js';
import { startVolley, UNLIMITED_OPS } from './lib/servers.js';

const { values } = parseArgs({ options: { messages: { type: 'string', default: '300' }, sends: { type: 'string', default: '2000' } } });
const messages = Number(values.messages);
const sends = Number(values.sends);
const BATCH = 50;

// Its own data directory, which the server leaves in place when it stops: the rows are read after.
const dataDir = mkdtempSync(join(tmpdir(), 'volley-bench-compaction-'));
const server = await startVolley(18451, { dataDir, env: UNLIMITED_OPS });
const [user] = await registerUsers(server.apiUrl!, 1, `k${Date.now().toString(36)}_`);
const convId = await channelOf(server.apiUrl!, [user!], `compaction-${Date.now().toString(36)}`);
const doc = new Y.Doc();
const provider = open(server.syncUrl, userRoom(user!.id), doc, user!.token);
await syncedOf(provider);
const outbox = UserDoc.outbox(doc);

/** Queues the ops in batches and waits for each batch's outcomes (the server may prune them meanwhile). */
async function run(ops: OutboxOp[]): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < ops.length; i += BATCH) {
    const batch = doc.transact(() => ops.slice(i, i + BATCH).map((op) => {
      const id = newId();
      outbox.set(id, op);
      return id;
    }));
    ids.push(...batch);
    const deadline = Date.now() + 60_000;
    while (!batch.every((id) => !outbox.has(id) || outbox.get(id)?.status !== undefined)) {
      if (Date.now() > deadline) throw new Error('ops not decided within 60 s');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  return ids;
}

const started = Date.now();
const sent = await run(Array.from({ length: messages }, (_, i) => ({ op: 'send', convId, body: `churn ${i} `.repeat(40) })));
await run(sent.map((messageId, i) => ({ op: 'edit', convId, messageId, body: `edited ${i} `.repeat(40) })));
await run(sent.map((messageId) => ({ op: 'delete', convId, messageId })));
await run(Array.from({ length: sends }, (_, i) => ({ op: 'send', convId, body: `hello ${i}` })));
const seconds = (Date.now() - started) / 1000;
const outboxEntries = outbox.size;
await new Promise((resolve) => setTimeout(resolve, 3000));
provider.destroy();
await server.stop();

const db = await connectDb({ databaseUrl: process.env.DATABASE_URL, dataDir });
const rooms: { room: string }[] = await db('sync_updates').distinct('room').where('room', 'like', `conv.${convId}.%`).orWhere({ room: userRoom(user!.id) });
console.log(`\n${messages} sends edited and deleted, then ${sends} sends, in ${seconds.toFixed(1)} s; the client's outbox holds ${outboxEntries} entries at the end\n`);
console.log('| room | rows | stored | live | stored / live | target |');
console.log('|---|---|---|---|---|---|');
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
for (const { room } of rooms.sort((a, b) => a.room.localeCompare(b.room))) {
  const rows: { data: Uint8Array }[] = await db('sync_updates').where({ room }).orderBy('id').select('data');
  const live = new Y.Doc();
  rows.forEach((row) => Y.applyUpdate(live, new Uint8Array(row.data)));
  const stored = rows.reduce((sum, row) => sum + row.data.length, 0);
  const liveBytes = Y.encodeStateAsUpdate(live).length;
  const name = room.startsWith('user.') ? 'user.<id>' : `conv.<id>.${room.split('.').at(-1)}`;
  const target = room.startsWith('user.') ? `≤ 2×, and live ≤ quota ${kib(USER_DOC_MAX_BYTES)}` : '≤ 2×';
  console.log(`| ${name} | ${rows.length} | ${kib(stored)} | ${kib(liveBytes)} | ${(stored / liveBytes).toFixed(2)} | ${target} |`);
}
await db.destroy();
rmSync(dataDir, { recursive: true, force: true });
process.exit(0);
