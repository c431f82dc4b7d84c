import { describe, expect, it } from 'vitest';
import type { Message, OutboxEntry } from '@volley/shared';
import { buildTimeline, settledOps, withOutgoingFiles, withStreams } from './timeline.js';

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

  it('shows my invitation as a pending card until the server posts it, keeps a refused one with its reason', () => {
    const settings = { ballSpeed: 'fast', paddleSize: 'small', scoreLimit: 1 } as const;
    const outbox = new Map<string, OutboxEntry>([
      ['i1', { op: 'invite', convId: conv, to: 'bob', settings, at: 't1' }],
      ['i2', { op: 'invite', convId: conv, to: 'carol', at: 't2', status: 'rejected', reason: 'blocked' }],
      ['i3', { op: 'invite', convId: conv, to: 'dave', at: 't3', status: 'accepted', seq: 7 }],
    ]);
    const items = buildTimeline([message('00', 1)], outbox, conv, me);
    expect(items.map((i) => [i.id, i.kind, i.status])).toEqual([
      ['00', undefined, 'sent'],
      ['i1', 'invite', 'pending'],
      ['i2', 'invite', 'rejected'],
      ['i3', 'invite', 'sent'],
    ]);
    expect(items[1]!.invite).toEqual({ to: 'bob', settings });
    expect(items[2]).toMatchObject({ reason: 'blocked', invite: { to: 'carol' } });
    // Accepted: shown until the card arrives; the entry is the server's to prune, like a send's.
    expect(settledOps([message('00', 1), { ...message('i3', 7, me.id), kind: 'invite' }], outbox, conv)).toEqual([]);
  });

  it('leaves accepted sends to the server’s prune, and shows none of them twice', () => {
    const outbox = new Map<string, OutboxEntry>([
      ['a', { op: 'send', convId: conv, body: 'x', status: 'accepted', seq: 11 }],
      ['b', { op: 'send', convId: conv, body: 'x', status: 'accepted', seq: 3 }],
      ['c', { op: 'send', convId: conv, body: 'x', status: 'accepted', seq: 99 }],
      ['d', { op: 'send', convId: conv, body: 'x', status: 'rejected', reason: 'empty' }],
      ['e', { op: 'send', convId: conv, body: 'x' }],
    ]);
    expect(settledOps([message('z', 10), message('a', 11)], outbox, conv)).toEqual([]);
    // 'a' is the server's message; 'b' is in an older segment; 'c' has not arrived yet.
    expect(buildTimeline([message('z', 10), message('a', 11)], outbox, conv, me).map((i) => [i.id, i.status])).toEqual([
      ['z', 'sent'],
      ['a', 'sent'],
      ['c', 'sent'],
      ['d', 'rejected'],
      ['e', 'pending'],
    ]);
  });
});

describe('my changes on messages', () => {
  const outbox = (entries: [string, OutboxEntry][]) => new Map<string, OutboxEntry>(entries);

  it('shows my queued edit, delete and reactions at once, as changing', () => {
    const items = buildTimeline(
      [message('m1', 1, me.id), message('m2', 2), message('m3', 3)],
      outbox([
        ['o1', { op: 'edit', convId: conv, messageId: 'm1', body: 'better', at: 't' }],
        ['o2', { op: 'react', convId: conv, messageId: 'm2', emoji: '👍', on: true }],
        ['o3', { op: 'delete', convId: conv, messageId: 'm3', status: 'accepted', seq: 3 }],
      ]),
      conv,
      me,
    );
    expect(items[0]).toMatchObject({ body: 'better', editedAt: 't', changing: true });
    expect(items[1]).toMatchObject({ reactions: { '👍': [me.id] }, changing: true });
    expect(items[2]).toMatchObject({ body: '', changing: false });
    expect(items[2]!.deletedAt).toBeDefined();
  });

  it('applies changes in the order I made them and lists refused ones with the text kept', () => {
    const m = { ...message('m1', 1), reactions: { '🎉': ['bob', me.id] } };
    const [item] = buildTimeline(
      [m],
      outbox([
        ['o2', { op: 'react', convId: conv, messageId: 'm1', emoji: '🎉', on: true }],
        ['o1', { op: 'react', convId: conv, messageId: 'm1', emoji: '🎉', on: false }],
        ['o3', { op: 'edit', convId: conv, messageId: 'm1', body: 'mine?', status: 'rejected', reason: 'not_author' }],
      ]),
      conv,
      me,
    );
    expect(item!.reactions).toEqual({ '🎉': ['bob', me.id] });
    expect(item!.failed).toEqual([{ id: 'o3', op: 'edit', reason: 'not_author', body: 'mine?' }]);
    expect(item!.body).toBe('m1');
  });

  it('settles accepted changes once the message shows them, or when it is not loaded', () => {
    const m = { ...message('m1', 1), body: 'new', editedAt: 't' };
    const entries = outbox([
      ['o1', { op: 'edit', convId: conv, messageId: 'm1', body: 'new', status: 'accepted', seq: 1 }],
      ['o2', { op: 'react', convId: conv, messageId: 'm1', emoji: '👍', on: true, status: 'accepted', seq: 1 }],
      ['o3', { op: 'delete', convId: conv, messageId: 'gone', status: 'accepted', seq: 1 }],
      ['o4', { op: 'delete', convId: conv, messageId: 'm1' }],
    ]);
    expect(settledOps([m], entries, conv, me.id)).toEqual(['o1', 'o3']);
  });
});

