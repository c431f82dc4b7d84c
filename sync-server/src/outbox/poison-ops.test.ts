import { testDeps } from '@volley/core/testing';
import { ConvDoc, MESSAGE_MAX_LENGTH, newId, OUTBOX_ENTRY_MAX_UNITS, UserDoc, type OutboxOp, type RejectReason } from '@volley/shared';
import { beforeEach, describe, expect, it } from 'vitest';
import { act, createChannel, createUser, disposeAll, segment, session, shown, startSyncServer, waitFor, type RunningSync } from '../sync-server.testing.js';

const deps = await testDeps({ afterEach: disposeAll });

/**
 * Ops no client should write, written by a stock client into its own outbox: each is refused with
 * a reason and keeps what the user wrote, and the user's next op still goes through.
 */
describe('poison in the outbox', () => {
  let server: RunningSync;

  beforeEach(async () => {
    server = await startSyncServer(deps);
  });

  const poisons: [string, (convId: string) => { id?: string; op: unknown }, RejectReason][] = [
    ['a NUL in the body', (convId) => ({ op: { op: 'send', convId, body: 'hello\u0000world' } }), 'invalid_text'],
    ['a NUL in the client time', (convId) => ({ op: { op: 'send', convId, body: 'hi', at: '\u0000' } }), 'invalid_text'],
    ['a NUL in an edit', (convId) => ({ op: { op: 'edit', convId, messageId: newId(), body: 'x\u0000' } }), 'invalid_text'],
    // (A lone surrogate cannot cross the wire: Yjs encodes strings as UTF-8, which makes it U+FFFD.)
    // Yjs refuses to write a value whose `constructor` is not Object's: another client library need not.
    ['a constructor key', (convId) => ({ op: { op: 'send', convId, body: 'hi', constructor: Object } }), 'invalid_op'],
    ['a __proto__ key', (convId) => ({ op: JSON.parse(`{"op": "send", "convId": "${convId}", "body": "hi", "__proto__": {"status": "accepted"}}`) }), 'invalid_op'],
    ['a nested __proto__ key', (convId) => ({ op: { op: 'invite', convId, to: newId(), settings: JSON.parse('{"__proto__": {"polluted": true}}') } }), 'invalid_op'],
    ['the op id constructor', (convId) => ({ id: 'constructor', op: { op: 'send', convId, body: 'under a bad key' } }), 'invalid_op_id'],
    ['the op id __proto__', (convId) => ({ id: '__proto__', op: { op: 'send', convId, body: 'under a bad key' } }), 'invalid_op_id'],
    ['an op id that is not a ULID', (convId) => ({ id: 'not-a-ulid-at-all', op: { op: 'send', convId, body: 'under a bad key' } }), 'invalid_op_id'],
    ['a lowercase ULID', (convId) => ({ id: newId().toLowerCase(), op: { op: 'send', convId, body: 'under a bad key' } }), 'invalid_op_id'],
    ['an unknown op kind', (convId) => ({ op: { op: 'drop_table', convId } }), 'invalid_op'],
    ['a number', () => ({ op: 42 }), 'invalid_op'],
    ['null', () => ({ op: null }), 'invalid_op'],
    ['an array', (convId) => ({ op: ['send', convId, 'hi'] }), 'invalid_op'],
    ['an oversize body', (convId) => ({ op: { op: 'send', convId, body: 'x'.repeat(MESSAGE_MAX_LENGTH * 4) } }), 'too_long'],
    ['an oversize entry', (convId) => ({ op: { op: 'send', convId, body: 'hi', at: 'z'.repeat(OUTBOX_ENTRY_MAX_UNITS) } }), 'too_large'],
  ];

  it.each(poisons)('refuses %s with a reason, and the next op goes through', async (_, make, reason) => {
    const alice = await createUser(deps);
    const channel = await createChannel(deps, alice);
    const [mine, reader] = [await session(server, alice), await segment(server, alice, channel)];
    const { id = newId(), op } = make(channel);

    const refused = await act(mine, op as OutboxOp, id);
    expect(refused).toMatchObject({ status: 'rejected', reason });
    if (typeof op === 'object' && op !== null && 'body' in op) expect(refused).toMatchObject({ body: (op as { body: string }).body });

    const next = await act(mine, { op: 'send', convId: channel, body: 'still here' });
    expect(next).toMatchObject({ status: 'accepted', seq: 1 });
    await shown(reader, next.id);
    expect(ConvDoc.messages(reader.doc).toArray().map((m) => m.body)).toEqual(['still here']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses poison queued before good ops in one write, and decides every one of them', async () => {
    const alice = await createUser(deps);
    const channel = await createChannel(deps, alice);
    const mine = await session(server, alice);
    const outbox = UserDoc.outbox(mine.doc);
    const ids = [newId(), newId(), newId()];
    mine.doc.transact(() => {
      outbox.set(ids[0]!, { op: 'send', convId: channel, body: 'nul \u0000' });
      outbox.set(ids[1]!, { op: 'send', convId: channel, body: 'fine' });
      outbox.set(ids[2]!, { op: 'send', convId: channel, body: 'also fine' });
    });
    await waitFor(() => ids.every((id) => outbox.get(id)?.status !== undefined));
    expect(ids.map((id) => outbox.get(id)?.status)).toEqual(['rejected', 'accepted', 'accepted']);
  });
});
