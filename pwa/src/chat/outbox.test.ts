import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { UserDoc } from '@volley/shared';
import { discardMessage, retryMessage, sendMessage } from './outbox.js';

const conv = '01J0000000000000000000CONV';

describe('my outbox', () => {
  it('retries a rejected message under a new op id and keeps its text', () => {
    const doc = new Y.Doc();
    const id = sendMessage(doc, conv, 'hello');
    UserDoc.outbox(doc).set(id, { ...UserDoc.outbox(doc).get(id)!, status: 'rejected', reason: 'rate_limited' });
    const retried = retryMessage(doc, id);
    expect(retried).not.toBe(id);
    expect(UserDoc.outbox(doc).has(id)).toBe(false);
    expect(UserDoc.outbox(doc).get(retried!)).toMatchObject({ op: 'send', convId: conv, body: 'hello' });
    expect(UserDoc.outbox(doc).get(retried!)?.status).toBeUndefined();
  });

  it('discards a message', () => {
    const doc = new Y.Doc();
    const id = sendMessage(doc, conv, 'oops');
    discardMessage(doc, id);
    expect(UserDoc.outbox(doc).size).toBe(0);
  });
});
