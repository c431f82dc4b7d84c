/**
 * Pushes from the sync server: a direct message or a mention reaches the devices of someone with no
 * socket open, decrypted by a stand-in push service; someone with a tab open on any instance
 * (presence travels on the bus) gets it in the app only.
 */
import { Notifier, PushSubscriptions, saveNotificationSettings } from '@volley/core';
import { startStandInPushService, testDeps, type StandInPushService, type TestDevice } from '@volley/core/testing';
import { DEFAULT_NOTIFICATION_SETTINGS, newId, userRoom } from '@volley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { act, befriend, connect, createChannel, createDm, createUser, disposeAll, friendsPresence, session, startSyncServer, synced, waitFor, type TestUser } from '../sync-server.testing.js';

const deps = await testDeps({ afterEach: disposeAll });
let service: StandInPushService;
beforeAll(async () => {
  service = await startStandInPushService();
});
afterAll(() => service.close());

async function subscribed(user: TestUser): Promise<TestDevice> {
  const device = service.device();
  await new PushSubscriptions(deps.db).save(user.id, null, device.subscription, 20);
  return device;
}

const pushesTo = (device: TestDevice) => service.received.filter((p) => device.subscription.endpoint.endsWith(`/${p.device}`)).map((p) => p.payload.notification);

describe('pushes from the sync server', () => {
  it('a direct message to someone with no tab open arrives on their device, and leads to the message', async () => {
    const server = await startSyncServer(deps, { evictAfterMs: 50, pushPollMs: 20 });
    const [alice, bob] = [await createUser(deps), await createUser(deps)];
    const device = await subscribed(bob);
    const dm = await createDm(deps, alice, bob);
    const sent = await act(await session(server, alice), { op: 'send', convId: dm, body: 'are you free for a game?' });
    const [push] = await waitFor(() => pushesTo(device).length > 0 && pushesTo(device));
    expect(push).toEqual({ title: alice.username, body: 'are you free for a game?', navigate: `/c/${dm}#message-${sent.id}-${sent.seq}`, tag: `conv-${dm}` });
  });

  it('a mention in a channel names the channel', async () => {
    const server = await startSyncServer(deps, { evictAfterMs: 50, pushPollMs: 20 });
    const [alice, bob] = [await createUser(deps), await createUser(deps)];
    const device = await subscribed(bob);
    const channel = await createChannel(deps, alice, bob);
    const name = (await deps.db('conversations').where({ id: channel }).first('name')).name as string;
    await act(await session(server, alice), { op: 'send', convId: channel, body: `@${bob.username} look at this` });
    const [push] = await waitFor(() => pushesTo(device).length > 0 && pushesTo(device));
    expect(push).toMatchObject({ title: `${alice.username} in #${name}`, body: `@${bob.username} look at this` });
  });

  it('an ordinary channel message reaches only the members who chose "all messages" for it, and a mention is pushed once, as a mention', async () => {
    const server = await startSyncServer(deps, { evictAfterMs: 50, pushPollMs: 20 });
    const [alice, bob, carol] = [await createUser(deps), await createUser(deps), await createUser(deps)];
    const [bobsDevice, carolsDevice] = [await subscribed(bob), await subscribed(carol)];
    const channel = await createChannel(deps, alice, bob, carol);
    const name = (await deps.db('conversations').where({ id: channel }).first('name')).name as string;
    await saveNotificationSettings(deps.db, bob.id, { ...DEFAULT_NOTIFICATION_SETTINGS, levels: { [channel]: 'all' } });
    const tab = await session(server, alice);
    await act(tab, { op: 'send', convId: channel, body: 'lunch at noon' });
    await act(tab, { op: 'send', convId: channel, body: `@${bob.username} and you bring the ball` });
    await waitFor(() => pushesTo(bobsDevice).length >= 2);
    // Carol, at the channel's default (mentions only), is told nothing; her push would have come with Bob's.
    await act(tab, { op: 'send', convId: await createDm(deps, alice, carol), body: 'and you?' });
    await waitFor(() => pushesTo(carolsDevice).length > 0);
    expect(pushesTo(carolsDevice).map((p) => p.body)).toEqual(['and you?']);
    expect(pushesTo(bobsDevice)).toEqual([
      expect.objectContaining({ title: `${alice.username} in #${name}`, body: 'lunch at noon' }),
      expect.objectContaining({ title: `${alice.username} in #${name}`, body: `@${bob.username} and you bring the ball` }),
    ]);
  });

  it('a channel renamed is pushed under its new name', async () => {
    const server = await startSyncServer(deps, { evictAfterMs: 50, pushPollMs: 20 });
    const [alice, bob] = [await createUser(deps), await createUser(deps)];
    const device = await subscribed(bob);
    const channel = await createChannel(deps, alice, bob);
    await saveNotificationSettings(deps.db, bob.id, { ...DEFAULT_NOTIFICATION_SETTINGS, levels: { [channel]: 'all' } });
    const tab = await session(server, alice);
    await act(tab, { op: 'send', convId: channel, body: 'before' });
    await waitFor(() => pushesTo(device).length === 1);
    await deps.db('conversations').where({ id: channel }).update({ name: 'renamed' });
    await act(tab, { op: 'send', convId: channel, body: 'after' });
    await waitFor(() => pushesTo(device).length === 2);
    expect(pushesTo(device)[1]).toMatchObject({ title: `${alice.username} in #renamed`, body: 'after' });
  });

  it('a notification written by another process reaches the device at once, without waiting for the queue’s safety-net poll', async () => {
    // The poll is ten minutes away: only the notifier's wake-up can bring it in time.
    await startSyncServer(deps, { evictAfterMs: 50, pushPollMs: 600_000 });
    const [alice, bob] = [await createUser(deps), await createUser(deps)];
    const device = await subscribed(bob);
    // Past the dispatcher's first look at the queue, at its start.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await new Notifier(deps).notify(bob.id, { kind: 'friend_request', from: { id: alice.id, username: alice.username, displayName: alice.username }, requestId: newId() });
    const [push] = await waitFor(() => pushesTo(device).length > 0 && pushesTo(device));
    expect(push?.title).toContain(alice.username);
  });

  it('nothing reaches the device of someone with a tab open on another instance', async () => {
    const [here, there] = [await startSyncServer(deps, { evictAfterMs: 50, pushPollMs: 20 }), await startSyncServer(deps, { evictAfterMs: 50, pushPollMs: 20 })];
    const [alice, bob, carol] = [await createUser(deps), await createUser(deps), await createUser(deps)];
    const [bobsDevice, carolsDevice] = [await subscribed(bob), await subscribed(carol)];
    await befriend(deps, alice, bob);
    // Bob's tab is open on the other instance; Alice's, here, shows him online: this instance knows.
    const bobsTab = connect(there.url, userRoom(bob.id), bob.token, new Y.Doc());
    await synced(bobsTab);
    bobsTab.awareness.setLocalState({ status: 'online' });
    const alicesTab = await session(here, alice);
    alicesTab.awareness.setLocalState({ status: 'online' });
    await waitFor(() => friendsPresence(alicesTab)?.[bob.id] === 'online');

    await act(alicesTab, { op: 'send', convId: await createDm(deps, alice, bob), body: 'you there?' });
    // Decided after Bob's, in order: once Carol has hers, Bob's was decided.
    await act(alicesTab, { op: 'send', convId: await createDm(deps, alice, carol), body: 'and you?' });
    await waitFor(() => pushesTo(carolsDevice).length > 0);
    expect(pushesTo(bobsDevice)).toEqual([]);
  });
});
