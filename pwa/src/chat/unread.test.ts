import { describe, expect, it } from 'vitest';
import { unreadConversations } from './unread.js';

describe('unread conversations', () => {
  const conversations = [
    { id: 'a', lastSeq: 5 },
    { id: 'b', lastSeq: 7 },
    { id: 'c', lastSeq: 1 },
    { id: 'd', lastSeq: 2 },
    { id: 'e', lastSeq: 0 },
  ];

  it('counts a conversation whose newest message is past what I read', () => {
    const reads = new Map([
      ['a', 5],
      ['b', 3],
      ['d', 2],
    ]);
    expect([...unreadConversations(conversations, reads)].sort()).toEqual(['b', 'c']);
  });

  it('treats a conversation never read as unread once it has a message, and an empty one as read', () => {
    expect([...unreadConversations(conversations, new Map())].sort()).toEqual(['a', 'b', 'c', 'd']);
  });
});
