import type { Theme } from '../preferences/theme.js';

/** The user picked a theme; the app shell applies it and saves it to the account. */
export class ThemeChangeEvent extends Event {
  static readonly type = 'volley-theme-change';
  constructor(readonly theme: Theme) {
    super(ThemeChangeEvent.type, { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    [ThemeChangeEvent.type]: ThemeChangeEvent;
  }
}
