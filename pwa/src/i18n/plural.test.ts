import { afterEach, describe, expect, it } from 'vitest';
import { en } from './en.js';
import { fr } from './fr.js';
import { msg, setLocale } from './i18n.js';

describe('counted texts', () => {
  afterEach(() => setLocale('en'));

  it('take the plural form of the language for the count', async () => {
    expect(msg('channels.members', { count: 1 })).toBe('1 member');
    expect(msg('channels.members', { count: 2 })).toBe('2 members');
    expect(msg('chat.blocked', { count: 1 })).toBe('1 message from a blocked user');
    await setLocale('fr');
    expect(msg('channels.members', { count: 1 })).toBe('1 membre');
    expect(msg('channels.members', { count: 0 })).toBe('0 membre');
    expect(msg('channels.members', { count: 3 })).toBe('3 membres');
  });

  it('have a singular and a plural in both languages wherever English counts', () => {
    for (const [key, text] of Object.entries(en)) {
      if (typeof text === 'string') continue;
      const french = fr[key as keyof typeof fr];
      expect(typeof french === 'object' && french.one && french.other, key).toBeTruthy();
    }
  });
});
