import { ConversationMember, Message as MessageRow, MessageReaction, User } from '@volley/core';
import { testDeps } from '@volley/core/testing';
import { ConvDoc, newId } from '@volley/shared';
import { describe, expect, it } from 'vitest';
import { act, createChannel, createDm, createUser, disposeAll, join, segment, session, shown, startSyncServer, worldConversation, type RunningSync } from '../../sync-server.testing.js';

const deps = await testDeps({ afterEach: disposeAll });

describe('edits, deletes and reactions, as the server decides them', () => {
  let server: RunningSync;

  async function channelWithMessage() {
    server = await startSyncServer(deps);
    const [alice, bob] = [await createUser(deps), await createUser(deps)];
    const channel = await createChannel(deps, alice, bob);
    const [alices, bobs, reader] = [await session(server, alice), await session(server, bob), await segment(server, bob, channel)];
    const sent = await act(alices, { op: 'send', convId: channel, body: 'first draft' });
    return { alice, bob, channel, alices, bobs, reader, messageId: sent.id };
  }

  it('shows an author’s edit to every reader, marked edited, and records it with the body it replaced', async () => {
    const { channel, alices, reader, messageId } = await channelWithMessage();
    expect(await act(alices, { op: 'edit', convId: channel, messageId, body: ' final text ' })).toMatchObject({ status: 'accepted', seq: 1 });

    const message = await shown(reader, messageId, (m) => m.editedAt !== undefined);
    expect(message).toMatchObject({ id: messageId, seq: 1, body: 'final text' });
    expect(ConvDoc.messages(reader.doc).length).toBe(1);
    expect(await MessageRow.query(deps.db).findById(messageId)).toMatchObject({ body: 'final text', editedAt: expect.any(Date) });
    expect(await deps.db('message_ops').where({ message_id: messageId }).select('op', 'replaced_body')).toEqual([{ op: 'edit', replaced_body: 'first draft' }]);
  });

  it('refuses to edit or delete someone else’s message, and to touch a deleted one', async () => {
    const { channel, alices, bobs, messageId } = await channelWithMessage();
    expect(await act(bobs, { op: 'edit', convId: channel, messageId, body: 'hijacked' })).toMatchObject({ status: 'rejected', reason: 'not_author', body: 'hijacked' });
    expect(await act(bobs, { op: 'delete', convId: channel, messageId })).toMatchObject({ status: 'rejected', reason: 'forbidden' });

    expect(await act(alices, { op: 'delete', convId: channel, messageId })).toMatchObject({ status: 'accepted', seq: 1 });
    expect(await act(alices, { op: 'edit', convId: channel, messageId, body: 'too late' })).toMatchObject({ status: 'rejected', reason: 'deleted' });
    expect(await act(bobs, { op: 'react', convId: channel, messageId, emoji: '👍', on: true })).toMatchObject({ status: 'rejected', reason: 'deleted' });
    expect(await act(alices, { op: 'delete', convId: channel, messageId })).toMatchObject({ status: 'rejected', reason: 'deleted' });
  });

  it('lets a channel’s admins delete anyone’s message, leaving “message deleted”; the table keeps what was said', async () => {
    const { bob, channel, bobs, reader, messageId } = await channelWithMessage();
    await act(bobs, { op: 'react', convId: channel, messageId, emoji: '🎉', on: true });
    await ConversationMember.query(deps.db).patch({ role: 'admin' }).where({ conversation_id: channel, user_id: bob.id });
    expect(await act(bobs, { op: 'delete', convId: channel, messageId })).toMatchObject({ status: 'accepted', seq: 1 });

    const message = await shown(reader, messageId, (m) => m.deletedAt !== undefined);
    expect(message.body).toBe('');
    expect(message.reactions).toBeUndefined();
    expect(await MessageRow.query(deps.db).findById(messageId)).toMatchObject({ body: 'first draft', deletedAt: expect.any(Date) });
    expect(await MessageReaction.query(deps.db).where({ message_id: messageId }).resultSize()).toBe(0);
    expect(await deps.db('message_ops').where({ message_id: messageId, op: 'delete' }).first('user_id')).toEqual({ user_id: bob.id });
  });

  it('lets the site’s moderators and admins delete anyone’s message in #general, and nobody else', async () => {
    server = await startSyncServer(deps);
    const [spammer, bystander, moderator, admin] = [await createUser(deps), await createUser(deps), await createUser(deps), await createUser(deps)];
    const world = await worldConversation(deps);
    await join(deps, world, spammer, bystander, moderator, admin);
    await User.query(deps.db).patch({ role: 'moderator' }).where({ id: moderator.id });
    await User.query(deps.db).patch({ role: 'admin' }).where({ id: admin.id });
    const [spams, bystanders, moderators, admins] = [await session(server, spammer), await session(server, bystander), await session(server, moderator), await session(server, admin)];
    const reader = await segment(server, bystander, world);
    const first = await act(spams, { op: 'send', convId: world, body: 'buy now' });
    const second = await act(spams, { op: 'send', convId: world, body: 'buy again' });
    expect(await act(bystanders, { op: 'delete', convId: world, messageId: first.id })).toMatchObject({ status: 'rejected', reason: 'forbidden' });
    // Deleting is the one right a site role gives here: editing stays the author's.
    expect(await act(moderators, { op: 'edit', convId: world, messageId: first.id, body: 'cleaned' })).toMatchObject({ status: 'rejected', reason: 'not_author' });
    expect(await act(moderators, { op: 'delete', convId: world, messageId: first.id })).toMatchObject({ status: 'accepted' });
    expect(await act(admins, { op: 'delete', convId: world, messageId: second.id })).toMatchObject({ status: 'accepted' });
    for (const id of [first.id, second.id]) expect((await shown(reader, id, (m) => m.deletedAt !== undefined)).body).toBe('');
  });

  it('gives no admin power in a DM: each side deletes only their own messages', async () => {
    server = await startSyncServer(deps);
    const [alice, bob] = [await createUser(deps), await createUser(deps)];
    const dm = await createDm(deps, alice, bob);
    const [alices, bobs] = [await session(server, alice), await session(server, bob)];
    const { id } = await act(alices, { op: 'send', convId: dm, body: 'mine' });
    expect(await act(bobs, { op: 'delete', convId: dm, messageId: id })).toMatchObject({ status: 'rejected', reason: 'forbidden' });
    expect(await act(alices, { op: 'delete', convId: dm, messageId: id })).toMatchObject({ status: 'accepted' });
  });

  it('answers `not_found` for a message of another conversation, or none', async () => {
    const { alice, channel, alices, messageId } = await channelWithMessage();
    const other = await createChannel(deps, alice);
    expect(await act(alices, { op: 'edit', convId: other, messageId, body: 'wrong room' })).toMatchObject({ status: 'rejected', reason: 'not_found' });
    expect(await act(alices, { op: 'react', convId: other, messageId, emoji: '👍', on: true })).toMatchObject({ status: 'rejected', reason: 'not_found' });
    expect(await act(alices, { op: 'delete', convId: channel, messageId: newId() })).toMatchObject({ status: 'rejected', reason: 'not_found' });
  });

  it('counts reactions per emoji with who reacted, and takes one back on `on: false`', async () => {
    const { alice, bob, channel, alices, bobs, reader, messageId } = await channelWithMessage();
    await act(alices, { op: 'react', convId: channel, messageId, emoji: '👍', on: true });
    await act(bobs, { op: 'react', convId: channel, messageId, emoji: '👍', on: true });
    await act(bobs, { op: 'react', convId: channel, messageId, emoji: '👩🏽‍🚀', on: true });
    expect((await shown(reader, messageId, (m) => m.reactions?.['👩🏽‍🚀'] !== undefined)).reactions).toEqual({ '👍': [alice.id, bob.id], '👩🏽‍🚀': [bob.id] });

    await act(alices, { op: 'react', convId: channel, messageId, emoji: '👍', on: false });
    expect((await shown(reader, messageId, (m) => m.reactions?.['👍']?.length === 1)).reactions).toEqual({ '👍': [bob.id], '👩🏽‍🚀': [bob.id] });
    expect(await MessageReaction.query(deps.db).where({ message_id: messageId }).orderBy('emoji').select('emoji', 'user_id')).toHaveLength(2);
  });

  it('rejects a reaction that is not a single emoji as `invalid_op`', async () => {
    const { channel, alices, messageId } = await channelWithMessage();
    for (const emoji of ['ok', '👍👍', '1', '<b>']) {
      expect(await act(alices, { op: 'react', convId: channel, messageId, emoji, on: true })).toMatchObject({ status: 'rejected', reason: 'invalid_op' });
    }
    expect(await act(alices, { op: 'react', convId: channel, messageId, emoji: '🇫🇷', on: true })).toMatchObject({ status: 'accepted' });
  });

  it('never applies an op twice: a replayed edit does not undo a later one, a replayed reaction does not come back', async () => {
    const { channel, alices, reader, messageId } = await channelWithMessage();
    const first = await act(alices, { op: 'edit', convId: channel, messageId, body: 'second' });
    await act(alices, { op: 'edit', convId: channel, messageId, body: 'third' });
    const on = await act(alices, { op: 'react', convId: channel, messageId, emoji: '👍', on: true });
    await act(alices, { op: 'react', convId: channel, messageId, emoji: '👍', on: false });

    // Outcomes lost, as a client restoring an old copy of its document would send them again.
    expect(await act(alices, { op: 'edit', convId: channel, messageId, body: 'second' }, first.id)).toMatchObject({ status: 'accepted', seq: 1 });
    expect(await act(alices, { op: 'react', convId: channel, messageId, emoji: '👍', on: true }, on.id)).toMatchObject({ status: 'accepted', seq: 1 });

    const marker = await act(alices, { op: 'send', convId: channel, body: 'after the replays' });
    await shown(reader, marker.id);
    expect(await shown(reader, messageId)).toMatchObject({ body: 'third' });
    expect((await shown(reader, messageId)).reactions).toBeUndefined();
    expect(await MessageRow.query(deps.db).findById(messageId)).toMatchObject({ body: 'third' });
    expect(await deps.db('message_ops').where({ message_id: messageId }).select('id')).toHaveLength(4);
  });

  it('keeps a muted member from editing, but lets them react and delete their own message', async () => {
    const { alice, channel, alices, messageId } = await channelWithMessage();
    const until = new Date(Date.now() + 60_000);
    await ConversationMember.query(deps.db).patch({ mutedUntil: until }).where({ conversation_id: channel, user_id: alice.id });
    expect(await act(alices, { op: 'edit', convId: channel, messageId, body: 'sneaky' })).toMatchObject({ status: 'rejected', reason: 'muted', detail: until.toISOString() });
    expect(await act(alices, { op: 'react', convId: channel, messageId, emoji: '🙈', on: true })).toMatchObject({ status: 'accepted' });
    expect(await act(alices, { op: 'delete', convId: channel, messageId })).toMatchObject({ status: 'accepted' });
  });

  it('refuses a non-member’s ops with `not_member`', async () => {
    const { channel, messageId } = await channelWithMessage();
    const eve = await createUser(deps);
    const eves = await session(server, eve);
    expect(await act(eves, { op: 'react', convId: channel, messageId, emoji: '👍', on: true })).toMatchObject({ status: 'rejected', reason: 'not_member' });
  });
});
