import { metrics, UpdateLog } from '@volley/core';
import { testDeps } from '@volley/core/testing';
import { ConvDoc, convRoom, newId } from '@volley/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createChannel, createUser, disposeAll, opSocket, segment, startSyncServer, waitFor, type TestUser } from '../sync-server.testing.js';

// Many sends at once from a few accounts: the rate is not what is tested here.
const deps = await testDeps({ env: { OP_RATE_PER_SECOND: '1000', OP_RATE_BURST: '1000' }, afterEach: disposeAll });

/** Statements the update log's group commit has run in this process so far. */
const statements = async () => (await metrics.updateLogStatements.get()).values[0]?.value ?? 0;

/** Sends built ahead so far whose update was `stored` with them, or `dropped`. */
const built = async (outcome: 'stored' | 'dropped') => (await metrics.builtSends.get()).values.find((v) => v.labels.outcome === outcome)?.value ?? 0;

/** The segment as its stored updates make it, read from the database alone. */
async function stored(convId: string): Promise<Y.Doc> {
  const doc = new Y.Doc();
  for (const update of await new UpdateLog(deps.db).load(convRoom(convId, 0))) Y.applyUpdate(doc, update);
  return doc;
}

const seqsOf = (doc: Y.Doc) => ConvDoc.messages(doc).toArray().map((m) => m.seq);
const idsOf = (doc: Y.Doc) => ConvDoc.messages(doc).toArray().map((m) => m.id);

describe('a plain send and its segment update in one statement', () => {
  it('stores a message and its element with one statement of the group commit, and shows it to the readers', async () => {
    const server = await startSyncServer(deps);
    const [alice, bob] = [await createUser(deps), await createUser(deps)];
    const channel = await createChannel(deps, alice, bob);
    const [sender, reader] = [await opSocket(server, alice, channel), await segment(server, bob, channel)];
    // The first send tells this instance where the head is.
    expect(await sender.send({ op: 'send', convId: channel, body: 'first' })).toMatchObject({ status: 'accepted', seq: 1 });
    const rows = async () => Number((await deps.db('sync_updates').where({ room: convRoom(channel, 0) }).count<{ count: string }[]>('* as count'))[0]!.count);
    const [statementsBefore, rowsBefore, storedBefore] = [await statements(), await rows(), await built('stored')];

    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const id = newId();
      ids.push(id);
      expect(await sender.send({ op: 'send', convId: channel, body: `message ${i}` }, id)).toEqual({ id, status: 'accepted', seq: i + 2 });
      // Answered once stored: the element is in the log with the message.
      expect(idsOf(await stored(channel))).toContain(id);
    }
    expect(await statements()).toBe(statementsBefore + 10);
    expect(await built('stored')).toBe(storedBefore + 10);
    expect(await rows()).toBe(rowsBefore + 10);
    await waitFor(() => ids.every((id) => idsOf(reader.doc).includes(id)));
    expect(seqsOf(reader.doc)).toEqual(Array.from({ length: 11 }, (_, i) => i + 1));
  });

  it('ends with every message once, in seq order, when two instances write one conversation at once', async () => {
    const [a, b] = [await startSyncServer(deps), await startSyncServer(deps)];
    const users: TestUser[] = [];
    for (let i = 0; i < 6; i++) users.push(await createUser(deps));
    const channel = await createChannel(deps, ...users);
    const sockets = await Promise.all(users.map((user, i) => opSocket(i % 2 === 0 ? a : b, user, channel)));
    // Each instance learns the head, then both build ahead while the other writes.
    for (const socket of sockets.slice(0, 2)) expect(await socket.send({ op: 'send', convId: channel, body: 'warm-up' })).toMatchObject({ status: 'accepted' });

    const dropped = await built('dropped');
    const perUser = 15;
    const acks = await Promise.all(sockets.flatMap((socket, u) => Array.from({ length: perUser }, (_, i) => socket.send({ op: 'send', convId: channel, body: `${u}: ${i}` }))));
    expect(acks.every((ack) => ack.status === 'accepted')).toBe(true);
    const total = 2 + sockets.length * perUser;
    const expected = Array.from({ length: total }, (_, i) => i + 1);
    expect(acks.map((ack) => (ack.status === 'accepted' ? ack.seq : 0)).sort((x, y) => x - y)).toEqual(expected.slice(2));

    // Predictions failed (the other instance wrote meanwhile) and the messages went the usual way.
    expect(await built('dropped')).toBeGreaterThan(dropped);
    const [onA, onB] = [await segment(a, users[0]!, channel), await segment(b, users[1]!, channel)];
    // Every message once, the same everywhere; read in seq order as the client library reads it.
    // (The order of the array itself is not seq order when two instances append at once.)
    const inOrder = (doc: Y.Doc) => [...seqsOf(doc)].sort((x, y) => x - y);
    for (const reader of [onA, onB]) await waitFor(() => JSON.stringify(inOrder(reader.doc)) === JSON.stringify(expected), 15_000);
    // What the log holds makes the same segment on its own, nothing left waiting for a missing update.
    const fromLog = await stored(channel);
    expect(inOrder(fromLog)).toEqual(expected);
    expect(new Set(idsOf(fromLog)).size).toBe(total);
    expect(fromLog.store.pendingStructs).toBeNull();
    expect(fromLog.store.pendingDs).toBeNull();
    await waitFor(() => JSON.stringify(idsOf(onA.doc)) === JSON.stringify(idsOf(fromLog)) && JSON.stringify(idsOf(onB.doc)) === JSON.stringify(idsOf(fromLog)));
  });

  it('keeps a message once when its op is sent again to an instance that builds it ahead', async () => {
    const [a, b] = [await startSyncServer(deps), await startSyncServer(deps)];
    const [alice, bob] = [await createUser(deps), await createUser(deps)];
    const channel = await createChannel(deps, alice, bob);
    const [onA, onB] = [await opSocket(a, alice, channel), await opSocket(b, alice, channel)];
    const reader = await segment(b, bob, channel);
    // b learns where the head is; then the message goes through a.
    expect(await onB.send({ op: 'send', convId: channel, body: 'warm-up' })).toMatchObject({ status: 'accepted', seq: 1 });
    const id = newId();
    expect(await onA.send({ op: 'send', convId: channel, body: 'once' }, id)).toMatchObject({ status: 'accepted', seq: 2 });
    await waitFor(() => idsOf(reader.doc).includes(id));

    // Sent again through b (a client that did not hear a's answer): answered with the seq it was
    // recorded under, and no reader sees the message leave, or twice, meanwhile.
    const copies: number[] = [];
    ConvDoc.messages(reader.doc).observe(() => copies.push(idsOf(reader.doc).filter((m) => m === id).length));
    expect(await onB.send({ op: 'send', convId: channel, body: 'once' }, id)).toEqual({ id, status: 'accepted', seq: 2 });
    expect(await onB.send({ op: 'send', convId: channel, body: 'after' })).toMatchObject({ status: 'accepted', seq: 3 });
    await waitFor(() => idsOf(reader.doc).length === 3);
    expect(copies.every((n) => n === 1)).toBe(true);
    expect(idsOf(reader.doc).filter((m) => m === id)).toHaveLength(1);
    expect(idsOf(await stored(channel)).filter((m) => m === id)).toHaveLength(1);
  });
});
