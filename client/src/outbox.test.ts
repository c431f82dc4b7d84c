import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { UserDoc } from '@volley/shared';
import { queueOp } from './outbox.js';
import { OutboxPending } from './outbox-pending.js';
import { undecided } from './pending-ops.js';

const conv = '01J0000000000000000000CONV';

const refuse = (doc: Y.Doc, id: string, reason: 'rate_limited' | 'not_author') => UserDoc.outbox(doc).set(id, { ...UserDoc.outbox(doc).get(id)!, status: 'rejected', reason });

describe('my outbox as pending ops', () => {
  it('retries a rejected message under a new op id and keeps its text', () => {
    const doc = new Y.Doc();
    const pending = new OutboxPending(doc);
    const id = queueOp(doc, { op: 'send', convId: conv, body: 'hello' });
    refuse(doc, id, 'not_author');
    const retried = pending.retry(id)!;
    expect(retried.id).not.toBe(id);
    expect(pending.entries().has(id)).toBe(false);
    expect(pending.entries().get(retried.id)).toMatchObject({ op: 'send', convId: conv, body: 'hello' });
    expect(pending.entries().get(retried.id)?.status).toBeUndefined();
  });

  it('discards a message, and tells every change', () => {
    const doc = new Y.Doc();
    const pending = new OutboxPending(doc);
    let changes = 0;
    pending.changed.add(() => changes++);
    const id = queueOp(doc, { op: 'send', convId: conv, body: 'oops' });
    pending.discard(id);
    expect(pending.entries().size).toBe(0);
    expect(changes).toBe(2);
  });

  it('retries a refused edit with its text and counts what is undecided', () => {
    const doc = new Y.Doc();
    const pending = new OutboxPending(doc);
    const id = queueOp(doc, { op: 'edit', convId: conv, messageId: 'm1', body: 'fixed' });
    refuse(doc, id, 'not_author');
    expect(undecided(pending.entries())).toBe(0);
    const retried = pending.retry(id)!;
    expect(pending.entries().get(retried.id)).toMatchObject({ op: 'edit', messageId: 'm1', body: 'fixed' });
    expect(undecided(pending.entries())).toBe(1);
  });
});
