import { describe, expect, it } from 'vitest';
import { isSingleEmoji } from './emoji.js';

describe('a reaction is one emoji', () => {
  it('accepts single emoji, with skin tones, ZWJ sequences, flags and keycaps', () => {
    for (const emoji of ['👍', '👍🏿', '👩🏽‍🚀', '👨‍👩‍👧‍👦', '🇫🇷', '1️⃣', '❤️']) expect(isSingleEmoji(emoji), emoji).toBe(true);
  });
  it('refuses text, several emoji and lone components', () => {
    for (const value of ['', 'a', 'ok', '1', '#', '👍👍', '👍 ', '<img>', '\u200d']) expect(isSingleEmoji(value), value).toBe(false);
  });
});
