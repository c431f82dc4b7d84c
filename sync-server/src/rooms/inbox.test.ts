import { testDeps } from '@volley/core/testing';
import { newId, queueSend, userRoom, UserDoc } from '@volley/shared';
import { describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import { DomainEvents } from '@volley/core';
import { act, connect, createChannel, createUser, disposeAll, segment, session, signalOf, startSyncServer, synced, waitFor } from '../sync-server.testing.js';

const inboxOf = (provider: WebsocketProvider) => signalOf(provider, 'inbox');

const deps = await testDeps({ afterEach: disposeAll });

/**
 * Two instances; Alice says 'first' then `last` in a channel, and its members Bob (on her
 * instance) and Carol (on the other) have both been signalled the second.
 */
async function twoMessagesSignalled(last: string) {
  const [a, b] = [await startSyncServer(deps), await startSyncServer(deps)];
  const [alice, bob, carol] = [await createUser(deps), await createUser(deps), await createUser(deps)];
  const channel = await createChannel(deps, alice, bob, carol);
  const sender = await session(a, alice);
  const [here, there] = [connect(a.url, userRoom(bob.id), bob.token), connect(b.url, userRoom(carol.id), carol.token)];
  await Promise.all([here, there].map(synced));
  const first = await act(sender, { op: 'send', convId: channel, body: 'first' });
  const second = await act(sender, { op: 'send', convId: channel, body: last });
  for (const provider of [here, there]) await waitFor(() => inboxOf(provider)[channel]?.lastSeq === 2);
  return { alice, channel, sender, here, there, first, second };
}

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
    const lastId = newId();
    queueSend(sender.doc, lastId, channel, long);
    for (const provider of [sender, here, there]) {
      const latest = await waitFor(() => inboxOf(provider)[channel]?.lastSeq === 2 && inboxOf(provider)[channel]);
      expect(latest).toEqual({ lastSeq: 2, id: lastId, preview: 'x'.repeat(100), at: expect.any(String), author: alice.id, authorName: alice.username });
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

  it('tells the members, on this instance and another, that the last message was deleted; a message before it changes nothing', async () => {
    const { alice, channel, sender, here, there, first, second } = await twoMessagesSignalled('**second**');

    expect(await act(sender, { op: 'delete', convId: channel, messageId: first.id })).toMatchObject({ status: 'accepted', seq: 1 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const provider of [here, there]) expect(inboxOf(provider)[channel]).toMatchObject({ lastSeq: 2, preview: 'second' });

    expect(await act(sender, { op: 'delete', convId: channel, messageId: second.id })).toMatchObject({ status: 'accepted', seq: 2 });
    for (const provider of [here, there]) {
      const entry = await waitFor(() => inboxOf(provider)[channel]?.deleted && inboxOf(provider)[channel]);
      expect(entry).toEqual({ lastSeq: 2, id: second.id, preview: '', at: expect.any(String), author: alice.id, authorName: alice.username, deleted: true });
    }
  });

  it('tells the members, on this instance and another, the new text of the last message edited; an edit before it changes nothing', async () => {
    const { alice, channel, sender, here, there, first, second } = await twoMessagesSignalled('lunch at noon');

    expect(await act(sender, { op: 'edit', convId: channel, messageId: first.id, body: 'first, edited' })).toMatchObject({ status: 'accepted' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const provider of [here, there]) expect(inboxOf(provider)[channel]).toMatchObject({ lastSeq: 2, preview: 'lunch at noon' });

    expect(await act(sender, { op: 'edit', convId: channel, messageId: second.id, body: 'lunch at **one**' })).toMatchObject({ status: 'accepted' });
    for (const provider of [here, there]) {
      const entry = await waitFor(() => inboxOf(provider)[channel]?.editedAt && inboxOf(provider)[channel]);
      expect(entry).toEqual({ lastSeq: 2, id: second.id, preview: 'lunch at one', at: expect.any(String), author: alice.id, authorName: alice.username, editedAt: expect.any(String) });
    }
  });

  it('tells the members online, on this instance and another, that the conversation’s members changed; nobody else', async () => {
    const [a, b] = [await startSyncServer(deps), await startSyncServer(deps)];
    const [alice, bob, carol] = [await createUser(deps), await createUser(deps), await createUser(deps)];
    const channel = await createChannel(deps, alice, bob);
    const [here, there, outsider] = [connect(a.url, userRoom(alice.id), alice.token), connect(b.url, userRoom(bob.id), bob.token), connect(a.url, userRoom(carol.id), carol.token)];
    await Promise.all([here, there, outsider].map(synced));
    const events = new DomainEvents(deps.bus);
    const stamp = (provider: WebsocketProvider) => signalOf(provider, 'members')[channel];

    await events.publish({ type: 'membership.removed', convId: channel, userId: carol.id, reason: 'left' });
    const first = await Promise.all([here, there].map((p) => waitFor(() => stamp(p))));
    await events.publish({ type: 'membership.added', convId: channel, userId: carol.id });
    for (const [i, p] of [here, there].entries()) await waitFor(() => (stamp(p) ?? 0) > first[i]!);
    expect(stamp(outsider)).toBeUndefined();
  });
});
