import { Conversation, ConversationMember, Message as MessageRow } from '@volley/core';
import { testDeps } from '@volley/core/testing';
import { ConvDoc } from '@volley/shared';
import { describe, expect, it } from 'vitest';
import { act, createChannel, createDm, createUser, disposeAll, segment, session, shown, startSyncServer, waitFor } from '../../sync-server.testing.js';

const deps = await testDeps({ afterEach: disposeAll });

describe('pinned messages and a conversation’s accent, as the server decides them', () => {
  async function channel() {
    const server = await startSyncServer(deps);
    const [owner, admin, member] = [await createUser(deps), await createUser(deps), await createUser(deps)];
    const convId = await createChannel(deps, owner, admin, member);
    await ConversationMember.query(deps.db).patch({ role: 'owner' }).where({ conversation_id: convId, user_id: owner.id });
    await ConversationMember.query(deps.db).patch({ role: 'admin' }).where({ conversation_id: convId, user_id: admin.id });
    const [owners, admins, members, reader] = [await session(server, owner), await session(server, admin), await session(server, member), await segment(server, member, convId)];
    return { server, owner, admin, member, convId, owners, admins, members, reader };
  }

  it('shows a moderator’s pin on the message to every reader, unpins it, and refuses a plain member', async () => {
    const { admin, convId, owners, admins, members, reader } = await channel();
    const sent = await act(members, { op: 'send', convId, body: 'the rules are in the topic' });

    expect(await act(members, { op: 'pin', convId, messageId: sent.id, on: true })).toMatchObject({ status: 'rejected', reason: 'forbidden' });
    expect(await act(admins, { op: 'pin', convId, messageId: sent.id, on: true })).toMatchObject({ status: 'accepted', seq: 1 });
    const pinned = await shown(reader, sent.id, (m) => m.pinned !== undefined);
    expect(pinned.pinned).toEqual({ by: admin.id, at: expect.any(String) });
    expect(await MessageRow.query(deps.db).findById(sent.id)).toMatchObject({ pinnedBy: admin.id, pinnedAt: expect.any(Date) });

    // Pinning again keeps the first pin; unpinning is anyone's who may pin.
    expect(await act(owners, { op: 'pin', convId, messageId: sent.id, on: true })).toMatchObject({ status: 'accepted' });
    expect((await MessageRow.query(deps.db).findById(sent.id))?.pinnedBy).toBe(admin.id);
    expect(await act(owners, { op: 'pin', convId, messageId: sent.id, on: false })).toMatchObject({ status: 'accepted' });
    expect((await shown(reader, sent.id, (m) => m.pinned === undefined)).body).toBe('the rules are in the topic');
  });

  it('lets either member of a DM pin, unless one blocked the other; a deleted message is unpinned', async () => {
    const server = await startSyncServer(deps);
    const [alice, bob] = [await createUser(deps), await createUser(deps)];
    const dm = await createDm(deps, alice, bob);
    const [alices, bobs, reader] = [await session(server, alice), await session(server, bob), await segment(server, alice, dm)];
    const sent = await act(alices, { op: 'send', convId: dm, body: 'meet at 6' });
    expect(await act(bobs, { op: 'pin', convId: dm, messageId: sent.id, on: true })).toMatchObject({ status: 'accepted' });
    await shown(reader, sent.id, (m) => m.pinned?.by === bob.id);

    expect(await act(alices, { op: 'delete', convId: dm, messageId: sent.id })).toMatchObject({ status: 'accepted' });
    expect((await shown(reader, sent.id, (m) => m.deletedAt !== undefined)).pinned).toBeUndefined();

    const other = await act(alices, { op: 'send', convId: dm, body: 'another' });
    await deps.db('blocks').insert({ blocker_id: alice.id, blocked_id: bob.id });
    expect(await act(bobs, { op: 'pin', convId: dm, messageId: other.id, on: true })).toMatchObject({ status: 'rejected', reason: 'blocked' });
  });

  it('sets a channel’s accent from its moderators only, on its record and live in its head segment', async () => {
    const { convId, admins, members, reader } = await channel();
    expect(await act(members, { op: 'accent', convId, accent: 'teal' })).toMatchObject({ status: 'rejected', reason: 'forbidden' });
    expect(await act(admins, { op: 'accent', convId, accent: 'teal' })).toMatchObject({ status: 'accepted' });
    expect(await waitFor(() => ConvDoc.meta(reader.doc).get('accent'))).toBe('teal');
    expect((await Conversation.query(deps.db).findById(convId))?.accent).toBe('teal');

    expect(await act(admins, { op: 'accent', convId, accent: null })).toMatchObject({ status: 'accepted' });
    await waitFor(() => ConvDoc.meta(reader.doc).get('accent') === null);
    expect((await Conversation.query(deps.db).findById(convId))?.accent).toBeNull();
  });

  it('refuses a colour outside the set, and a stranger’s accent for a conversation they are not in', async () => {
    const { server, convId, admins } = await channel();
    const stranger = await session(server, await createUser(deps));
    expect(await act(admins, { op: 'accent', convId, accent: 'hotpink' } as never)).toMatchObject({ status: 'rejected', reason: 'invalid_op' });
    expect(await act(stranger, { op: 'accent', convId, accent: 'rose' })).toMatchObject({ status: 'rejected', reason: 'not_member' });
    expect((await Conversation.query(deps.db).findById(convId))?.accent).toBeNull();
  });
});
