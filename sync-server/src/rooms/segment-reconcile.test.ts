import { MessageReaction, Message as MessageRow, RoomFanout, UpdateLog, writeIntoRoom } from '@volley/core';
import { testDeps, type TestDeps } from '@volley/core/testing';
import { ConvDoc, convRoom, newId, type Message } from '@volley/shared';
import { describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import { sendMessage } from '../outbox/send-message.js';
import { act, createChannel, createUser, disposeAll, segment, session, shown, startSyncServer, waitFor, type TestUser } from '../sync-server.testing.js';

const copiesOf = (reader: WebsocketProvider, id: string) => ConvDoc.messages(reader.doc).toArray().filter((m) => m.id === id);

/** What an instance that stopped right after the commit leaves: the message recorded, no segment write. */
async function recordOnly(deps: TestDeps, author: TestUser, convId: string, body: string, id = newId()): Promise<string> {
  const result = await sendMessage({ db: deps.db, updateLog: new UpdateLog(deps.db) }, { id, convId, authorId: author.id, scope: null, body, kind: 'text', replyTo: undefined, at: new Date(), segmentSize: deps.config.segmentSize });
  expect(result.kind).toBe('inserted');
  return id;
}

/** One element with this id, as a writer other than this instance's rooms would add it. */
function anotherCopy(deps: TestDeps, convId: string, message: Message): Promise<void> {
  const fanout = new RoomFanout(deps.bus, deps.logger);
  return writeIntoRoom({ log: new UpdateLog(deps.db), fanout }, convRoom(convId, 0), (doc) => ConvDoc.messages(doc).push([{ ...message }]));
}

const deps = await testDeps({ afterEach: disposeAll });

describe('segments show what the messages table holds', () => {
  it('writes back, once, a message recorded but never appended, when its segment loads', async () => {
    const server = await startSyncServer(deps);
    const [alice, bob] = [await createUser(deps), await createUser(deps)];
    const channel = await createChannel(deps, alice, bob);
    const id = await recordOnly(deps, alice, channel, `lost in the crash @${bob.username}`);

    const reader = await segment(server, bob, channel);
    expect(copiesOf(reader, id)).toEqual([expect.objectContaining({ id, seq: 1, author: alice.id, authorName: alice.username, body: `lost in the crash @${bob.username}`, mentions: [bob.id] })]);
    // A second load finds nothing to write.
    const rows = await deps.db('sync_updates').where({ room: convRoom(channel, 0) }).count<{ count: string }[]>('* as count');
    await server.close();
    const again = await segment(await startSyncServer(deps), bob, channel);
    expect(copiesOf(again, id)).toHaveLength(1);
    expect(await deps.db('sync_updates').where({ room: convRoom(channel, 0) }).count<{ count: string }[]>('* as count')).toEqual(rows);
  });

  it('shows on load an edit, a delete and a reaction recorded but not written to the segment', async () => {
    let server = await startSyncServer(deps);
    const [alice, bob] = [await createUser(deps), await createUser(deps)];
    const channel = await createChannel(deps, alice, bob);
    const alices = await session(server, alice);
    const [edited, deleted] = [await act(alices, { op: 'send', convId: channel, body: 'first' }), await act(alices, { op: 'send', convId: channel, body: 'second' })];
    await server.close();

    const at = new Date();
    await MessageRow.query(deps.db).patch({ body: 'first, edited', editedAt: at }).where({ id: edited.id });
    await MessageRow.query(deps.db).patch({ deletedAt: at }).where({ id: deleted.id });
    await MessageReaction.query(deps.db).insert({ messageId: edited.id, userId: bob.id, emoji: '👍' });
    server = await startSyncServer(deps);
    const reader = await segment(server, bob, channel);
    expect(copiesOf(reader, edited.id)).toEqual([expect.objectContaining({ body: 'first, edited', editedAt: at.toISOString(), reactions: { '👍': [bob.id] } })]);
    expect(copiesOf(reader, deleted.id)).toEqual([expect.objectContaining({ body: '', deletedAt: at.toISOString() })]);
  });

  it('answers a replayed op with its seq and appends its message when the segment lacks it', async () => {
    const server = await startSyncServer(deps);
    const alice = await createUser(deps);
    const channel = await createChannel(deps, alice);
    const [alices, reader] = [await session(server, alice), await segment(server, alice, channel)];
    // Recorded while the segment is loaded here: only the replay can bring it in.
    const id = await recordOnly(deps, alice, channel, 'replayed');

    const outcome = await act(alices, { op: 'send', convId: channel, body: 'replayed' }, id);
    expect(outcome).toMatchObject({ status: 'accepted', seq: 1 });
    await shown(reader, id);
    const again = await act(alices, { op: 'send', convId: channel, body: 'replayed' }, id);
    expect(again).toMatchObject({ status: 'accepted', seq: 1 });
    expect(copiesOf(reader, id)).toHaveLength(1);
  });

  it('leaves one copy everywhere when two instances write the same message', async () => {
    const [a, b] = [await startSyncServer(deps), await startSyncServer(deps)];
    const alice = await createUser(deps);
    const channel = await createChannel(deps, alice);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await recordOnly(deps, alice, channel, `recorded ${i}`));
    // Both instances load the segment at once: each reconciles it.
    const [onA, onB] = await Promise.all([segment(a, alice, channel), segment(b, alice, channel)]);
    const message = (await shown(onA, ids[0]!))!;
    // And a copy from a third writer, live, while both hold the segment.
    await anotherCopy(deps, channel, { ...message, body: 'a stale copy' });

    // The stale copy may reach a reader after the others were made one (the bus is asynchronous),
    // and then be removed and the text shown again from the tables: the end state is what counts.
    const settled = (reader: typeof onA) => JSON.stringify(ConvDoc.messages(reader.doc).toArray().map((m) => m.body)) === JSON.stringify(ids.map((_, i) => `recorded ${i}`));
    for (const reader of [onA, onB]) await waitFor(() => settled(reader), 15_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const reader of [onA, onB]) await waitFor(() => settled(reader), 15_000);
    for (const reader of [onA, onB]) expect(ids.map((id) => copiesOf(reader, id).length)).toEqual(ids.map(() => 1));
  });

  it('writes back, at start, a message recorded by a stopped instance into a segment another instance holds', async () => {
    const survivor = await startSyncServer(deps);
    const [alice, bob] = [await createUser(deps), await createUser(deps)];
    const channel = await createChannel(deps, alice, bob);
    const reader = await segment(survivor, bob, channel);
    // The stopped instance committed the message, then died before its segment write.
    const id = await recordOnly(deps, alice, channel, 'committed, then killed');

    await startSyncServer(deps);
    expect(await shown(reader, id)).toMatchObject({ body: 'committed, then killed', seq: 1 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(copiesOf(reader, id)).toHaveLength(1);
  });

  it('leaves one copy of a message stored twice before the segment loads', async () => {
    const server = await startSyncServer(deps);
    const alice = await createUser(deps);
    const channel = await createChannel(deps, alice);
    const id = await recordOnly(deps, alice, channel, 'twice');
    const element = { id, seq: 1, author: alice.id, authorName: alice.username, body: 'twice', at: new Date().toISOString() };
    await anotherCopy(deps, channel, element);
    await anotherCopy(deps, channel, element);

    const reader = await segment(server, alice, channel);
    await waitFor(() => copiesOf(reader, id).length === 1);
  });
});
