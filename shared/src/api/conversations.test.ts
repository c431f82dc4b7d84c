import { describe, expect, it } from 'vitest';
import { Conversation } from '@volley/shared';

const conversation = { id: 'c1', kind: 'channel', name: 'lobby', headSegment: 0, lastSeq: 3, createdAt: '2026-03-01T12:00:00.000Z' };
const last = { preview: 'hello', at: '2026-03-01T12:05:00.000Z', author: 'u1', authorName: 'rita' };

describe("a conversation's last message", () => {
  it('is not deleted when a server or a cached row that predates the mark says nothing of it', () => {
    expect(Conversation.parse({ ...conversation, lastMessage: last }).lastMessage).toEqual({ ...last, deleted: false });
    expect(Conversation.parse({ ...conversation, lastMessage: { preview: '', at: last.at } }).lastMessage).toEqual({ preview: '', at: last.at, author: null, authorName: '', deleted: false });
  });

  it('says when it was deleted', () => {
    expect(Conversation.parse({ ...conversation, lastMessage: { ...last, preview: '', deleted: true } }).lastMessage).toEqual({ ...last, preview: '', deleted: true });
  });
});
