import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MESSAGE_MAX_LENGTH, newId, parseOutboxOp, queueSend, undecidedOps, UserDoc } from '@volley/shared';

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
  ])('rejects %s', (_, value, reason) => {
    expect(parseOutboxOp(value)).toMatchObject({ ok: false, reason });
  });

  it('lists undecided ops in creation order', () => {
    const doc = new Y.Doc();
    const first = queueSend(doc, newId(), convId, 'one');
    const second = queueSend(doc, newId(), convId, 'two');
    UserDoc.outbox(doc).set(newId(), { op: 'send', convId, body: 'done', status: 'accepted', seq: 1 });
    expect(undecidedOps(doc).map(([id]) => id)).toEqual([first, second]);
  });
});
