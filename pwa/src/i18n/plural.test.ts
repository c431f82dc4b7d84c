import { afterEach, describe, expect, it } from 'vitest';
import { en } from './en.js';
import { enPages } from './en-pages.js';
import { enSignIn } from './en-sign-in.js';
import { fr } from './fr.js';
import { frPages } from './fr-pages.js';
import { frSignIn } from './fr-sign-in.js';
import { loadMessages, msg, setLocale } from './i18n.js';

describe('counted texts', () => {
  afterEach(() => setLocale('en'));

  it('take the plural form of the language for the count', async () => {
    // The people and channels pages' part: a page's loader asks for it.
    await loadMessages('pages');
    expect(msg('channels.members', { count: 1 })).toBe('1 member');
    expect(msg('channels.members', { count: 2 })).toBe('2 members');
    expect(msg('chat.blocked', { count: 1 })).toBe('1 message from a blocked user');
    await setLocale('fr');
    expect(msg('channels.members', { count: 1 })).toBe('1 membre');
    expect(msg('channels.members', { count: 0 })).toBe('0 membre');
    expect(msg('channels.members', { count: 3 })).toBe('3 membres');
  });

  it('have a singular and a plural in both languages wherever English counts', () => {
    const frenchOf: Record<string, unknown> = { ...fr, ...frSignIn, ...frPages };
    for (const [key, text] of Object.entries({ ...en, ...enSignIn, ...enPages })) {
      if (typeof text === 'string') continue;
      const french = frenchOf[key];
      expect(typeof french === 'object' && french !== null && 'one' in french && 'other' in french, key).toBeTruthy();
    }
  });
});
