/** The language switcher: a labelled select that asks the shell to change the locale. */
import { LitElement, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { LocaleChangeEvent } from '../../../events/locale-change-event.js';
import { isLocale, localeNames, locales, msg, type Locale } from '../../../i18n/i18n.js';
import { styles } from './volley-locale-picker.styles.js';

@customElement('volley-locale-picker')
export class VolleyLocalePicker extends LitElement {
  static override styles = styles;

  /** From the parent: a change of locale renders the element again (its text is `msg`'s). */
  @property({ attribute: false }) locale?: Locale;
  /** Hides the label visually (it stays for screen readers and getByLabel). */
  @property({ type: Boolean }) compact = false;

  protected override render() {
    return html`
      <label for="locale" class=${this.compact ? 'visually-hidden' : ''}>${msg('app.language')}</label>
      <select id="locale" @change=${this.#onChange}>
        ${locales.map(
          (code) => html`<option value=${code} ?selected=${code === this.locale} lang=${code}>${localeNames[code]}</option>`,
        )}
      </select>
    `;
  }

  #onChange(event: Event): void {
    const value = (event.target as HTMLSelectElement).value;
    if (isLocale(value)) this.dispatchEvent(new LocaleChangeEvent(value));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-locale-picker': VolleyLocalePicker;
  }
}
