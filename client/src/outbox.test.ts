import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { UserDoc } from '@volley/shared';
import { discardOp, queueOp, retryOp, undecidedCount } from './outbox.js';

const sendMessage = (doc: Y.Doc, convId: string, body: string) => queueOp(doc, { op: 'send', convId, body });

const conv = '01J0000000000000000000CONV';

describe('my outbox', () => {
  it('retries a rejected message under a new op id and keeps its text', () => {
    const doc = new Y.Doc();
    const id = sendMessage(doc, conv, 'hello');
    UserDoc.outbox(doc).set(id, { ...UserDoc.outbox(doc).get(id)!, status: 'rejected', reason: 'rate_limited' });
    const retried = retryOp(doc, id);
    expect(retried).not.toBe(id);
    expect(UserDoc.outbox(doc).has(id)).toBe(false);
    expect(UserDoc.outbox(doc).get(retried!)).toMatchObject({ op: 'send', convId: conv, body: 'hello' });
    expect(UserDoc.outbox(doc).get(retried!)?.status).toBeUndefined();
  });

  it('discards a message', () => {
    const doc = new Y.Doc();
    const id = sendMessage(doc, conv, 'oops');
    discardOp(doc, id);
    expect(UserDoc.outbox(doc).size).toBe(0);
  });
});

describe('my outbox, other ops', () => {
  it('retries a refused edit with its text and counts what is undecided', () => {
    const doc = new Y.Doc();
    const id = queueOp(doc, { op: 'edit', convId: conv, messageId: 'm1', body: 'fixed' });
    UserDoc.outbox(doc).set(id, { ...UserDoc.outbox(doc).get(id)!, status: 'rejected', reason: 'not_author' });
    expect(undecidedCount(doc)).toBe(0);
    const retried = retryOp(doc, id)!;
    expect(UserDoc.outbox(doc).get(retried)).toMatchObject({ op: 'edit', messageId: 'm1', body: 'fixed' });
    expect(undecidedCount(doc)).toBe(1);
  });
});
