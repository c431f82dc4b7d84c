import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MESSAGE_MAX_LENGTH, newId, OUTBOX_ENTRY_MAX_UNITS, parseOutboxOp, queueSend, undecidedOps, UserDoc } from '@volley/shared';

describe('outbox ops read from a user document', () => {
  const convId = newId();

  it('accepts a send and trims its body', () => {
    expect(parseOutboxOp(newId(), { op: 'send', convId, body: '  hi  ' })).toEqual({ ok: true, op: { op: 'send', convId, body: 'hi' } });
  });

  it('ignores the outcome fields when re-reading an entry', () => {
    const parsed = parseOutboxOp(newId(), { op: 'send', convId, body: 'hi', status: 'rejected', reason: 'muted' });
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
    ['a NUL in the body', { op: 'send', convId, body: 'a\u0000b' }, 'invalid_text'],
    ['a lone surrogate in the body', { op: 'send', convId, body: 'a\ud800b' }, 'invalid_text'],
    ['a lone low surrogate in an edit', { op: 'edit', convId, messageId: convId, body: '\udc00' }, 'invalid_text'],
    ['a NUL in the client time', { op: 'send', convId, body: 'x', at: '\u0000' }, 'invalid_text'],
    ['a lone low surrogate in a key', { op: 'send', convId, body: 'x', '\uDC00': 1 }, 'invalid_text'],
    ['a constructor key', { op: 'send', convId, body: 'x', constructor: 'y' }, 'invalid_op'],
    ['a __proto__ key', JSON.parse(`{"op": "send", "convId": "${convId}", "body": "x", "__proto__": {"admin": true}}`), 'invalid_op'],
    ['a __proto__ set by decoding', Object.setPrototypeOf({ body: 'x' }, { op: 'send', convId }), 'invalid_op'],
    ['a nested prototype key', { op: 'invite', convId, to: convId, settings: { prototype: 1 } }, 'invalid_op'],
    ['a bigint', { op: 'send', convId, body: 'x', at: 1n }, 'invalid_op'],
    ['deep nesting', { op: 'send', convId, body: 'x', at: JSON.parse('['.repeat(50) + ']'.repeat(50)) }, 'invalid_op'],
    ['an oversize entry', { op: 'send', convId, body: 'x', at: 'y'.repeat(OUTBOX_ENTRY_MAX_UNITS) }, 'too_large'],
  ])('rejects %s', (_, value, reason) => {
    expect(parseOutboxOp(newId(), value)).toMatchObject({ ok: false, reason });
  });

  it.each(['constructor', '__proto__', 'not-a-ulid', '', '01ARZ3NDEKTSV4RRFFQ69G5FA\u0000', newId().toLowerCase()])('rejects an op under the key %j', (id) => {
    expect(parseOutboxOp(id, { op: 'send', convId, body: 'x' })).toEqual({ ok: false, reason: 'invalid_op_id', detail: 'op id is not a ULID' });
  });

  it('keeps well-formed text with astral characters', () => {
    expect(parseOutboxOp(newId(), { op: 'send', convId, body: 'ok 🏓 𝄞' })).toMatchObject({ ok: true });
  });

  it('lists undecided ops in creation order', () => {
    const doc = new Y.Doc();
    const first = queueSend(doc, newId(), convId, 'one');
    const second = queueSend(doc, newId(), convId, 'two');
    UserDoc.outbox(doc).set(newId(), { op: 'send', convId, body: 'done', status: 'accepted', seq: 1 });
    expect(undecidedOps(doc).map(([id]) => id)).toEqual([first, second]);
  });
});