describe('my accepted messages in a history with gaps', () => {
  it('never shows an accepted message after newer ones: it is in a segment not loaded', () => {
    const outbox = new Map<string, OutboxEntry>([['old', { op: 'send', convId: conv, body: 'x', status: 'accepted', seq: 15 }]]);
    const items = buildTimeline([message('a', 1), message('b', 21)], outbox, conv, me);
    expect(items.map((i) => i.id)).toEqual(['a', 'b']);
  });
});

describe('messages being streamed', () => {
  const at = () => '2026-01-01T00:01:00Z';
  const stream = { id: 's1', author: 'bot', authorName: 'bot', text: 'Half an ans' };

  it('shows a stream growing after the messages, marked as such, until its message is there', () => {
    const items = withStreams(buildTimeline([message('00', 1)], new Map(), conv, me), [stream], me.id, at);
    expect(items.map((i) => [i.id, i.body, i.streaming ?? false])).toEqual([
      ['00', 'm1', false],
      ['s1', 'Half an ans', true],
    ]);
    expect(items[1]).toMatchObject({ author: 'bot', status: 'sent', mine: false, at: '2026-01-01T00:01:00Z' });
    expect(items[1]!.editedAt).toBeUndefined();

    const ended = withStreams(buildTimeline([message('00', 1), { ...message('s1', 2, 'bot'), body: 'Half an answer, whole.' }], new Map(), conv, me), [stream], me.id, at);
    expect(ended.map((i) => [i.id, i.body, i.streaming ?? false])).toEqual([
      ['00', 'm1', false],
      ['s1', 'Half an answer, whole.', false],
    ]);
  });
});

describe('my messages waiting for their files', () => {
  const file = { key: 'f1.0', name: 'cat.png', size: 1000, type: 'image/png' };
  const waiting = (body: string, files = [file], failed?: true) => ({ convId: conv, body, files, at: '2026-01-01T00:02:00Z', ...(failed ? { failed } : {}) });

  it('shows each once after the timeline, pending with its files, and not once it is among the messages', () => {
    const outgoing = new Map([['f1', waiting('look')], ['other', { ...waiting('elsewhere'), convId: 'c2' }]]);
    const items = withOutgoingFiles(buildTimeline([message('00', 1)], new Map(), conv, me), outgoing, new Map(), conv, me);
    expect(items.map((i) => [i.id, i.status, i.uploads?.map((f) => f.name)])).toEqual([
      ['00', 'sent', undefined],
      ['f1', 'pending', ['cat.png']],
    ]);
    expect(withOutgoingFiles(buildTimeline([message('00', 1), message('f1', 2, me.id)], new Map(), conv, me), outgoing, new Map(), conv, me).map((i) => i.id)).toEqual(['00', 'f1']);
  });

  it('shows a message left with nothing to send as refused, naming the refused file\'s reason', () => {
    const refused = { ...file, error: { code: 'file_too_large', limit: 25_000_000 } };
    const [item] = withOutgoingFiles([], new Map([['f2', waiting('', [refused], true)]]), new Map(), conv, me);
    expect(item).toMatchObject({ id: 'f2', status: 'rejected', reason: 'attachment_unavailable', detail: 'file_too_large' });
  });

  it('tells the files a sent message went without, on that message only', () => {
    const refused = { ...file, error: { code: 'file_type_not_allowed' } };
    const items = withOutgoingFiles(buildTimeline([message('00', 1), message('f3', 2, me.id)], new Map(), conv, me), new Map(), new Map([['f3', { convId: conv, files: [refused] }]]), conv, me);
    expect(items.map((i) => [i.id, i.refusedFiles?.map((f) => f.error?.code)])).toEqual([
      ['00', undefined],
      ['f3', ['file_type_not_allowed']],
    ]);
  });
});
