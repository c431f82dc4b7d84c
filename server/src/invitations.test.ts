import { describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { Game } from '@volley/core';
import { ConvDoc, convRoom, newId, userRoom, UserDoc, type Message } from '@volley/shared';
import { register, synced, waitFor, sharedVolley, type Person } from './server.testing.js';

// An invitation card across both servers: the sync server posts it, the api answers it, and the
// card in the conversation shows each answer (and the expiry) to the members reading it.
describe('an invitation card follows its answer', () => {
  const t = sharedVolley();
  const open = (room: string, person: Person) => t.open(room, person, new Y.Doc());

  /** Alice invites Bob in their DM; resolves with the card's id and Bob's copy of the segment. */
  async function invite(alice: Person, bob: Person, dmId?: string): Promise<{ id: string; reader: WebsocketProvider; dm: string }> {
    const dm = dmId ?? (await alice.call('POST', '/conversations/dm', { userId: bob.id })).body.id;
    const outbox = open(userRoom(alice.id), alice);
    await synced(outbox);
    const id = newId();
    UserDoc.outbox(outbox.doc).set(id, { op: 'invite', convId: dm, to: bob.id, at: new Date().toISOString() });
    expect(await waitFor(() => UserDoc.outbox(outbox.doc).get(id)?.status)).toBe('accepted');
    const reader = open(convRoom(dm, 0), bob);
    await synced(reader);
    return { id, reader, dm };
  }
  const card = (reader: WebsocketProvider, id: string, state: NonNullable<Message['game']>['state']) =>
    waitFor(() => ConvDoc.messages(reader.doc).toArray().find((m) => m.id === id && m.game?.state === state), 8000);

  it('shows pending, then accepted once the invited player accepts through the api', async () => {
    const [alice, bob] = [await register(t.volley, 'alice'), await register(t.volley, 'bob')];
    const { id, reader } = await invite(alice, bob);
    expect(await card(reader, id, 'pending')).toMatchObject({ kind: 'invite', game: { players: [{ id: alice.id }, { id: bob.id }] } });
    const accepted = await bob.call('POST', `/games/${id}/accept`);
    expect(accepted).toMatchObject({ status: 200, body: { id, status: 'ready' } });
    await card(reader, id, 'accepted');
  });

  it('shows declined once declined, and expired once the time is up — after which accepting is refused', async () => {
    const [alice, bob] = [await register(t.volley, 'alice'), await register(t.volley, 'bob')];
    const declined = await invite(alice, bob);
    expect((await bob.call('POST', `/games/${declined.id}/decline`)).status).toBe(204);
    await card(declined.reader, declined.id, 'declined');

    const late = await invite(alice, bob, declined.dm);
    await Game.query(t.volley.db).patch({ expiresAt: new Date(Date.now() - 1000) }).where({ id: late.id });
    await card(late.reader, late.id, 'expired');
    expect(await bob.call('POST', `/games/${late.id}/accept`)).toMatchObject({ status: 409, body: { error: { code: 'invitation_closed' } } });
  });
});
