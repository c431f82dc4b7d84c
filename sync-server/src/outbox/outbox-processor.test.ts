import { Message as MessageRow } from '@volley/core';
import { testDeps } from '@volley/core/testing';
import { ConvDoc, convRoom, MESSAGE_MAX_LENGTH, newId, queueSend, userRoom, UserDoc, type OutboxEntry } from '@volley/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connect, createChannel, createUser, disposeAll, join, startSyncServer, synced, waitFor, worldConversation, type RunningSync } from '../sync-server.testing.js';

const deps = await testDeps({ afterEach: disposeAll });

describe('the outbox processor', () => {
  let server: RunningSync;

  const startServer = async () => (server = await startSyncServer(deps));
  const outboxEntry = (doc: Y.Doc, id: string) => UserDoc.outbox(doc).get(id);
  const decided = (doc: Y.Doc, id: string) => waitFor(() => outboxEntry(doc, id)?.status !== undefined && outboxEntry(doc, id));

  it('delivers a message sent from one member’s outbox to another member reading #general, and marks the op accepted with its seq', async () => {
    await startServer();
    const general = await worldConversation(deps);
    const [alice, bob] = [await createUser(deps), await createUser(deps)];
    await join(deps, general, alice, bob);

    const reader = connect(server.url, convRoom(general, 0), bob.token);
    const sender = connect(server.url, userRoom(alice.id), alice.token);
    await Promise.all([synced(reader), synced(sender)]);
    const id = queueSend(sender.doc, newId(), general, '  hello bob  ');

    const message = await waitFor(() => ConvDoc.messages(reader.doc).toArray().find((m) => m.id === id));
    expect(message).toMatchObject({ id, seq: 1, author: alice.id, authorName: alice.username, body: 'hello bob' });
    expect(Date.parse(message.at)).not.toBeNaN();
    expect(ConvDoc.meta(reader.doc).toJSON()).toEqual({ convId: general, segment: 0 });
    expect(await decided(sender.doc, id)).toMatchObject({ op: 'send', convId: general, body: 'hello bob', status: 'accepted', seq: 1 });
    expect(await MessageRow.query(deps.db).findById(id)).toMatchObject({ conversationId: general, seq: 1, segment: 0, authorId: alice.id, body: 'hello bob' });
  });

  it('writes a recorded message into its segment when the process that recorded it stopped before doing so', async () => {
    await startServer();
    const alice = await createUser(deps);
    const channel = await createChannel(deps, alice);
    // What a crash between the commit and the segment write leaves: the row, not the message.
    const id = newId();
    await deps.db('conversations').where({ id: channel }).increment('last_seq', 1);
    await MessageRow.query(deps.db).insert({ id, conversationId: channel, seq: 1, segment: 0, authorId: alice.id, body: 'survived', createdAt: new Date(Date.now() - 60_000) });

    const reader = connect(server.url, convRoom(channel, 0), alice.token);
    const sender = connect(server.url, userRoom(alice.id), alice.token);
    await Promise.all([synced(reader), synced(sender)]);
    queueSend(sender.doc, id, channel, 'survived');
    expect(await decided(sender.doc, id)).toMatchObject({ status: 'accepted', seq: 1 });
    await waitFor(() => ConvDoc.messages(reader.doc).length > 0);
    expect(ConvDoc.messages(reader.doc).toArray()).toMatchObject([{ id, seq: 1, body: 'survived', author: alice.id }]);
  });

  it('never makes two messages of one op: replayed, reset, or written by a second session', async () => {
    await startServer();
    const alice = await createUser(deps);
    const channel = await createChannel(deps, alice);
    const reader = connect(server.url, convRoom(channel, 0), alice.token);
    const firstTab = connect(server.url, userRoom(alice.id), alice.token);
    await Promise.all([synced(reader), synced(firstTab)]);

    const id = queueSend(firstTab.doc, newId(), channel, 'only once');
    expect(await decided(firstTab.doc, id)).toMatchObject({ status: 'accepted', seq: 1 });

    // The outcome is reset, as a client that lost it would do, and the op comes back.
    UserDoc.outbox(firstTab.doc).set(id, { op: 'send', convId: channel, body: 'only once' });
    expect(await decided(firstTab.doc, id)).toMatchObject({ status: 'accepted', seq: 1 });

    // A second session, with its own copy of the document, writes the same op.
    const secondTab = connect(server.url, userRoom(alice.id), alice.token, new Y.Doc());
    await synced(secondTab);
    UserDoc.outbox(secondTab.doc).set(id, { op: 'send', convId: channel, body: 'only once' });
    expect(await decided(secondTab.doc, id)).toMatchObject({ status: 'accepted', seq: 1 });

    // A later message shows that everything before it has been handled.
    const later = queueSend(firstTab.doc, newId(), channel, 'and then this');
    await waitFor(() => ConvDoc.messages(reader.doc).toArray().some((m) => m.id === later));
    expect(ConvDoc.messages(reader.doc).toArray().map((m) => [m.body, m.seq])).toEqual([
      ['only once', 1],
      ['and then this', 2],
    ]);
    expect(await MessageRow.query(deps.db).where({ conversation_id: channel }).resultSize()).toBe(2);
  });

  it('rejects invalid ops with the reason and keeps what the user wrote', async () => {
    await startServer();
    const [alice, bob] = [await createUser(deps), await createUser(deps)];
    const channel = await createChannel(deps, alice, bob);
    const elsewhere = await createChannel(deps, bob);
    const session = connect(server.url, userRoom(alice.id), alice.token);
    const bobSession = connect(server.url, userRoom(bob.id), bob.token);
    await Promise.all([synced(session), synced(bobSession)]);
    const bobsMessage = queueSend(bobSession.doc, newId(), channel, 'from bob');
    await decided(bobSession.doc, bobsMessage);

    const cases: [body: unknown, expected: Partial<OutboxEntry>][] = [
      [{ op: 'send', body: 'where to?' }, { reason: 'invalid_op', body: 'where to?' }],
      [{ op: 'send', convId: elsewhere, body: 'let me in' }, { reason: 'not_member', body: 'let me in' }],
      [{ op: 'send', convId: newId(), body: 'anyone?' }, { reason: 'no_such_conversation', body: 'anyone?' }],
      [{ op: 'send', convId: channel, body: '   ' }, { reason: 'empty', body: '   ' }],
      [{ op: 'send', convId: channel, body: 'x'.repeat(MESSAGE_MAX_LENGTH + 1) }, { reason: 'too_long', body: 'x'.repeat(MESSAGE_MAX_LENGTH + 1) }],
      [{ op: 'launch', convId: channel, body: 'rocket' }, { reason: 'invalid_op', body: 'rocket' }],
      [{ op: 'send', convId: channel, body: 42 }, { reason: 'invalid_op', body: 42 as unknown as string }],
      ['just a string', { reason: 'invalid_op' }],
    ];
    const ids = cases.map(() => newId());
    const typeNotJson = newId();
    const valid = newId();
    session.doc.transact(() => {
      const outbox = UserDoc.outbox(session.doc);
      cases.forEach(([entry], i) => outbox.set(ids[i]!, entry as OutboxEntry));
      outbox.set(typeNotJson, new Y.Map() as unknown as OutboxEntry);
      // Someone else's message id is not this user's op to replay.
      outbox.set(bobsMessage, { op: 'send', convId: channel, body: 'mine now' });
      outbox.set(valid, { op: 'send', convId: channel, body: 'still delivered' });
    });

    for (const [i, [, expected]] of cases.entries()) {
      expect(await decided(session.doc, ids[i]!)).toMatchObject({ status: 'rejected', ...expected });
    }
    expect(await decided(session.doc, typeNotJson)).toMatchObject({ status: 'rejected', reason: 'invalid_op' });
    expect(await decided(session.doc, bobsMessage)).toMatchObject({ status: 'rejected', reason: 'invalid_op', body: 'mine now' });
    expect(await decided(session.doc, valid)).toMatchObject({ status: 'accepted', seq: 2 });
    expect(await MessageRow.query(deps.db).where({ conversation_id: channel }).orderBy('seq').select('body')).toEqual([{ body: 'from bob' }, { body: 'still delivered' }]);
  });
});
