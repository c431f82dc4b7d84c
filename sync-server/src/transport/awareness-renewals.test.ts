/**
 * A stock client sends its awareness state again, unchanged, every 15 s, so that nobody times it out
 * (30 s). The server forwards such renewals a few seconds later, all of a room's together: each
 * socket gets one frame for them instead of one per member (and sends one echo back instead of one
 * per member). A change goes at once.
 */
import { testDeps } from '@volley/core/testing';
import { convRoom } from '@volley/shared';
import { expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import { connect, createChannel, createUser, disposeAll, startSyncServer, synced, waitFor } from '../sync-server.testing.js';

const MEMBERS = 5;

const deps = await testDeps({ afterEach: disposeAll });

/** Awareness frames from the server that the provider applied, from now on. */
function countFrames(provider: WebsocketProvider): () => number {
  let frames = 0;
  provider.awareness.on('update', (_changes: unknown, origin: unknown) => origin === provider && frames++);
  return () => frames;
}

it('forwards a room’s renewals together, within seconds, and a change at once', { timeout: 30_000 }, async () => {
  const server = await startSyncServer(deps);
  const users = await Promise.all(Array.from({ length: MEMBERS }, () => createUser(deps)));
  const channel = await createChannel(deps, ...users);
  const members = users.map((user) => connect(server.url, convRoom(channel, 0), user.token));
  await Promise.all(members.map(synced));
  members.forEach((member, i) => member.awareness.setLocalStateField('name', `member ${i}`));
  await waitFor(() => members.every((member) => member.awareness.getStates().size === MEMBERS && [...member.awareness.getStates().values()].every((state) => 'name' in state)));

  const frames = members.map(countFrames);
  // What the stock client does every 15 s: the same state again, at the next clock.
  members.forEach((member) => member.awareness.setLocalState(member.awareness.getLocalState()));
  const renewed = members.map((member) => [member.awareness.clientID, member.awareness.meta.get(member.awareness.clientID)!.clock] as const);
  const seesRenewals = (member: WebsocketProvider) => renewed.every(([client, clock]) => (member.awareness.meta.get(client)?.clock ?? 0) >= clock);

  // A change made after the renewals overtakes them.
  members[0]!.awareness.setLocalStateField('typing', true);
  await waitFor(() => members.every((member) => member.awareness.getStates().get(members[0]!.awareness.clientID)?.typing === true), 1000);
  expect(members.slice(1).some(seesRenewals)).toBe(false);

  await waitFor(() => members.every(seesRenewals), 8000);
  // The others' renewals reached each socket in one frame; the change was one more for all but its author.
  expect(frames.map((count) => count())).toEqual(members.map((_, i) => (i === 0 ? 1 : 2)));
});
