import { createTestDeps, type TestDeps } from '@volley/core/testing';
import { newId, queueSend, userRoom, UserDoc } from '@volley/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connect, createChannel, createUser, disposeAll, startSyncServer, synced, waitFor } from './test-harness.js';

describe('the inbox of unread conversations', () => {
  let deps: TestDeps;

  beforeAll(async () => {
    deps = await createTestDeps();
  });
  afterEach(() => disposeAll());
  afterAll(() => deps.close());

  it('moves every online member’s inbox entry to the latest message, on this instance and another, the sender’s too', async () => {
    const [a, b] = [await startSyncServer(deps), await startSyncServer(deps)];
    const [alice, bob, carol, dave] = [await createUser(deps), await createUser(deps), await createUser(deps), await createUser(deps)];
    const channel = await createChannel(deps, alice, bob, carol);
    const sender = connect(a.url, userRoom(alice.id), alice.token);
    const here = connect(a.url, userRoom(bob.id), bob.token);
    const there = connect(b.url, userRoom(carol.id), carol.token);
    const outsider = connect(b.url, userRoom(dave.id), dave.token);
    await Promise.all([sender, here, there, outsider].map(synced));

    queueSend(sender.doc, newId(), channel, 'first');
    const long = 'x'.repeat(150);
    queueSend(sender.doc, newId(), channel, long);
    const entry = (doc: Y.Doc) => UserDoc.inbox(doc).get(channel);
    for (const provider of [sender, here, there]) {
      const latest = await waitFor(() => entry(provider.doc)?.lastSeq === 2 && entry(provider.doc));
      expect(latest).toEqual({ lastSeq: 2, preview: 'x'.repeat(100), at: expect.any(String) });
      expect(Date.parse(latest.at)).not.toBeNaN();
    }
    expect(UserDoc.inbox(outsider.doc).size).toBe(0);
  });
});
