import { RoomFanout, UpdateLog } from '@volley/core';
import { testDeps } from '@volley/core/testing';
import { convRoom, newId, OUTBOX_ACCEPTED_KEPT, queueSend, USER_DOC_MAX_BYTES, USER_UPDATE_MAX_BYTES, userRoom, UserDoc } from '@volley/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Room } from '../rooms/room.js';
import { createChannel, createUser, disposeAll, session, startSyncServer, waitFor } from '../sync-server.testing.js';
import { withinUserQuota } from './user-quota.js';

// Sends in batches of 30, all to be accepted: the ops' rate limit is another test's (op-rate-limit.test.ts).
const deps = await testDeps({ env: { OP_RATE_PER_SECOND: '1000', OP_RATE_BURST: '1000' }, afterEach: disposeAll });

describe('the user document stays small', () => {
  const accepted = (doc: Y.Doc) => [...UserDoc.outbox(doc).entries()].filter(([, e]) => e.status === 'accepted').map(([id]) => id);

  it('prunes accepted outbox entries a client never deletes, keeping the newest and the rejected ones', async () => {
    let server = await startSyncServer(deps);
    const alice = await createUser(deps);
    const channel = await createChannel(deps, alice);
    let provider = await session(server, alice);
    const outbox = UserDoc.outbox(provider.doc);
    const refused = newId();
    outbox.set(refused, { op: 'send', convId: newId(), body: 'nowhere' });
    const sent: string[] = [];
    for (let batch = 0; batch < 5; batch++) {
      const ids = Array.from({ length: 30 }, (_, i) => queueSend(provider.doc, newId(), channel, `message ${batch}.${i}`));
      sent.push(...ids);
      await waitFor(() => ids.every((id) => !outbox.has(id) || outbox.get(id)?.status === 'accepted'), 20_000);
    }
    await waitFor(() => accepted(provider.doc).length <= 2 * OUTBOX_ACCEPTED_KEPT);
    expect(accepted(provider.doc).sort()).toEqual(sent.slice(-accepted(provider.doc).length));
    expect(outbox.get(refused)).toMatchObject({ status: 'rejected', reason: 'no_such_conversation', body: 'nowhere' });

    // When the room loads again, only the newest OUTBOX_ACCEPTED_KEPT are left.
    await server.close();
    server = await startSyncServer(deps);
    provider = await session(server, alice);
    await waitFor(() => accepted(provider.doc).length === OUTBOX_ACCEPTED_KEPT);
    expect(accepted(provider.doc).sort()).toEqual(sent.slice(-OUTBOX_ACCEPTED_KEPT));
    expect(UserDoc.outbox(provider.doc).get(refused)).toMatchObject({ status: 'rejected' });
  });

  it('closes a stock client with 4413 when its update is over the per-update size, and keeps the document as it was', async () => {
    const server = await startSyncServer(deps);
    const alice = await createUser(deps);
    const provider = await session(server, alice);
    const closedWith = new Promise<number>((resolve) => provider.ws!.addEventListener('close', (event) => resolve(event.code)));
    UserDoc.drafts(provider.doc).set(newId(), new Y.Text('x'.repeat(USER_UPDATE_MAX_BYTES)));
    expect(await closedWith).toBe(4413);
    provider.destroy();

    const fresh = await session(server, alice);
    expect(UserDoc.drafts(fresh.doc).size).toBe(0);
    UserDoc.reads(fresh.doc).set(newId(), 1);
    await waitFor(async () => (await new UpdateLog(deps.db).load(userRoom(alice.id))).length > 0);
  });

  it('refuses a client update over the per-update size, or one that would take the document over its quota', async () => {
    const alice = await createUser(deps);
    const deps_ = { persistence: new UpdateLog(deps.db), fanout: new RoomFanout(deps.bus, deps.logger), log: deps.logger, compactAfter: 200 };
    const room = await Room.load(userRoom(alice.id), deps_);
    const conversation = await Room.load(convRoom(newId(), 0), deps_);
    try {
      const update = (bytes: number) => {
        const doc = new Y.Doc();
        UserDoc.drafts(doc).set(newId(), new Y.Text('x'.repeat(bytes)));
        return Y.encodeStateAsUpdate(doc);
      };
      expect(withinUserQuota(room, update(1000))).toBe(true);
      expect(withinUserQuota(room, update(USER_UPDATE_MAX_BYTES))).toBe(false);
      // Conversation documents are the server's alone: their size is not a client's quota.
      expect(withinUserQuota(conversation, update(USER_UPDATE_MAX_BYTES))).toBe(true);

      // A document filled up to its quota by updates each within the per-update size.
      const chunk = USER_UPDATE_MAX_BYTES / 2;
      for (let filled = 0; filled + chunk < USER_DOC_MAX_BYTES; filled += chunk) {
        const next = update(chunk);
        expect(withinUserQuota(room, next)).toBe(true);
        Y.applyUpdate(room.doc, next, 'a client');
        await room.settled();
      }
      expect(withinUserQuota(room, update(chunk))).toBe(false);
      expect(withinUserQuota(room, update(10))).toBe(true);
    } finally {
      await Promise.all([room.close(), conversation.close()]);
    }
  });
});
