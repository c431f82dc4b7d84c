import { describe, expect, it } from 'vitest';
import type { Message, OutboxEntry } from '@volley/shared';
import { buildTimeline, settledOps } from './timeline.js';

const me = { id: '01J00000000000000000000ME0', username: 'alice' };
const conv = '01J0000000000000000000CONV';
const message = (id: string, seq: number, author = 'someone'): Message => ({ id, seq, author, authorName: author, body: `m${seq}`, at: '2026-01-01T00:00:00Z' });

describe('the timeline of a conversation', () => {
  it('shows the server messages, then my unsent ones in the order I wrote them', () => {
    const outbox = new Map<string, OutboxEntry>([
      ['02', { op: 'send', convId: conv, body: 'second', at: 't2' }],
      ['01', { op: 'send', convId: conv, body: 'first', at: 't1', status: 'rejected', reason: 'muted' }],
      ['03', { op: 'send', convId: 'other', body: 'elsewhere' }],
    ]);
    const items = buildTimeline([message('00', 1)], outbox, conv, me);
    expect(items.map((i) => [i.id, i.status])).toEqual([
      ['00', 'sent'],
      ['01', 'rejected'],
      ['02', 'pending'],
    ]);
    expect(items[1]).toMatchObject({ body: 'first', reason: 'muted', mine: true, authorName: 'alice' });
  });

  it('shows a message once when both the outbox entry and the message exist', () => {
    const outbox = new Map<string, OutboxEntry>([['05', { op: 'send', convId: conv, body: 'm5', status: 'accepted', seq: 5 }]]);
    const items = buildTimeline([message('05', 5, me.id)], outbox, conv, me);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ id: '05', status: 'sent', mine: true });
  });

  it('prunes accepted entries whose message arrived or went to an older segment, never undecided or rejected ones', () => {
    const outbox = new Map<string, OutboxEntry>([
      ['a', { op: 'send', convId: conv, body: 'x', status: 'accepted', seq: 11 }],
      ['b', { op: 'send', convId: conv, body: 'x', status: 'accepted', seq: 3 }],
      ['c', { op: 'send', convId: conv, body: 'x', status: 'accepted', seq: 99 }],
      ['d', { op: 'send', convId: conv, body: 'x', status: 'rejected', reason: 'empty' }],
      ['e', { op: 'send', convId: conv, body: 'x' }],
    ]);
    expect(settledOps([message('z', 10), message('a', 11)], outbox, conv)).toEqual(['a', 'b']);
  });
});
