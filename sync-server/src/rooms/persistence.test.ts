import { testDeps } from '@volley/core/testing';
import { ConvDoc, convRoom, newId, queueSend, userRoom, UserDoc } from '@volley/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { UpdateLog } from '@volley/core';
import { connect, createChannel, createUser, disposeAll, startSyncServer, synced, waitFor } from '../sync-server.testing.js';

const deps = await testDeps({ afterEach: disposeAll });

describe('persistence', () => {
  let persistence: UpdateLog;

  beforeAll(async () => {
    persistence = new UpdateLog(deps.db);
  });

  const rowCount = async (room: string) => Number((await deps.db('sync_updates').where({ room }).count({ n: '*' }))[0]!.n);
  const stored = async (room: string) => {
    const doc = new Y.Doc();
    for (const update of await persistence.load(room)) Y.applyUpdate(doc, update);
    return doc;
  };

  it('keeps messages and outbox outcomes across a restart of the server', async () => {
    const alice = await createUser(deps);
    const channel = await createChannel(deps, alice);
    const before = await startSyncServer(deps);
    const session = connect(before.url, userRoom(alice.id), alice.token);
    await synced(session);
    const ids = [queueSend(session.doc, newId(), channel, 'first'), queueSend(session.doc, newId(), channel, 'second')];
    await waitFor(() => ids.every((id) => UserDoc.outbox(session.doc).get(id)?.status === 'accepted'));
    await before.close();

    const after = await startSyncServer(deps);
    const reader = connect(after.url, convRoom(channel, 0), alice.token);
    const freshSession = connect(after.url, userRoom(alice.id), alice.token, new Y.Doc());
    await Promise.all([synced(reader), synced(freshSession)]);
    expect(ConvDoc.messages(reader.doc).toArray().map((m) => [m.id, m.seq, m.body])).toEqual([
      [ids[0], 1, 'first'],
      [ids[1], 2, 'second'],
    ]);
    expect(ids.map((id) => UserDoc.outbox(freshSession.doc).get(id))).toEqual([
      expect.objectContaining({ status: 'accepted', seq: 1, body: 'first' }),
      expect.objectContaining({ status: 'accepted', seq: 2, body: 'second' }),
    ]);
  });

  it('lets go of a room nobody holds: the next socket gets it fresh from the log', async () => {
    const alice = await createUser(deps);
    const server = await startSyncServer(deps, { evictAfterMs: 20 });
    const room = userRoom(alice.id);
    const first = connect(server.url, room, alice.token);
    await synced(first);
    UserDoc.reads(first.doc).set('a', 1);
    await waitFor(async () => (await rowCount(room)) > 0);
    first.destroy();

    // Written by no sync server at all: only a room loaded afresh can know it.
    const outside = new Y.Doc();
    UserDoc.reads(outside).set('b', 2);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await persistence.append(room, Y.encodeStateAsUpdate(outside));

    const second = connect(server.url, room, alice.token, new Y.Doc());
    await synced(second);
    expect(UserDoc.reads(second.doc).toJSON()).toEqual({ a: 1, b: 2 });
  });

  it('compacts a room’s log into fewer rows with the same content', async () => {
    const alice = await createUser(deps);
    const channel = await createChannel(deps, alice);
    const room = convRoom(channel, 0);
    const server = await startSyncServer(deps, { evictAfterMs: 50, compactAfter: 5 });
    const session = connect(server.url, userRoom(alice.id), alice.token);
    const reader = connect(server.url, room, alice.token);
    await Promise.all([synced(session), synced(reader)]);
    const ids = Array.from({ length: 12 }, (_, i) => queueSend(session.doc, newId(), channel, `message ${i + 1}`));
    await waitFor(() => ids.every((id) => UserDoc.outbox(session.doc).get(id)?.status === 'accepted'));

    // Twelve writes to the segment, compacted in the background whenever the log passed five rows.
    await waitFor(async () => (await rowCount(room)) < 6);
    expect((await stored(room)).toJSON()).toEqual(reader.doc.toJSON());
    expect(ConvDoc.messages(reader.doc).toArray().map((m) => m.seq)).toEqual(ids.map((_, i) => i + 1));
    expect(UserDoc.outbox(await stored(userRoom(alice.id))).toJSON()).toEqual(UserDoc.outbox(session.doc).toJSON());
  });

  it('loses no update appended while a compaction runs', async () => {
    const room = `test.${newId()}`;
    const source = new Y.Doc();
    const updates: Uint8Array[] = [];
    source.on('update', (update: Uint8Array) => updates.push(update));
    for (let i = 0; i < 20; i++) source.getArray<number>('n').push([i]);
    for (const update of updates.slice(0, 10)) await persistence.append(room, update);

    const [{ merged }] = await Promise.all([persistence.compact(room), ...updates.slice(10).map((update) => persistence.append(room, update))]);
    expect(merged).toBeGreaterThanOrEqual(10);
    expect(await rowCount(room)).toBe(20 - merged + 1);
    expect((await stored(room)).getArray<number>('n').toArray()).toEqual(source.getArray<number>('n').toArray());
  });

  it('keeps no deleted content: a churned document is stored in at most twice its live size', async () => {
    const room = `test.${newId()}`;
    const source = new Y.Doc();
    source.on('update', (update: Uint8Array) => void persistence.append(room, update));
    const outbox = source.getMap<{ body: string }>('outbox');
    // An active user's outbox: ops queued with their text, then pruned; a few stay.
    for (let i = 0; i < 400; i++) {
      const id = newId();
      outbox.set(id, { body: `message ${i} `.repeat(20) });
      if (i % 50 !== 0) outbox.delete(id);
    }
    await waitFor(async () => (await rowCount(room)) === 2 * 400 - 8);
    const live = Y.encodeStateAsUpdate(source).length;
    const bytesStored = async () => ((await persistence.load(room)) as Uint8Array[]).reduce((sum, row) => sum + row.length, 0);
    expect(await bytesStored()).toBeGreaterThan(5 * live);

    await persistence.compact(room);
    expect(await bytesStored()).toBeLessThanOrEqual(2 * live);
    expect((await stored(room)).getMap('outbox').toJSON()).toEqual(outbox.toJSON());
  });
});
