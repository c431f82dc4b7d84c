import { describe, expect, it } from 'vitest';
import type { InboxEntry } from '@volley/shared';
import { latestSeq, unreadConversations } from './unread.js';

const entry = (lastSeq: number): InboxEntry => ({ lastSeq, preview: '', at: '2026-01-01T00:00:00Z' });

describe('unread conversations', () => {
  const conversations = [
    { id: 'a', lastSeq: 5 },
    { id: 'b', lastSeq: 3 },
    { id: 'c', lastSeq: 0 },
    { id: 'd', lastSeq: 2 },
  ];

  it('counts a conversation whose newest message, from the API or my inbox, is past what I read', () => {
    const inbox = new Map([
      ['b', entry(7)],
      ['c', entry(1)],
    ]);
    const reads = new Map([
      ['a', 5],
      ['b', 3],
      ['d', 2],
    ]);
    expect([...unreadConversations(conversations, inbox, reads)].sort()).toEqual(['b', 'c']);
  });

  it('treats a conversation never read as unread once it has a message, and an empty one as read', () => {
    expect([...unreadConversations(conversations, new Map(), new Map())].sort()).toEqual(['a', 'b', 'd']);
  });

  it('takes the newest seq from whichever source is ahead', () => {
    expect(latestSeq({ id: 'a', lastSeq: 5 }, new Map([['a', entry(4)]]))).toBe(5);
    expect(latestSeq({ id: 'a', lastSeq: 5 }, new Map([['a', entry(9)]]))).toBe(9);
  });
});
