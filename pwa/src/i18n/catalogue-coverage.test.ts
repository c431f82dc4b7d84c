/** Every error the server can name, in every language: a French page never falls back to English or to a generic line. */
import { ErrorCodes, FieldProblems } from '@volley/shared';
import { describe, expect, it } from 'vitest';
import { en } from './en.js';
import { enLater } from './en-later.js';
import { fr } from './fr.js';
import { frLater } from './fr-later.js';
import { fieldMessage } from './field-message.js';
import { loadMessages, msgFor, setLocale } from './i18n.js';

/** The errors are in the first part (the few the first render shows) and the later one. */
const catalogues: Record<string, Record<string, unknown>> = { en: { ...en, ...enLater }, fr: { ...fr, ...frLater } };

describe('the catalogues cover the server’s errors', () => {
  it.each(Object.keys(catalogues))('%s has a message for every error code and every field problem', (locale) => {
    const catalogue = catalogues[locale]!;
    const missing = [...ErrorCodes.map((code) => `error.${code}`), ...FieldProblems.map((problem) => `field.${problem}`)].filter((key) => !catalogue[key]);
    expect(missing).toEqual([]);
  });

  it('shows a field problem and its bound in French, and no server English', async () => {
    await loadMessages('later');
    await setLocale('fr');
    try {
      expect(fieldMessage('too_long:40')).toBe('Au plus 40 caractères.');
      expect(fieldMessage('wrong_password')).toBe('Mot de passe incorrect.');
      expect(fieldMessage('already taken')).toBe(frLater['field.invalid']);
      expect(msgFor('error', 'code_used', 'error.unknown')).toBe(frLater['error.code_used']);
    } finally {
      await setLocale('en');
    }
  });
});
