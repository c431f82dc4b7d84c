import { UpdateLog } from '@volley/core';
import { testDeps } from '@volley/core/testing';
import { ConvDoc, convRoom, newId, userRoom, UserDoc, type OutboxOp } from '@volley/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createChannel, createUser, disposeAll, segment, session, startSyncServer, waitFor } from '../sync-server.testing.js';

// Runs of 20+ ops from one user as fast as they are decided: the ops' rate limit is op-rate-limit.test.ts's.
const deps = await testDeps({ env: { OP_RATE_PER_SECOND: '1000', OP_RATE_BURST: '1000' }, afterEach: disposeAll });

describe('compaction', () => {
  let persistence: UpdateLog;

  beforeAll(async () => {
    persistence = new UpdateLog(deps.db);
  });

  /** What the room's rows weigh, and its live state: the doc they make, encoded. */
  const sizes = async (room: string) => {
    const rows = await persistence.load(room);
    const doc = new Y.Doc();
    rows.forEach((row) => Y.applyUpdate(doc, row));
    return { rows: rows.length, stored: rows.reduce((sum, row) => sum + row.byteLength, 0), live: Y.encodeStateAsUpdate(doc).byteLength, doc };
  };

  it('keeps each stored document within twice its live state after edits and deletes, deleted content gone', async () => {
    const server = await startSyncServer(deps);
    const alice = await createUser(deps);
    const channel = await createChannel(deps, alice);
    const user = await session(server, alice);
    const reader = await segment(server, alice, channel);
    const outbox = UserDoc.outbox(user.doc);
    const words = (tag: string) => `${tag} `.repeat(400);
    const run = async (ops: OutboxOp[]) => {
      const ids = ops.map((op) => {
        const id = newId();
        outbox.set(id, op);
        return id;
      });
      await waitFor(() => ids.every((id) => outbox.get(id)?.status === 'accepted'), 30_000);
      return ids;
    };

    const sent = await run(Array.from({ length: 20 }, (_, i) => ({ op: 'send', convId: channel, body: words(`sent${i}`) })));
    await run(sent.map((messageId, i) => ({ op: 'edit', convId: channel, messageId, body: words(`edited${i}`) })));
    await run(sent.map((messageId) => ({ op: 'delete', convId: channel, messageId })));
    // The client prunes what it has seen decided, as the PWA does.
    user.doc.transact(() => [...outbox.keys()].forEach((id) => outbox.delete(id)));
    await waitFor(() => ConvDoc.messages(reader.doc).toArray().every((m) => m.deletedAt));

    for (const room of [convRoom(channel, 0), userRoom(alice.id)]) {
      const { stored, live, doc } = await waitFor(async () => {
        const now = await sizes(room);
        return now.stored <= 2 * now.live && now;
      }, 10_000);
      expect(stored, room).toBeLessThanOrEqual(2 * live);
      expect(Y.encodeStateAsUpdate(doc).byteLength).toBe(live);
    }
    const { doc } = await sizes(convRoom(channel, 0));
    expect(ConvDoc.messages(doc).toArray().map((m) => m.body)).toEqual(sent.map(() => ''));
    // No trace of the words sent or edited: deleted content is gone, not kept beside the state.
    const bytes = Buffer.concat((await persistence.load(convRoom(channel, 0))).map((row) => Buffer.from(row)));
    expect(bytes.includes('sent1 ')).toBe(false);
    expect(bytes.includes('edited1 ')).toBe(false);
  });
});
