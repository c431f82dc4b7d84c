import { Notifier, UpdateLog, writeIntoRoom, RoomFanout } from '@volley/core';
import { testDeps } from '@volley/core/testing';
import { newId, NOTIFICATIONS_KEPT, notificationsOf, userRoom, type Notification } from '@volley/shared';
import { describe, expect, it } from 'vitest';
import { connect, createUser, disposeAll, startSyncServer, synced, waitFor } from '../sync-server.testing.js';

const deps = await testDeps({ afterEach: disposeAll });

describe('notifications in the user’s document', () => {
  it('reaches a connected session live when the api notifies', async () => {
    const server = await startSyncServer(deps);
    const [alice, bob] = [await createUser(deps), await createUser(deps)];
    const session = connect(server.url, userRoom(alice.id), alice.token);
    await synced(session);

    await new Notifier(deps).notify(alice.id, { kind: 'friend_accepted', by: { id: bob.id, username: bob.username, displayName: bob.username } });
    const [notification] = await waitFor(() => notificationsOf(session.doc).size > 0 && [...notificationsOf(session.doc).values()]);
    expect(notification).toMatchObject({ kind: 'friend_accepted', by: { id: bob.id }, id: expect.any(String), at: expect.any(String) });
  });

  it(`keeps the newest ${NOTIFICATIONS_KEPT} when the room loads`, async () => {
    const alice = await createUser(deps);
    const target = { log: new UpdateLog(deps.db), fanout: new RoomFanout(deps.bus, deps.logger) };
    const ids = Array.from({ length: NOTIFICATIONS_KEPT + 5 }, () => newId()).sort();
    await writeIntoRoom(target, userRoom(alice.id), (doc) => {
      for (const id of ids) notificationsOf(doc).set(id, { id, kind: 'kicked', at: new Date().toISOString(), conversation: { id, name: 'c' }, by: { id, username: 'u', displayName: 'u' } } as Notification);
    });

    const server = await startSyncServer(deps);
    const session = connect(server.url, userRoom(alice.id), alice.token);
    await synced(session);
    await waitFor(() => notificationsOf(session.doc).size === NOTIFICATIONS_KEPT);
    expect([...notificationsOf(session.doc).keys()].sort()).toEqual(ids.slice(5));
  });

  it(`keeps them under twice ${NOTIFICATIONS_KEPT} while the room stays loaded`, async () => {
    const server = await startSyncServer(deps);
    const [alice, bob] = [await createUser(deps), await createUser(deps)];
    const session = connect(server.url, userRoom(alice.id), alice.token);
    await synced(session);
    const notifier = new Notifier(deps);
    for (let i = 0; i < 2 * NOTIFICATIONS_KEPT + 1; i++) await notifier.notify(alice.id, { kind: 'friend_accepted', by: { id: bob.id, username: bob.username, displayName: bob.username } });
    await waitFor(() => notificationsOf(session.doc).size === NOTIFICATIONS_KEPT);
  });
});
