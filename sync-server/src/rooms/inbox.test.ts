import { testDeps } from '@volley/core/testing';
import { newId, queueSend, userRoom, UserDoc, type ServerPresenceAwareness } from '@volley/shared';
import { describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import { connect, createChannel, createUser, disposeAll, segment, startSyncServer, synced, waitFor } from '../sync-server.testing.js';

/** The inbox signal as a stock client reads it: the server's awareness state in the user's room. */
function inboxOf(provider: WebsocketProvider): NonNullable<ServerPresenceAwareness['inbox']> {
  const inbox = {};
  for (const state of provider.awareness.getStates().values()) Object.assign(inbox, (state as Partial<ServerPresenceAwareness>).inbox);
  return inbox;
}

const deps = await testDeps({ afterEach: disposeAll });

describe('the inbox signal of unread conversations', () => {
  it('tells every online member of the latest message, on this instance and another, and writes nothing into their documents', async () => {
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
    for (const provider of [sender, here, there]) {
      const latest = await waitFor(() => inboxOf(provider)[channel]?.lastSeq === 2 && inboxOf(provider)[channel]);
      expect(latest).toEqual({ lastSeq: 2, preview: 'x'.repeat(100), at: expect.any(String) });
      expect(Date.parse(latest.at)).not.toBeNaN();
      expect(provider.doc.share.has('inbox')).toBe(false);
    }
    expect(inboxOf(outsider)).toEqual({});
    // Delivered once the outcome is written: the sender's document holds the outbox, and nothing of the inbox.
    expect([...UserDoc.outbox(sender.doc).keys()]).toHaveLength(2);
  });

  it('does not signal a member whose session has the conversation open: they see the message there', async () => {
    const server = await startSyncServer(deps);
    const [alice, bob, carol] = [await createUser(deps), await createUser(deps), await createUser(deps)];
    const channel = await createChannel(deps, alice, bob, carol);
    const sender = connect(server.url, userRoom(alice.id), alice.token);
    const reading = connect(server.url, userRoom(bob.id), bob.token);
    const away = connect(server.url, userRoom(carol.id), carol.token);
    await Promise.all([sender, reading, away].map(synced));
    const open = await segment(server, bob, channel);

    queueSend(sender.doc, newId(), channel, 'hello');
    await waitFor(() => inboxOf(away)[channel]?.lastSeq === 1);
    await waitFor(() => open.doc.getArray('messages').length === 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(inboxOf(reading)[channel]).toBeUndefined();
  });
});
