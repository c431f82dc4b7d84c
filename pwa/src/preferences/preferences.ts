/**
 * The person's language and theme, kept in their user document's `settings` (docs/architecture.md
 * §3), which every signed-in device holds and follows live, offline too. The document is the
 * person's own and read as untrusted: a value this version does not know is ignored.
 */
import { UserDoc } from '@volley/shared';
import type * as Y from 'yjs';
import { isLocale, type Locale } from '../i18n/i18n.js';
import { isTheme, type Theme } from './theme.js';

export interface Preferences {
  locale?: Locale;
  theme?: Theme;
}

export function preferencesOf(doc: Y.Doc): Preferences {
  const settings = UserDoc.settings(doc);
  const locale = settings.get('locale');
  const theme = settings.get('theme');
  return { ...(isLocale(locale) ? { locale } : {}), ...(isTheme(theme) ? { theme } : {}) };
}

/** Calls `follow` with the stored preferences now and whenever one of them changes, from any device. */
export function followPreferences(doc: Y.Doc, follow: (preferences: Preferences) => void): () => void {
  const settings = UserDoc.settings(doc);
  const changed = (event: Y.YMapEvent<unknown>): void => {
    if (event.keysChanged.has('locale') || event.keysChanged.has('theme')) follow(preferencesOf(doc));
  };
  settings.observe(changed);
  follow(preferencesOf(doc));
  return () => settings.unobserve(changed);
}

export function savePreference<K extends keyof Preferences>(doc: Y.Doc, key: K, value: NonNullable<Preferences[K]>): void {
  const settings = UserDoc.settings(doc);
  if (settings.get(key) !== value) settings.set(key, value);
}
