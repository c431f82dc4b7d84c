import { Message as MessageRow } from '@volley/core';
import { createTestDeps, type TestDeps } from '@volley/core/testing';
import { newId, UserDoc, type OutboxEntry } from '@volley/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createChannel, createUser, disposeAll, session, startSyncServer, waitFor, type RunningSync } from './test-harness.js';

/** An object with an own `__proto__` key, as a decoded JSON document can hold. */
const ownProto = (value: object): object => JSON.parse(`{"__proto__": ${JSON.stringify(value)}}`);
/**
 * An entry with an own `constructor` key, as a client crafting its own frames can send: Y.Map#set
 * refuses one whose `constructor` is not Object, which this is (it arrives as undefined).
 */
const withConstructorKey = (entry: object): object => Object.defineProperty({ ...entry }, 'constructor', { value: Object, enumerable: true });

describe('poison in the outbox', () => {
  let deps: TestDeps;
  let server: RunningSync;

  beforeAll(async () => {
    deps = await createTestDeps();
  });
  afterEach(() => disposeAll());
  afterAll(() => deps.close());

  const decided = (doc: Y.Doc, id: string) =>
    waitFor(() => {
      const entry = UserDoc.outbox(doc).get(id);
      return entry?.status !== undefined && entry;
    });

  it('rejects each kind with its reason, keeps the text, and the next op of the same user goes through', async () => {
    server = await startSyncServer(deps);
    const alice = await createUser(deps);
    const channel = await createChannel(deps, alice);
    const provider = await session(server, alice);
    const outbox = UserDoc.outbox(provider.doc);

    const cases: [name: string, key: string, entry: unknown, expected: Partial<OutboxEntry>][] = [
      ['NUL in the body', newId(), { op: 'send', convId: channel, body: 'a\u0000b' }, { reason: 'invalid_text', body: 'a\u0000b' }],
      ['NUL in the client time', newId(), { op: 'send', convId: channel, body: 'hi', at: '\u0000' }, { reason: 'invalid_text', body: 'hi' }],
      ['NUL in an edit', newId(), { op: 'edit', convId: channel, messageId: newId(), body: 'x\u0000' }, { reason: 'invalid_text' }],
      ['a constructor key', newId(), withConstructorKey({ op: 'send', convId: channel, body: 'ctor' }), { reason: 'invalid_op', body: 'ctor' }],
      ['a prototype key', newId(), { op: 'send', convId: channel, body: 'proto', nested: { prototype: 1 } }, { reason: 'invalid_op', body: 'proto' }],
      ['an own __proto__ key', newId(), { ...ownProto({ polluted: true }), op: 'send', convId: channel, body: 'dunder' }, { reason: 'invalid_op', body: 'dunder' }],
      ['a nested __proto__ key', newId(), { op: 'invite', convId: channel, to: newId(), settings: ownProto({ polluted: true }) }, { reason: 'invalid_op' }],
      ['the key constructor', 'constructor', { op: 'send', convId: channel, body: 'keyed ctor' }, { reason: 'invalid_op_id', body: 'keyed ctor' }],
      ['the key __proto__', '__proto__', { op: 'send', convId: channel, body: 'keyed proto' }, { reason: 'invalid_op_id', body: 'keyed proto' }],
      ['a key that is not a ULID', 'not-an-id', { op: 'send', convId: channel, body: 'bad key' }, { reason: 'invalid_op_id', body: 'bad key' }],
      ['a lowercase ULID', newId().toLowerCase(), { op: 'send', convId: channel, body: 'lower' }, { reason: 'invalid_op_id', body: 'lower' }],
      ['an unknown op', newId(), { op: 'launch', convId: channel, body: 'rocket' }, { reason: 'invalid_op', body: 'rocket' }],
      ['a number', newId(), 42, { reason: 'invalid_op' }],
      ['null', newId(), null, { reason: 'invalid_op' }],
      ['an array', newId(), ['send', channel, 'array'], { reason: 'invalid_op' }],
      ['an oversize body', newId(), { op: 'send', convId: channel, body: 'y'.repeat(20_000) }, { reason: 'too_long' }],
      ['an oversize entry', newId(), { op: 'send', convId: channel, body: 'big', at: 'z'.repeat(70_000) }, { reason: 'too_large', body: 'big' }],
    ];

    for (const [name, key, entry, expected] of cases) {
      const next = newId();
      provider.doc.transact(() => {
        outbox.set(key, entry as OutboxEntry);
        outbox.set(next, { op: 'send', convId: channel, body: `after ${name}` });
      });
      expect(await decided(provider.doc, key), name).toMatchObject({ status: 'rejected', ...expected });
      expect(await decided(provider.doc, next), name).toMatchObject({ status: 'accepted' });
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const bodies = (await MessageRow.query(deps.db).where({ conversation_id: channel }).orderBy('seq').select('body')).map((row) => row.body);
    expect(bodies).toEqual(cases.map(([name]) => `after ${name}`));
  });
});
