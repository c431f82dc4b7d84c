import { testDeps } from '@volley/core/testing';
import { CloseCode, convRoom, socketProtocols } from '@volley/shared';
import { describe, expect, it } from 'vitest';
import { awarenessFrame, closed, connect, createChannel, createUser, disposeAll, openSocket, opened, startSyncServer, synced, waitFor } from '../sync-server.testing.js';

const deps = await testDeps({ afterEach: disposeAll });

describe('typing and “N people here” (awareness on a conversation)', () => {
  it('delivers a member’s `{typing: true}` to members on another instance, with the identity the server stamped', async () => {
    const [first, second] = [await startSyncServer(deps), await startSyncServer(deps)];
    const [alice, bob] = [await createUser(deps), await createUser(deps)];
    const channel = await createChannel(deps, alice, bob);
    const typist = connect(first.url, convRoom(channel, 0), alice.token);
    const watcher = connect(second.url, convRoom(channel, 0), bob.token);
    await Promise.all([synced(typist), synced(watcher)]);

    typist.awareness.setLocalState({ typing: true, user: { id: bob.id, name: 'impostor' } });
    const seen = await waitFor(() => watcher.awareness.getStates().get(typist.awareness.clientID));
    expect(seen).toEqual({ typing: true, user: { id: alice.id, name: alice.username } });

    watcher.awareness.setLocalState({});
    await waitFor(() => typist.awareness.getStates().size === 2);
  });

  it('closes a socket that floods its own awareness state with rate_limited', async () => {
    const server = await startSyncServer(deps);
    const alice = await createUser(deps);
    const channel = await createChannel(deps, alice);
    const ws = openSocket(`${server.url}/${convRoom(channel, 0)}`, socketProtocols(alice.token));
    await opened(ws);
    const closing = closed(ws);
    for (let clock = 1; clock <= 100; clock++) ws.send(awarenessFrame([4242, clock, { typing: clock % 2 === 0 }]));
    expect(await closing).toEqual({ code: CloseCode.rateLimited, reason: 'rate_limited' });
  });
});
