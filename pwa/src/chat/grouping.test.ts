import { describe, expect, it } from 'vitest';
import { continues } from './grouping.js';
import type { TimelineItem } from './timeline.js';

const message = (author: string, at: string, extra: Partial<TimelineItem> = {}): TimelineItem => ({
  id: `${author}-${at}`,
  author,
  authorName: author,
  body: 'hi',
  at,
  status: 'sent',
  mine: false,
  changing: false,
  failed: [],
  ...extra,
});

describe('messages grouped under one header', () => {
  it('groups the same author within five minutes', () => {
    expect(continues(message('ann', '2026-03-02T10:00:00'), message('ann', '2026-03-02T10:04:59'))).toBe(true);
  });

  it('starts a new group for another author, a long pause, another day, a reply or a game card', () => {
    const first = message('ann', '2026-03-02T10:00:00');
    expect(continues(undefined, first)).toBe(false);
    expect(continues(first, message('bob', '2026-03-02T10:01:00'))).toBe(false);
    expect(continues(first, message('ann', '2026-03-02T10:06:00'))).toBe(false);
    expect(continues(message('ann', '2026-03-02T23:59:00'), message('ann', '2026-03-03T00:01:00'))).toBe(false);
    expect(continues(first, message('ann', '2026-03-02T10:01:00', { replyTo: { id: 'x', seq: 1, authorName: 'bob', excerpt: 'yo' } }))).toBe(false);
    expect(continues(first, message('ann', '2026-03-02T10:01:00', { kind: 'invite' }))).toBe(false);
  });
});
