import type { Locale } from '../i18n/i18n.js';

/** The user picked another language; the app shell applies it. */
export class LocaleChangeEvent extends Event {
  static readonly type = 'volley-locale-change';
  constructor(readonly locale: Locale) {
    super(LocaleChangeEvent.type, { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    [LocaleChangeEvent.type]: LocaleChangeEvent;
  }
}
