import { ConversationMember, Message as MessageRow } from '@volley/core';
import { testDeps } from '@volley/core/testing';
import { convRoom, encodeFrame, messageOp, newId, OP_FRAMES_SUBPROTOCOL, type OpAck, opFrame, type OutboxOp, socketProtocols, SUBPROTOCOL, UserDoc, userRoom } from '@volley/shared';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { block, closed, createChannel, createDm, createUser, disposeAll, openSocket, opened, opSocket, segment, session, shown, startSyncServer } from '../sync-server.testing.js';

// Eight ops at once, then one a second: each test's users stay within it but for the rate's own test.
const deps = await testDeps({ env: { OP_RATE_PER_SECOND: '1', OP_RATE_BURST: '8' }, afterEach: disposeAll });

const rawFrame = (json: string): Uint8Array => encodeFrame(messageOp, (encoder) => encoding.writeVarString(encoder, json));

const messagesIn = (convId: string) => MessageRow.query(deps.db).where({ conversation_id: convId }).resultSize();

describe('op frames: sending on the conversation’s socket, answered once committed', () => {
  it('answers the op-frames subprotocol to a client that offers it, and volley.v1 to a stock one', async () => {
    const server = await startSyncServer(deps);
    const alice = await createUser(deps);
    const channel = await createChannel(deps, alice);
    const [speaking, stock] = [openSocket(`${server.url}/${convRoom(channel, 0)}`, socketProtocols(alice.token, [OP_FRAMES_SUBPROTOCOL])), openSocket(`${server.url}/${convRoom(channel, 0)}`, socketProtocols(alice.token))];
    await Promise.all([opened(speaking), opened(stock)]);
    expect([speaking.protocol, stock.protocol]).toEqual([OP_FRAMES_SUBPROTOCOL, SUBPROTOCOL]);
  });

  it('answers an accepted send with its seq once the message is in `messages` and in the segment, and writes nothing into the user document', async () => {
    const server = await startSyncServer(deps);
    const [alice, bob] = [await createUser(deps), await createUser(deps)];
    const channel = await createChannel(deps, alice, bob);
    const [own, reader] = [await session(server, alice), await segment(server, bob, channel)];
    const sender = await opSocket(server, alice, channel);

    const id = newId();
    expect(await sender.send({ op: 'send', convId: channel, body: 'hello' }, id)).toEqual({ id, status: 'accepted', seq: 1 });
    expect(await MessageRow.query(deps.db).findById(id)).toMatchObject({ body: 'hello', seq: 1, authorId: alice.id });
    expect(await shown(reader, id)).toMatchObject({ body: 'hello', seq: 1, author: alice.id });
    expect(await sender.send({ op: 'react', convId: channel, messageId: id, emoji: '👍', on: true })).toMatchObject({ status: 'accepted', seq: 1 });
    expect(UserDoc.outbox(own.doc).size).toBe(0);
  });

  it('answers a re-sent op id with its first answer and records the message once', async () => {
    const server = await startSyncServer(deps);
    const alice = await createUser(deps);
    const channel = await createChannel(deps, alice);
    const sender = await opSocket(server, alice, channel);
    const id = newId();
    const first = await sender.send({ op: 'send', convId: channel, body: 'once' }, id);
    // On a new socket, as a client resends what it had no answer for after a reconnect.
    const again = await opSocket(server, alice, channel);
    expect(await again.send({ op: 'send', convId: channel, body: 'once' }, id)).toEqual(first);
    expect(first).toEqual({ id, status: 'accepted', seq: 1 });
    expect(await messagesIn(channel)).toBe(1);
  });

  it('answers ops re-sent to another instance after a reconnect with their first answers, and applies each once', async () => {
    const [a, b] = [await startSyncServer(deps), await startSyncServer(deps)];
    const [alice, bob] = [await createUser(deps), await createUser(deps)];
    const channel = await createChannel(deps, alice, bob);
    const onA = await opSocket(a, alice, channel);
    const [sent, reacted, edited, muted, deleted] = [newId(), newId(), newId(), newId(), newId()];
    const ops: [string, OutboxOp][] = [
      [sent, { op: 'send', convId: channel, body: 'first' }],
      [reacted, { op: 'react', convId: channel, messageId: sent, emoji: '👍', on: true }],
      [edited, { op: 'edit', convId: channel, messageId: sent, body: 'first, edited' }],
    ];
    const first: OpAck[] = [];
    for (const [id, op] of ops) first.push(await onA.send(op, id));
    // Muted for a moment: a send then is refused, and stays refused once the mute is over.
    await ConversationMember.query(deps.db).patch({ mutedUntil: new Date(Date.now() + 60_000) }).where({ conversation_id: channel, user_id: alice.id });
    first.push(await onA.send({ op: 'send', convId: channel, body: 'while muted' }, muted));
    await ConversationMember.query(deps.db).patch({ mutedUntil: null }).where({ conversation_id: channel, user_id: alice.id });
    first.push(await onA.send({ op: 'delete', convId: channel, messageId: sent }, deleted));
    ops.push([muted, { op: 'send', convId: channel, body: 'while muted' }], [deleted, { op: 'delete', convId: channel, messageId: sent }]);
    expect(first.map((ack) => ack.status === 'rejected' ? ack.reason : ack.status)).toEqual(['accepted', 'accepted', 'accepted', 'muted', 'accepted']);

    // The answers were lost with the socket: the client sends everything again, to the other instance.
    onA.ws.close();
    const onB = await opSocket(b, alice, channel);
    const again: OpAck[] = [];
    for (const [id, op] of ops) again.push(await onB.send(op, id));
    expect(again).toEqual(first);
    expect(await messagesIn(channel)).toBe(1);
    // The reaction, the edit and the deletion, each once.
    expect((await deps.db('message_ops').where({ message_id: sent }).orderBy('id').select('op')).map((row: { op: string }) => row.op)).toEqual(['react', 'edit', 'delete']);
  });

  it('refuses, with the outbox’s reasons, a non-member, a blocked DM, a body too long, a lone surrogate and another conversation’s op, and goes on', async () => {
    const server = await startSyncServer(deps);
    const [alice, bob, carol] = [await createUser(deps), await createUser(deps), await createUser(deps)];
    const [channel, dm, other] = [await createChannel(deps, alice, carol), await createDm(deps, alice, bob), await createChannel(deps, alice)];
    const [inChannel, inDm, carols] = [await opSocket(server, alice, channel), await opSocket(server, alice, dm), await opSocket(server, carol, channel)];
    await block(deps, bob, alice);
    // Removed without the event that closes their sockets: the op is held to membership as it is now.
    await ConversationMember.query(deps.db).delete().where({ conversation_id: channel, user_id: carol.id });

    expect(await carols.send({ op: 'send', convId: channel, body: 'still here?' })).toMatchObject({ status: 'rejected', reason: 'not_member' });
    expect(await inDm.send({ op: 'send', convId: dm, body: 'hi bob' })).toMatchObject({ status: 'rejected', reason: 'blocked' });
    expect(await inChannel.send({ op: 'send', convId: channel, body: 'x'.repeat(5000) })).toMatchObject({ status: 'rejected', reason: 'too_long' });
    const lone = newId();
    inChannel.ws.send(rawFrame(`{"id":"${lone}","op":"send","convId":"${channel}","body":"a\\ud800b"}`));
    expect(await inChannel.ackOf(lone)).toMatchObject({ status: 'rejected', reason: 'invalid_text' });
    expect(await inChannel.send({ op: 'send', convId: other, body: 'wrong socket' })).toMatchObject({ status: 'rejected', reason: 'invalid_op' });
    expect(await inChannel.send({ op: 'send', convId: channel, body: 'fine' })).toMatchObject({ status: 'accepted', seq: 1 });
    expect(await messagesIn(channel)).toBe(1);
    expect(await messagesIn(dm)).toBe(0);
  });

  it('closes with bad_request (4400) a frame with no op to answer, and an op frame on a user room', async () => {
    const server = await startSyncServer(deps);
    const alice = await createUser(deps);
    const channel = await createChannel(deps, alice);
    for (const json of ['not json', '[1]', '{"op":"send"}', '{"id":7}']) {
      const sender = await opSocket(server, alice, channel);
      const close = closed(sender.ws);
      sender.ws.send(rawFrame(json));
      expect((await close).code).toBe(4400);
    }
    const own: WebSocket = openSocket(`${server.url}/${userRoom(alice.id)}`, socketProtocols(alice.token));
    await opened(own);
    const close = closed(own);
    own.send(opFrame(newId(), { op: 'send', convId: channel, body: 'hi' }));
    expect((await close).code).toBe(4400);
    expect(await (await opSocket(server, alice, channel)).send({ op: 'send', convId: channel, body: 'still up' })).toMatchObject({ status: 'accepted' });
  });

  it('refuses ops past the account’s rate with `rate_limited` and the time to send them again, then takes them under the same id', async () => {
    const server = await startSyncServer(deps);
    const alice = await createUser(deps);
    const channel = await createChannel(deps, alice);
    const sender = await opSocket(server, alice, channel);
    const ops = Array.from({ length: 10 }, (_, i) => ({ id: newId(), op: { op: 'send' as const, convId: channel, body: `m${i}` } }));
    const acks = await Promise.all(ops.map(({ id, op }) => sender.send(op, id)));
    expect(acks.filter((ack) => ack.status === 'accepted')).toHaveLength(8);
    const limited = acks.filter((ack) => ack.status === 'rejected');
    expect(limited.map((ack) => ack.status === 'rejected' && ack.reason)).toEqual(['rate_limited', 'rate_limited']);
    const retryAt = Date.parse((limited[0] as { detail: string }).detail);
    expect(retryAt).toBeGreaterThan(Date.now() - 1000);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, retryAt - Date.now())));
    const retried = ops.find(({ id }) => id === limited[0]!.id)!;
    sender.ws.send(opFrame(retried.id, retried.op));
    expect(await sender.ackOf(retried.id, 2)).toMatchObject({ status: 'accepted', seq: 9 });
    expect(await messagesIn(channel)).toBe(9);
  });

  it('gives each op refused `rate_limited` a time of its own, whatever order its id is in, and each lands when sent again at its time', async () => {
    const server = await startSyncServer(deps);
    const alice = await createUser(deps);
    const channel = await createChannel(deps, alice);
    const sender = await opSocket(server, alice, channel);
    // Made in one go, sent newest id first: ids made in one millisecond come in no order.
    const ops = Array.from({ length: 14 }, (_, i) => ({ id: newId(), op: { op: 'send' as const, convId: channel, body: `m${i}` } })).sort((a, b) => (a.id < b.id ? 1 : -1));
    const acks = await Promise.all(ops.map(({ id, op }) => sender.send(op, id)));
    const limited = acks.filter((ack): ack is Extract<OpAck, { status: 'rejected' }> => ack.status === 'rejected');
    // Past the burst of 8 (and whatever tokens came back meanwhile).
    expect(limited.length).toBeGreaterThanOrEqual(3);
    expect(new Set(limited.map((ack) => ack.reason))).toEqual(new Set(['rate_limited']));
    const times = limited.map((ack) => Date.parse(ack.detail!));
    expect(new Set(times).size).toBe(limited.length);
    // In the order the frames came, a token's time (a second at this rate) apart.
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(900);

    // Each sent again at its time, as a client does: every one is taken on its first return.
    for (const [i, ack] of limited.entries()) {
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, times[i]! - Date.now())));
      const again = ops.find(({ id }) => id === ack.id)!;
      sender.ws.send(opFrame(again.id, again.op));
      expect(await sender.ackOf(again.id, 2)).toMatchObject({ status: 'accepted' });
    }
    expect(await messagesIn(channel)).toBe(14);
  }, 30_000);
});
