import { describe, expect, it } from 'vitest';
import { readAwareness, typingText } from './typing.js';

describe('typing and presence in a conversation', () => {
  it('names the others typing, once each, and counts people here', () => {
    const states = new Map<number, Record<string, unknown>>([
      [1, { typing: true }],
      [2, { typing: true, user: { id: 'b', name: 'bob' } }],
      [3, { typing: true, user: { id: 'b', name: 'bob' } }],
      [4, { user: { id: 'c', name: 'carol' } }],
      [5, { typing: true, user: { id: 'me', name: 'alice' } }],
    ]);
    expect(readAwareness(states, 1, 'me')).toEqual({ typing: ['bob'], here: 3 });
  });

  it('says who is typing', () => {
    expect(typingText([])).toBe('');
    expect(typingText(['alice'])).toBe('alice is typing…');
    expect(typingText(['alice', 'bob'])).toBe('alice and bob are typing…');
    expect(typingText(['a', 'b', 'c'])).toBe('3 people are typing…');
  });
});
