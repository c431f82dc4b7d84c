import { Conversation, ConversationMember, ConversationMute } from '@volley/core';
import { testDeps } from '@volley/core/testing';
import { newId, queueSend, userRoom, UserDoc } from '@volley/shared';
import { describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import { block, connect, createChannel, createUser, disposeAll, join, startSyncServer, synced, waitFor, type RunningSync, type TestUser } from '../sync-server.testing.js';

const deps = await testDeps({ afterEach: disposeAll });

describe('sends the rules refuse keep the text, with the reason', () => {
  let server: RunningSync;

  async function outbox(user: TestUser): Promise<WebsocketProvider> {
    const provider = connect(server.url, userRoom(user.id), user.token);
    await synced(provider);
    return provider;
  }
  const send = async (provider: WebsocketProvider, convId: string, body: string) => {
    const id = queueSend(provider.doc, newId(), convId, body);
    return waitFor(() => UserDoc.outbox(provider.doc).get(id)?.status !== undefined && UserDoc.outbox(provider.doc).get(id));
  };

  it('rejects a muted member’s send with `muted` and the end of the mute, and accepts it once the mute is over', async () => {
    server = await startSyncServer(deps);
    const alice = await createUser(deps);
    const channel = await createChannel(deps, alice);
    const until = new Date(Date.now() + 10 * 60_000);
    await ConversationMute.query(deps.db).insert({ conversationId: channel, userId: alice.id, until });
    const session = await outbox(alice);

    expect(await send(session, channel, 'let me speak')).toMatchObject({ status: 'rejected', reason: 'muted', detail: until.toISOString(), body: 'let me speak' });
    await ConversationMute.query(deps.db).findById([channel, alice.id]).patch({ until: new Date(Date.now() - 1000) });
    expect(await send(session, channel, 'now I may')).toMatchObject({ status: 'accepted', seq: 1 });
  });

  it('a mute outlives the membership: left and joined again, the member is still refused `muted` until its end', async () => {
    server = await startSyncServer(deps);
    const [owner, bob] = [await createUser(deps), await createUser(deps)];
    const channel = await createChannel(deps, owner);
    await join(deps, channel, bob);
    const until = new Date(Date.now() + 24 * 3600_000);
    await ConversationMute.query(deps.db).insert({ conversationId: channel, userId: bob.id, until, byUserId: owner.id });
    // However the membership comes back (a join, an invitation, a request accepted), it is a new row.
    await ConversationMember.query(deps.db).deleteById([channel, bob.id]);
    await join(deps, channel, bob);
    const session = await outbox(bob);
    expect(await send(session, channel, 'I am back')).toMatchObject({ status: 'rejected', reason: 'muted', detail: until.toISOString() });
    await ConversationMute.query(deps.db).deleteById([channel, bob.id]);
    expect(await send(session, channel, 'and now I speak')).toMatchObject({ status: 'accepted' });
  });

  it('rejects DM sends with `blocked` both ways once either side blocked the other', async () => {
    server = await startSyncServer(deps);
    const [alice, bob] = [await createUser(deps), await createUser(deps)];
    const dm = newId();
    await Conversation.query(deps.db).insert({ id: dm, kind: 'dm', name: '', dmKey: Conversation.dmKeyOf(alice.id, bob.id) });
    await join(deps, dm, alice, bob);
    const [alices, bobs] = [await outbox(alice), await outbox(bob)];
    expect(await send(alices, dm, 'hi bob')).toMatchObject({ status: 'accepted', seq: 1 });

    await block(deps, alice, bob);
    expect(await send(bobs, dm, 'why?')).toMatchObject({ status: 'rejected', reason: 'blocked', body: 'why?' });
    expect(await send(alices, dm, 'and stay out')).toMatchObject({ status: 'rejected', reason: 'blocked', body: 'and stay out' });
  });
});
