/**
 * A stock y-websocket client closes and reopens a socket that has heard nothing for 30 s; it counts
 * its own awareness renewal (every 15 s) coming back as a sign of life. A socket alone in its room
 * (a `user.` room with no friend online) hears nothing else, so the server sends it back. And a
 * renewal keeps the state alive on the server past its 30 s timeout, though the server takes it
 * without reading the state again (Room.renewed). A socket that does not answer pings is dropped
 * at its next ping (each socket is pinged every 30 s, a thirtieth of them each second).
 */
import { testDeps } from '@volley/core/testing';
import { convRoom, socketProtocols, userRoom } from '@volley/shared';
import { expect, it } from 'vitest';
import { closed, connect, createChannel, createUser, disposeAll, opened, openSocket, startSyncServer, synced, waitFor } from '../sync-server.testing.js';

/** y-websocket's `messageReconnectTimeout`, and a little more. */
const SILENCE_MS = 30_000 + 3_000;

/** Pinged within 30 s of opening, found silent at the next ping 30 s later, and a second more. */
const DROPPED_WITHIN_MS = 2 * 30_000 + 2_000;

const deps = await testDeps({ afterEach: disposeAll });

it('keeps a stock client that is alone in its room connected past 30 s, and renewed states shown to the others; drops a socket that never answers a ping', { timeout: DROPPED_WITHIN_MS + 20_000 }, async () => {
  const server = await startSyncServer(deps);
  const user = await createUser(deps);
  const provider = connect(server.url, userRoom(user.id), user.token);
  const closes: unknown[] = [];
  provider.on('connection-close', (event) => closes.push(event?.code));
  // Meanwhile, two members of a channel, each with a state the other sees.
  const [a, b] = [user, await createUser(deps)];
  const channel = await createChannel(deps, a, b);
  const [first, second] = [connect(server.url, convRoom(channel, 0), a.token), connect(server.url, convRoom(channel, 0), b.token)];
  const silent = openSocket(`${server.url}/${userRoom(a.id)}`, socketProtocols(a.token), { autoPong: false });
  const silentClosed = closed(silent);
  await Promise.all([synced(provider), synced(first), synced(second), opened(silent)]);
  const silentSince = Date.now();
  first.awareness.setLocalStateField('name', 'first');
  const clock = () => first.awareness.meta.get(first.awareness.clientID)!.clock;
  const shownClock = () => second.awareness.meta.get(first.awareness.clientID)?.clock;
  await waitFor(() => second.awareness.getStates().get(first.awareness.clientID)?.name === 'first');
  const setAt = clock();
  await new Promise((resolve) => setTimeout(resolve, SILENCE_MS));
  expect(closes).toEqual([]);
  expect(provider.wsconnected).toBe(true);
  // Renewed twice (every 15 s, at the client's next 3 s check: the second by 36 s at the latest);
  // were the server to let it time out at 30 s, the state would be gone.
  await waitFor(() => clock() >= setAt + 2, 6000);
  await waitFor(() => (shownClock() ?? 0) >= setAt + 2, 6000);
  expect(second.awareness.getStates().get(first.awareness.clientID)).toMatchObject({ name: 'first', user: { id: a.id } });

  const dropped = await Promise.race([silentClosed, new Promise<undefined>((resolve) => setTimeout(resolve, Math.max(0, silentSince + DROPPED_WITHIN_MS - Date.now())))]);
  expect(dropped?.code).toBe(1006);
  expect(provider.wsconnected).toBe(true);
});
