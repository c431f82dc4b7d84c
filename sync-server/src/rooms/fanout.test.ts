import { testDeps } from '@volley/core/testing';
import { ConvDoc, convRoom, newId, queueSend, userRoom, UserDoc } from '@volley/shared';
import { describe, expect, it } from 'vitest';
import { connect, createChannel, createUser, disposeAll, startSyncServer, synced, waitFor } from '../sync-server.testing.js';

const deps = await testDeps({ afterEach: disposeAll });

// Two sync-server instances on one database and one bus, as in the scale-out mode.
describe('fan-out across instances', () => {
  it('shows a message sent through instance A, live, to a reader on instance B', async () => {
    const [a, b] = [await startSyncServer(deps), await startSyncServer(deps)];
    const [alice, bob] = [await createUser(deps), await createUser(deps)];
    const channel = await createChannel(deps, alice, bob);
    const reader = connect(b.url, convRoom(channel, 0), bob.token);
    const sender = connect(a.url, userRoom(alice.id), alice.token);
    await Promise.all([synced(reader), synced(sender)]);

    const id = queueSend(sender.doc, newId(), channel, 'across instances');
    const message = await waitFor(() => ConvDoc.messages(reader.doc).toArray().find((m) => m.id === id));
    expect(message).toMatchObject({ seq: 1, author: alice.id, body: 'across instances' });
    expect(await waitFor(() => UserDoc.outbox(sender.doc).get(id)?.status)).toBe('accepted');
  });

  it('keeps one user’s sessions on two instances in step, and decides an op once', async () => {
    const [a, b] = [await startSyncServer(deps), await startSyncServer(deps)];
    const alice = await createUser(deps);
    const channel = await createChannel(deps, alice);
    const laptop = connect(a.url, userRoom(alice.id), alice.token);
    const phone = connect(b.url, userRoom(alice.id), alice.token);
    const reader = connect(b.url, convRoom(channel, 0), alice.token);
    await Promise.all([synced(laptop), synced(phone), synced(reader)]);

    const id = queueSend(laptop.doc, newId(), channel, 'from the laptop');
    expect(await waitFor(() => UserDoc.outbox(phone.doc).get(id)?.status)).toBe('accepted');
    await waitFor(() => ConvDoc.messages(reader.doc).length > 0);
    expect(ConvDoc.messages(reader.doc).toArray().map((m) => m.body)).toEqual(['from the laptop']);
  });

  it('carries awareness to readers on the other instance, under the sender’s identity', async () => {
    const [a, b] = [await startSyncServer(deps), await startSyncServer(deps)];
    const [alice, bob] = [await createUser(deps), await createUser(deps)];
    const room = convRoom(await createChannel(deps, alice, bob), 0);
    const typist = connect(a.url, room, alice.token);
    const watcher = connect(b.url, room, bob.token);
    await Promise.all([synced(typist), synced(watcher)]);

    typist.awareness.setLocalState({ typing: true });
    expect(await waitFor(() => watcher.awareness.getStates().get(typist.doc.clientID))).toEqual({ typing: true, user: { id: alice.id, name: alice.username } });
    typist.destroy();
    await waitFor(() => !watcher.awareness.getStates().has(typist.doc.clientID));
  });

  it('carries messages between instances in two processes, once the second holds the room too', async () => {
    // Instance B has a bus of its own, as a second process has: what A publishes crosses Redis.
    const a = await startSyncServer(deps);
    const b = await startSyncServer({ ...deps, bus: deps.otherProcessBus() });
    const [alice, bob] = [await createUser(deps), await createUser(deps)];
    const channel = await createChannel(deps, alice, bob);
    const sender = connect(a.url, userRoom(alice.id), alice.token);
    const early = connect(a.url, convRoom(channel, 0), alice.token);
    await Promise.all([synced(sender), synced(early)]);
    // A holds the room alone: its first message goes nowhere but to its own socket and the log.
    queueSend(sender.doc, newId(), channel, 'before bob');
    await waitFor(() => ConvDoc.messages(early.doc).length === 1);

    const reader = connect(b.url, convRoom(channel, 0), bob.token);
    await synced(reader);
    queueSend(sender.doc, newId(), channel, 'with bob');
    await waitFor(() => ConvDoc.messages(reader.doc).length === 2);
    expect(ConvDoc.messages(reader.doc).toArray().map((m) => m.body)).toEqual(['before bob', 'with bob']);
    reader.awareness.setLocalState({ typing: true });
    expect(await waitFor(() => early.awareness.getStates().get(reader.doc.clientID))).toMatchObject({ typing: true });
  });
});
