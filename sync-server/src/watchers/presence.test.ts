import { testDeps } from '@volley/core/testing';
import { DomainEvents, type Bus } from '@volley/core';
import { userRoom, type ServerPresenceAwareness } from '@volley/shared';
import { describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { befriend, block, connect, createUser, disposeAll, friendsPresence, startSyncServer, synced, waitFor, type TestUser } from '../sync-server.testing.js';

const deps = await testDeps({ afterEach: disposeAll });

describe('friends’ presence', () => {
  /** A session of `user` on the server at `url`, set to `status`. */
  async function session(url: string, user: TestUser, status: 'online' | 'away' = 'online'): Promise<WebsocketProvider> {
    const provider = connect(url, userRoom(user.id), user.token, new Y.Doc());
    await synced(provider);
    provider.awareness.setLocalState({ status });
    return provider;
  }
  /** Waits until the session shows exactly this presence of friends (no server state at all: none online). */
  const shows = (provider: WebsocketProvider, expected: Record<string, string>) =>
    waitFor(() => JSON.stringify(friendsPresence(provider) ?? {}) === JSON.stringify(expected));

  it('shows two friends to each other as online, then away, then offline once the last session has gone', async () => {
    const server = await startSyncServer(deps);
    const [alice, bob] = [await createUser(deps), await createUser(deps)];
    await befriend(deps, alice, bob);
    const alicesTab = await session(server.url, alice);
    await shows(alicesTab, {});
    const bobsTab = await session(server.url, bob);
    await shows(alicesTab, { [bob.id]: 'online' });
    await shows(bobsTab, { [alice.id]: 'online' });

    bobsTab.awareness.setLocalState({ status: 'away' });
    await shows(alicesTab, { [bob.id]: 'away' });
    bobsTab.destroy();
    await shows(alicesTab, {});
  });

  it('keeps a user online while any of their tabs is, and online beats away', async () => {
    const server = await startSyncServer(deps);
    const [alice, bob] = [await createUser(deps), await createUser(deps)];
    await befriend(deps, alice, bob);
    const watcher = await session(server.url, alice);
    const idleTab = await session(server.url, bob, 'away');
    await shows(watcher, { [bob.id]: 'away' });
    const activeTab = await session(server.url, bob, 'online');
    await shows(watcher, { [bob.id]: 'online' });
    activeTab.destroy();
    await shows(watcher, { [bob.id]: 'away' });
    idleTab.destroy();
    await shows(watcher, {});
  });

  it('combines sessions on two instances sharing a bus', async () => {
    const [a, b] = [await startSyncServer(deps), await startSyncServer(deps)];
    const [alice, bob] = [await createUser(deps), await createUser(deps)];
    await befriend(deps, alice, bob);
    const onA = await session(a.url, alice);
    const laptop = await session(b.url, bob, 'away');
    await shows(onA, { [bob.id]: 'away' });
    const phone = await session(a.url, bob, 'online');
    await shows(onA, { [bob.id]: 'online' });
    const watcherOnB = await session(b.url, alice);
    await shows(watcherOnB, { [bob.id]: 'online' });
    // The server's own state is per instance: a session sees one, never another instance's copy.
    expect([...watcherOnB.awareness.getStates().values()].filter((state) => 'presence' in state)).toHaveLength(1);

    phone.destroy();
    await shows(watcherOnB, { [bob.id]: 'away' });
    await shows(onA, { [bob.id]: 'away' });
    laptop.destroy();
    await shows(onA, {});
  });

  it('shows a user who joined on another instance before this one started', async () => {
    const a = await startSyncServer(deps);
    const [alice, bob] = [await createUser(deps), await createUser(deps)];
    await befriend(deps, alice, bob);
    await session(a.url, bob);
    const b = await startSyncServer(deps);
    await shows(await session(b.url, alice), { [bob.id]: 'online' });
  });

  it('lets the users of an instance that went silent (a dead process, a partition) expire', async () => {
    const timing = { presenceSnapshotMs: 50, presenceExpiryMs: 200, evictAfterMs: 50 };
    let reachable = true;
    const cuttable: Bus = {
      publish: (channel, payload) => (reachable ? deps.bus.publish(channel, payload) : Promise.resolve()),
      subscribe: (channel, handler) => deps.bus.subscribe(channel, handler),
      ping: async () => {},
      close: async () => {},
    };
    const [a, b] = [await startSyncServer(deps, timing), await startSyncServer({ ...deps, bus: cuttable }, timing)];
    const [alice, bob] = [await createUser(deps), await createUser(deps)];
    await befriend(deps, alice, bob);
    const watcher = await session(a.url, alice);
    await session(b.url, bob);
    await shows(watcher, { [bob.id]: 'online' });
    reachable = false;
    await shows(watcher, {});
  });

  it('never shows presence across a block, either way, even with a friendship row left', async () => {
    const server = await startSyncServer(deps);
    const [alice, bob, carol] = [await createUser(deps), await createUser(deps), await createUser(deps)];
    await befriend(deps, alice, bob);
    await befriend(deps, alice, carol);
    await block(deps, alice, bob);
    const alices = await session(server.url, alice);
    const bobs = await session(server.url, bob);
    await session(server.url, carol);
    await shows(alices, { [carol.id]: 'online' });
    await shows(bobs, {});
  });

  it('shows new friends to each other at once, and hides them once blocked', async () => {
    const server = await startSyncServer(deps);
    const [alice, bob] = [await createUser(deps), await createUser(deps)];
    const alices = await session(server.url, alice);
    const bobs = await session(server.url, bob);
    await shows(alices, {});
    await shows(bobs, {});

    const events = new DomainEvents(deps.bus);
    await befriend(deps, alice, bob);
    await events.publish({ type: 'social.changed', userIds: [alice.id, bob.id] });
    await shows(alices, { [bob.id]: 'online' });
    await shows(bobs, { [alice.id]: 'online' });

    await block(deps, bob, alice);
    await events.publish({ type: 'social.changed', userIds: [alice.id, bob.id] });
    await shows(alices, {});
    await shows(bobs, {});
  });

  it('moves both users’ social stamp on each change between them, friends or not', async () => {
    const server = await startSyncServer(deps);
    const [alice, bob] = [await createUser(deps), await createUser(deps)];
    const [alices, bobs] = [await session(server.url, alice), await session(server.url, bob)];
    const stamp = (provider: WebsocketProvider) => {
      for (const state of provider.awareness.getStates().values()) if ('social' in state) return (state as ServerPresenceAwareness).social;
      return undefined;
    };
    expect([stamp(alices), stamp(bobs)]).toEqual([undefined, undefined]);
    const events = new DomainEvents(deps.bus);
    await events.publish({ type: 'social.changed', userIds: [alice.id, bob.id] });
    const first = await Promise.all([alices, bobs].map((p) => waitFor(() => stamp(p))));
    await events.publish({ type: 'social.changed', userIds: [alice.id, bob.id] });
    for (const [i, p] of [alices, bobs].entries()) await waitFor(() => (stamp(p) ?? 0) > first[i]!);
  });
});
