import { Conversation } from '@volley/core';
import { testDeps } from '@volley/core/testing';
import { ConvDoc, convRoom, messageSync, newId, queryAwarenessMessage, SEGMENT_MAX_BYTES, SEGMENT_MESSAGE_BYTES_BESIDES_BODY, socketProtocols, SYNC_FRAME_MAX_BYTES, syncStep1Message, UserDoc } from '@volley/shared';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { applyAwarenessUpdate, Awareness } from 'y-protocols/awareness';
import { awarenessFrame, createChannel, createUser, disposeAll, openSocket, opened, segment, session, startSyncServer, waitFor } from '../sync-server.testing.js';

// Sends as fast as the test can queue them: what is measured is the segment, not the op rate.
const deps = await testDeps({ env: { OP_RATE_PER_SECOND: '1000', OP_RATE_BURST: '1000' }, afterEach: disposeAll });

/** A message of 4,000 characters, 3 bytes each in UTF-8 but its number: the longest text there is, short of emoji. */
const longBody = (i: number) => `${String(i).padStart(4, '0')}${'€'.repeat(3996)}`;
const weight = Buffer.byteLength(longBody(0)) + SEGMENT_MESSAGE_BYTES_BESIDES_BODY;
/** How many such messages a segment takes before it is sealed by bytes. */
const fit = Math.floor(SEGMENT_MAX_BYTES / weight);

/** A socket that syncs the room as a y-websocket client does, and records the size of every frame it gets. */
function recordingReader(url: string, room: string, token: string) {
  const doc = new Y.Doc();
  const sizes: number[] = [];
  let syncedAt: number | undefined;
  const ws = openSocket(`${url}/${room}`, socketProtocols(token));
  ws.on('message', (data: Buffer) => {
    sizes.push(data.byteLength);
    const decoder = decoding.createDecoder(new Uint8Array(data));
    if (decoding.readVarUint(decoder) !== messageSync) return;
    if (syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), doc, null) === syncProtocol.messageYjsSyncStep2) syncedAt ??= sizes.length;
  });
  const start = opened(ws).then(() => ws.send(syncStep1Message(doc)));
  return { doc, sizes, start, synced: () => syncedAt };
}

describe('a segment of long messages', () => {
  it('is sealed by bytes, and its first sync comes in frames of at most 1 MiB, to a raw reader and to a stock provider', async () => {
    const server = await startSyncServer(deps);
    const alice = await createUser(deps);
    const channel = await createChannel(deps, alice);
    const alices = await session(server, alice);
    // In batches of 10 (120 KB, under the 256 KiB a user-document update may carry).
    for (let sent = 0; sent < fit + 2; sent += 10) {
      const ids = Array.from({ length: Math.min(10, fit + 2 - sent) }, () => newId());
      alices.doc.transact(() => ids.forEach((id, i) => UserDoc.outbox(alices.doc).set(id, { op: 'send', convId: channel, body: longBody(sent + i) })));
      await waitFor(() => ids.every((id) => UserDoc.outbox(alices.doc).get(id)?.status === 'accepted'), 30_000);
    }
    expect(fit).toBeLessThan(1000);
    expect(await Conversation.query(deps.db).findById(channel)).toMatchObject({ headSegment: 1, lastSeq: fit + 2 });
    const counts = await deps.db('messages').where({ conversation_id: channel }).groupBy('segment').orderBy('segment').select('segment').count('* as n');
    expect(counts.map(({ segment, n }) => [segment, Number(n)])).toEqual([
      [0, fit],
      [1, 2],
    ]);

    const reader = recordingReader(server.url, convRoom(channel, 0), alice.token);
    await reader.start;
    await waitFor(() => ConvDoc.messages(reader.doc).length === fit && reader.synced(), 30_000);
    expect(Y.encodeStateAsUpdate(reader.doc).byteLength).toBeGreaterThan(SYNC_FRAME_MAX_BYTES);
    expect(reader.sizes.length).toBeGreaterThan(1);
    for (const size of reader.sizes) expect(size).toBeLessThanOrEqual(SYNC_FRAME_MAX_BYTES);
    // The last frame of the state is its sync step 2: a stock client says `synced` holding all of it.
    expect(reader.synced()).toBe(reader.sizes.length);
    expect(ConvDoc.messages(reader.doc).toArray().map((m) => m.body)).toEqual(Array.from({ length: fit }, (_, i) => longBody(i)));
    expect(ConvDoc.meta(reader.doc).get('next')).toBe(1);

    const provider = await segment(server, alice, channel, 0);
    expect(ConvDoc.messages(provider.doc).length).toBe(fit);
    expect(ConvDoc.meta(provider.doc).get('next')).toBe(1);
  }, 180_000);

  it('sends the states of a crowded room in awareness frames of at most 1 MiB, on joining and to a query', async () => {
    const server = await startSyncServer(deps);
    const users = await Promise.all(Array.from({ length: 3 }, () => createUser(deps)));
    const room = convRoom(await createChannel(deps, ...users), 0);
    // 84 sockets, 4 states each (the most a socket may own) of nearly 4 KiB: some 1.3 MB in all.
    const clients: number[] = [];
    for (let s = 0; s < 84; s++) {
      const ws = openSocket(`${server.url}/${room}`, socketProtocols(users[s % 3]!.token));
      await opened(ws);
      const entries = Array.from({ length: 4 }, (_, i): [number, number, unknown] => [100_000 + 4 * s + i, 1, { note: `${s}.${i} ${'x'.repeat(3800)}` }]);
      clients.push(...entries.map(([client]) => client));
      ws.send(awarenessFrame(...entries));
    }
    const sizes: number[] = [];
    const seen = new Awareness(new Y.Doc());
    const reader = openSocket(`${server.url}/${room}`, socketProtocols(users[0]!.token));
    reader.on('message', (data: Buffer) => {
      sizes.push(data.byteLength);
      const decoder = decoding.createDecoder(new Uint8Array(data));
      if (decoding.readVarUint(decoder) === 1) applyAwarenessUpdate(seen, decoding.readVarUint8Array(decoder), 'server');
    });
    await opened(reader);
    const bytesFrom = (from: number) => sizes.slice(from).reduce((sum, size) => sum + size, 0);
    const joined = await waitFor(() => clients.every((client) => seen.getStates().has(client)) && sizes.length, 30_000);
    expect(bytesFrom(0)).toBeGreaterThan(SYNC_FRAME_MAX_BYTES);
    // The answer to a query is every state again.
    reader.send(queryAwarenessMessage());
    await waitFor(() => bytesFrom(joined) > SYNC_FRAME_MAX_BYTES, 30_000);
    expect(sizes.length - joined).toBeGreaterThan(1);
    for (const size of sizes) expect(size).toBeLessThanOrEqual(SYNC_FRAME_MAX_BYTES);
  }, 180_000);
});
