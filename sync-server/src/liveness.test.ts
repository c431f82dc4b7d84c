/**
 * A stock y-websocket client closes and reopens a socket that has heard nothing for 30 s; it counts
 * its own awareness renewal (every 15 s) coming back as a sign of life. A socket alone in its room
 * (a `user.` room with no friend online) hears nothing else, so the server sends it back.
 */
import { testDeps } from '@volley/core/testing';
import { userRoom } from '@volley/shared';
import { expect, it } from 'vitest';
import { connect, createUser, disposeAll, startSyncServer, synced } from './test-harness.js';

/** y-websocket's `messageReconnectTimeout`, and a little more. */
const SILENCE_MS = 30_000 + 3_000;

const deps = await testDeps({ afterEach: disposeAll });

it('keeps a stock client that is alone in its room connected past 30 s', { timeout: SILENCE_MS + 20_000 }, async () => {
  const server = await startSyncServer(deps);
  const user = await createUser(deps);
  const provider = connect(server.url, userRoom(user.id), user.token);
  const closes: unknown[] = [];
  provider.on('connection-close', (event) => closes.push(event?.code));
  await synced(provider);
  await new Promise((resolve) => setTimeout(resolve, SILENCE_MS));
  expect(closes).toEqual([]);
  expect(provider.wsconnected).toBe(true);
});
