import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en.js';
import { fr } from '../i18n/fr.js';
import { splitTones, TONES } from './tone-indicators.js';

describe('tone indicators', () => {
  it('finds a tag written as a word of its own, before the end, a space or punctuation', () => {
    expect(splitTones('that was great /s')).toEqual([{ text: 'that was great ' }, { text: '/s', tone: 'sarcastic' }]);
    expect(splitTones('/j nice one /lh!')).toEqual([{ text: '/j', tone: 'joking' }, { text: ' nice one ' }, { text: '/lh', tone: 'lightHearted' }, { text: '!' }]);
    expect(splitTones('are you ok? /GEN /srs')).toEqual([{ text: 'are you ok? ' }, { text: '/GEN', tone: 'genuine' }, { text: ' ' }, { text: '/srs', tone: 'serious' }]);
  });

  it('leaves alone what only looks like one: and/or, paths, unknown tags, a tag glued to a word', () => {
    for (const text of ['and/or', 'see /usr/bin', 'cd /s/x', 'a /zz tag', 'word/j', 'https://x.test/j', '']) expect(splitTones(text)).toEqual([{ text }]);
  });

  it('every meaning has its label in English and in French', () => {
    for (const meaning of new Set(Object.values(TONES))) {
      expect(en[`tone.${meaning}`]).toBeTruthy();
      expect(fr[`tone.${meaning}`]).toBeTruthy();
    }
  });
});
