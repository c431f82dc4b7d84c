import { describe, expect, it } from 'vitest';
import { badgeCount, byActivity, unreadCount } from './conversation-summary.js';

const conversation = (id: string, at: string | null, lastSeq = 0, author: string | null = 'someone') => ({
  id,
  createdAt: '2026-01-01T00:00:00.000Z',
  lastSeq,
  lastMessage: at ? { at, author } : null,
});

describe('the conversation list', () => {
  it('puts the latest activity first, a new conversation with nothing said by when it was made', () => {
    const quiet = conversation('quiet', '2026-01-02T10:00:00.000Z');
    const busy = conversation('busy', '2026-01-03T10:00:00.000Z');
    const fresh = { ...conversation('fresh', null), createdAt: '2026-01-04T00:00:00.000Z' };
    const never = conversation('never', null);
    expect(byActivity([never, quiet, busy, fresh]).map((c) => c.id)).toEqual(['fresh', 'busy', 'quiet', 'never']);
  });

  it('counts the messages past my read mark, none when the last one is mine', () => {
    const reads = new Map([['a', 3]]);
    expect(unreadCount(conversation('a', '2026-01-01T00:00:00.000Z', 7), reads, 'me')).toBe(4);
    expect(unreadCount(conversation('b', '2026-01-01T00:00:00.000Z', 2), reads, 'me')).toBe(2);
    expect(unreadCount(conversation('a', '2026-01-01T00:00:00.000Z', 7, 'me'), reads, 'me')).toBe(0);
    expect(unreadCount(conversation('c', null, 0), reads, 'me')).toBe(0);
    expect(badgeCount(100)).toBe('99+');
    expect(badgeCount(12)).toBe('12');
  });

  it("leaves a tournament's system lines out of the count: alone, they make nothing unread", () => {
    const reads = new Map([['cup', 2]]);
    const cup = { ...conversation('cup', '2026-01-01T00:00:00.000Z', 6, 'system'), systemSeqs: [1, 3, 4] };
    expect(unreadCount(cup, reads, 'me')).toBe(2);
    expect(unreadCount({ ...cup, lastSeq: 4 }, reads, 'me')).toBe(0);
    expect(unreadCount({ ...cup, systemSeqs: undefined }, reads, 'me')).toBe(4);
  });
});
