import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MESSAGE_MAX_LENGTH, newId, OUTBOX_ENTRY_MAX_UNITS, parseOutboxOp, queueSend, rejectedCopy, undecidedOps, UserDoc } from '@volley/shared';

describe('outbox ops read from a user document', () => {
  const convId = newId();

  it('accepts a send and trims its body', () => {
    expect(parseOutboxOp({ op: 'send', convId, body: '  hi  ' })).toEqual({ ok: true, op: { op: 'send', convId, body: 'hi' } });
  });

  it('ignores the outcome fields when re-reading an entry', () => {
    const parsed = parseOutboxOp({ op: 'send', convId, body: 'hi', status: 'rejected', reason: 'muted' });
    expect(parsed.ok).toBe(true);
  });

  it.each([
    ['not an object', 'send', 'invalid_op'],
    ['an array', [], 'invalid_op'],
    ['null', null, 'invalid_op'],
    ['an unknown op', { op: 'nuke', convId }, 'invalid_op'],
    ['a bad conversation id', { op: 'send', convId: '../etc', body: 'x' }, 'invalid_op'],
    ['a body that is not a string', { op: 'send', convId, body: 42 }, 'invalid_op'],
    ['an extra field', { op: 'send', convId, body: 'x', author: 'someone-else' }, 'invalid_op'],
    ['a blank body', { op: 'send', convId, body: ' \n ' }, 'empty'],
    ['a body over the limit', { op: 'send', convId, body: 'x'.repeat(MESSAGE_MAX_LENGTH + 1) }, 'too_long'],
    ['NUL in the body', { op: 'send', convId, body: 'a\u0000b' }, 'invalid_text'],
    ['a lone surrogate', { op: 'send', convId, body: 'a\uD800b' }, 'invalid_text'],
    ['a lone low surrogate in a key', { op: 'send', convId, body: 'x', ['\uDC00']: 1 }, 'invalid_text'],
    ['a constructor key', { op: 'send', convId, body: 'x', constructor: 'y' }, 'invalid_op'],
    ['a nested prototype key', { op: 'invite', convId, to: convId, settings: { prototype: 1 } }, 'invalid_op'],
    ['an own __proto__ key', JSON.parse(`{"op": "send", "convId": "${convId}", "body": "x", "__proto__": {}}`), 'invalid_op'],
    ['a __proto__ set by decoding', Object.setPrototypeOf({ body: 'x' }, { op: 'send', convId }), 'invalid_op'],
    ['a bigint', { op: 'send', convId, body: 'x', at: 1n }, 'invalid_op'],
    ['deep nesting', { op: 'send', convId, body: 'x', at: JSON.parse('['.repeat(50) + ']'.repeat(50)) }, 'invalid_op'],
    ['an oversize entry', { op: 'send', convId, body: 'x', at: 'y'.repeat(OUTBOX_ENTRY_MAX_UNITS) }, 'too_large'],
  ])('rejects %s', (_, value, reason) => {
    expect(parseOutboxOp(value)).toMatchObject({ ok: false, reason });
  });

  it.each(['constructor', '__proto__', 'not-a-ulid', newId().toLowerCase(), ''])('rejects the op id %j', (id) => {
    expect(parseOutboxOp({ op: 'send', convId, body: 'x' }, id)).toMatchObject({ ok: false, reason: 'invalid_op_id' });
  });

  it('keeps what a rejected entry holds but the forbidden keys', () => {
    const entry = JSON.parse(`{"op": "send", "body": "kept", "__proto__": {"a": 1}, "nested": {"constructor": 1, "b": [1, {"prototype": 2}]}}`);
    expect(rejectedCopy(entry)).toEqual({ op: 'send', body: 'kept', nested: { b: [1, {}] } });
    expect(rejectedCopy('text')).toEqual({});
    expect(rejectedCopy(new Y.Map())).toEqual({});
  });

  it('lists undecided ops in creation order', () => {
    const doc = new Y.Doc();
    const first = queueSend(doc, newId(), convId, 'one');
    const second = queueSend(doc, newId(), convId, 'two');
    UserDoc.outbox(doc).set(newId(), { op: 'send', convId, body: 'done', status: 'accepted', seq: 1 });
    expect(undecidedOps(doc).map(([id]) => id)).toEqual([first, second]);
  });
});
