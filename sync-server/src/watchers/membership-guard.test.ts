import { ConversationBan, ConversationMember, DomainEvents } from '@volley/core';
import { testDeps } from '@volley/core/testing';
import { CloseCode, convRoom, newId, queueSend, socketProtocols, userRoom, UserDoc } from '@volley/shared';
import { describe, expect, it } from 'vitest';
import { closed, connect, createChannel, createUser, disposeAll, openSocket, startSyncServer, synced, waitFor, type RunningSync, type TestUser } from '../sync-server.testing.js';

const deps = await testDeps({ afterEach: disposeAll });

describe('a kicked or banned member loses the conversation’s sockets', () => {
  /** What the api does: the membership row goes, then the event is published. */
  async function remove(convId: string, user: TestUser, reason: 'kicked' | 'banned', until: Date | null = null): Promise<void> {
    if (reason === 'banned') await ConversationBan.query(deps.db).insert({ conversationId: convId, userId: user.id, until });
    await ConversationMember.query(deps.db).deleteById([convId, user.id]);
    await new DomainEvents(deps.bus).publish({ type: 'membership.removed', convId, userId: user.id, reason });
  }

  /** A reader of the conversation, synced, and the code its socket will be closed with. */
  async function openReader(server: RunningSync, convId: string, user: TestUser): Promise<{ closed: Promise<number | undefined> }> {
    const reader = connect(server.url, convRoom(convId, 0), user.token);
    await synced(reader);
    return { closed: new Promise((resolve) => reader.once('connection-close', (event) => resolve(event?.code))) };
  }

  for (const reason of ['kicked', 'banned'] as const) {
    it(`closes the ${reason} user’s open sockets with 4403 within a second, on every instance, and refuses them again`, async () => {
      const [a, b] = [await startSyncServer(deps), await startSyncServer(deps)];
      const [admin, victim] = [await createUser(deps), await createUser(deps)];
      const channel = await createChannel(deps, admin, victim);
      const readers = [await openReader(a, channel, victim), await openReader(b, channel, victim)];
      const bystander = connect(a.url, convRoom(channel, 0), admin.token);
      await synced(bystander);

      const started = Date.now();
      await remove(channel, victim, reason);
      expect(await Promise.all(readers.map((reader) => reader.closed))).toEqual([CloseCode.forbidden, CloseCode.forbidden]);
      expect(Date.now() - started).toBeLessThan(1000);

      expect(await closed(openSocket(`${a.url}/${convRoom(channel, 0)}`, socketProtocols(victim.token)))).toMatchObject({ code: CloseCode.forbidden });
      expect(bystander.wsconnected).toBe(true);
    });
  }

  it('closes a removed member’s socket even when the event is lost, at the next sweep', async () => {
    const server = await startSyncServer(deps, { evictAfterMs: 50, membershipSweepMs: 100 });
    const [admin, victim] = [await createUser(deps), await createUser(deps)];
    const channel = await createChannel(deps, admin, victim);
    const reader = await openReader(server, channel, victim);
    await ConversationMember.query(deps.db).deleteById([channel, victim.id]);
    expect(await reader.closed).toBe(CloseCode.forbidden);
  });

  it('never closes a member who joins the room while a sweep is asking about the others', async () => {
    const server = await startSyncServer(deps, { evictAfterMs: 50, membershipSweepMs: 2 });
    const members = await Promise.all(Array.from({ length: 40 }, () => createUser(deps)));
    const channel = await createChannel(deps, ...members);
    const closes: number[] = [];
    // One after another, a few at a time, while the sweep runs every 2 ms.
    for (let i = 0; i < members.length; i += 4) {
      await Promise.all(
        members.slice(i, i + 4).map(async (member) => {
          const reader = connect(server.url, convRoom(channel, 0), member.token);
          // A reader closed 4403 never syncs: either ends its wait.
          await new Promise<void>((resolve) => {
            reader.on('connection-close', (event) => resolve(void closes.push(event?.code ?? 0)));
            void synced(reader).then(resolve);
          });
        }),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(closes).toEqual([]);
  });

  it('keeps a ban: the banned user can neither reopen the room nor send, and is told until when', async () => {
    const server = await startSyncServer(deps);
    const [admin, victim] = [await createUser(deps), await createUser(deps)];
    const channel = await createChannel(deps, admin, victim);
    const until = new Date(Date.now() + 3_600_000);
    await remove(channel, victim, 'banned', until);

    expect(await closed(openSocket(`${server.url}/${convRoom(channel, 0)}`, socketProtocols(victim.token)))).toMatchObject({ code: CloseCode.forbidden });
    const own = connect(server.url, userRoom(victim.id), victim.token);
    await synced(own);
    const id = queueSend(own.doc, newId(), channel, 'let me back in');
    expect(await waitFor(() => UserDoc.outbox(own.doc).get(id)?.status && UserDoc.outbox(own.doc).get(id))).toMatchObject({
      status: 'rejected',
      reason: 'banned',
      detail: until.toISOString(),
      body: 'let me back in',
    });
  });
});
