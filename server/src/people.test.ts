import { describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { CloseCode, convRoom, newId, notificationsOf, queueSend, userRoom, UserDoc, type Notification, type ServerPresenceAwareness } from '@volley/shared';
import { closeCode, register, synced, waitFor, sharedVolley, type Person } from './server.testing.js';

// The api and the sync server together, as one process runs them: an API action reaches the
// sockets (through the bus) and the users' documents (through the update log).
describe('people and places across the api and the sync server', () => {
  const t = sharedVolley();
  const { open } = t;

  async function channelWith(owner: Person, ...members: Person[]): Promise<string> {
    const created = await owner.call('POST', '/channels', { name: `room-${newId().slice(-6)}`, access: 'public' });
    expect(created.status).toBe(201);
    for (const member of members) expect((await member.call('POST', `/conversations/${created.body.id}/join`, {})).status).toBeLessThan(300);
    return created.body.id;
  }

  it('a kick closes the victim’s socket on the conversation at once, for good, and tells them why', async () => {
    const [owner, victim] = [await register(t.volley, 'owner'), await register(t.volley, 'victim')];
    const channel = await channelWith(owner, victim);
    const room = open(convRoom(channel, 0), victim);
    await synced(room);
    const victimDoc = new Y.Doc();
    await synced(open(userRoom(victim.id), victim, victimDoc));

    const closing = closeCode(room);
    const kickedAt = Date.now();
    expect((await owner.call('POST', `/conversations/${channel}/kick`, { userId: victim.id })).status).toBeLessThan(300);
    expect(await closing).toBe(CloseCode.forbidden);
    expect(Date.now() - kickedAt).toBeLessThan(1000);
    room.disconnect();

    const again = open(convRoom(channel, 0), victim);
    expect(await closeCode(again)).toBe(CloseCode.forbidden);
    again.disconnect();

    const notice = await waitFor(() => [...notificationsOf(victimDoc).values()].find((n: Notification) => n.kind === 'kicked'));
    expect(notice).toMatchObject({ kind: 'kicked', conversation: { id: channel } });
  });

  it('a ban keeps the user out until it is lifted', async () => {
    const [owner, victim] = [await register(t.volley, 'owner'), await register(t.volley, 'banned')];
    const channel = await channelWith(owner, victim);
    expect((await owner.call('POST', `/conversations/${channel}/ban`, { userId: victim.id, minutes: null })).status).toBeLessThan(300);
    const rejoin = await victim.call('POST', `/conversations/${channel}/join`, {});
    expect(rejoin.status).toBe(403);
    expect(rejoin.body.error.code).toBe('banned');
    expect((await owner.call('DELETE', `/conversations/${channel}/bans/${victim.id}`)).status).toBeLessThan(300);
    expect((await victim.call('POST', `/conversations/${channel}/join`, {})).status).toBeLessThan(300);
  });

  it('a blocked user’s DM is refused with the reason, and the text is kept', async () => {
    const [alice, bob] = [await register(t.volley, 'alice'), await register(t.volley, 'bob')];
    const dm = await alice.call('POST', '/conversations/dm', { userId: bob.id });
    expect(dm.status).toBe(201);
    expect((await bob.call('PUT', `/blocks/${alice.id}`)).status).toBeLessThan(300);

    const doc = new Y.Doc();
    await synced(open(userRoom(alice.id), alice, doc));
    const opId = queueSend(doc, newId(), dm.body.id, 'are you there?');
    const entry = await waitFor(() => {
      const e = UserDoc.outbox(doc).get(opId);
      return e?.status ? e : undefined;
    });
    expect(entry).toMatchObject({ status: 'rejected', reason: 'blocked', body: 'are you there?' });
  });

  it('friends who are both online see each other online as soon as the request is accepted', async () => {
    const [alice, bob] = [await register(t.volley, 'alice'), await register(t.volley, 'bob')];
    const [aliceRoom, bobRoom] = [open(userRoom(alice.id), alice), open(userRoom(bob.id), bob)];
    await Promise.all([synced(aliceRoom), synced(bobRoom)]);
    aliceRoom.awareness.setLocalStateField('status', 'online');
    bobRoom.awareness.setLocalStateField('status', 'online');

    const request = await alice.call('POST', '/friends/requests', { userId: bob.id });
    expect(request.status).toBe(201);
    expect((await bob.call('POST', `/friends/requests/${request.body.id}/accept`)).status).toBeLessThan(300);

    const seenBy = (room: WebsocketProvider, friend: Person) =>
      waitFor(() => [...room.awareness.getStates().values()].some((s) => (s as Partial<ServerPresenceAwareness>).presence?.[friend.id] === 'online'));
    await Promise.all([seenBy(aliceRoom, bob), seenBy(bobRoom, alice)]);
  });
});
