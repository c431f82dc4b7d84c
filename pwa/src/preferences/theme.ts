/**
 * Light or dark: the system's until the person chooses. The choice is an attribute on <html>
 * that theme.css reads, kept in this device's storage (so the sign-in page already shows it) and
 * in the account's settings (preferences.ts), so every device follows it.
 */
import { createContext } from '@lit/context';

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

/** Also read by public/app-shell.js, which applies the choice before the first paint. */
const STORAGE_KEY = 'volley.theme';

export const isTheme = (value: unknown): value is Theme => typeof value === 'string' && (THEMES as readonly string[]).includes(value);

/** This device's last choice, else the system's. */
export function detectTheme(): Theme {
  const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
  return isTheme(saved) ? saved : 'system';
}

export function applyTheme(theme: Theme, { remember = false } = {}): void {
  if (remember) globalThis.localStorage?.setItem(STORAGE_KEY, theme);
  if (typeof document === 'undefined') return;
  const root = document.documentElement;
  if (theme === 'system') delete root.dataset.theme;
  else root.dataset.theme = theme;
}

/** The theme chosen (or 'system'), a value that changes (read with `subscribe: true`). */
export const themeContext = createContext<Theme>(Symbol('volley.theme'));
