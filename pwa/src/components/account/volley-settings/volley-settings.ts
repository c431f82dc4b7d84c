/**
 * My settings that follow me on every device, offline too: the theme and the language (applied by
 * the shell, which keeps them in my user document) and read receipts (kept there directly). The
 * language chosen shows as chosen at once; the page's text follows when its catalogue has arrived.
 */
import { consume } from '@lit/context';
import { UserDoc } from '@volley/shared';
import { LitElement, css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { RoomController } from '../../../controllers/room-controller.js';
import { LocaleChangeEvent } from '../../../events/locale-change-event.js';
import { ThemeChangeEvent } from '../../../events/theme-change-event.js';
import { chosenLocale, isLocale, localeNames, locales, msg, type Locale, localeContext } from '../../../i18n/i18n.js';
import { isTheme, THEMES, type Theme, themeContext } from '../../../preferences/theme.js';
import { myUserRoom, type SessionState, sessionStateContext } from '../../../services/session.js';
import { syncContext, type SyncManager } from '../../../sync/sync-manager.js';
import { choiceStyles } from '../../../styles/shared.styles.js';

@customElement('volley-settings')
export class VolleySettings extends LitElement {
  static override styles = [
    choiceStyles,
    css`
    h2 {
      font-size: 1rem;
      margin: 0 0 var(--volley-space-2);
    }
    fieldset {
      border: 1px solid var(--volley-border);
      border-radius: var(--volley-radius-small);
      margin: 0 0 var(--volley-space-3);
      padding: var(--volley-space-2) var(--volley-space-3);
      display: flex;
      flex-wrap: wrap;
      gap: var(--volley-space-2) var(--volley-space-4);
    }
    legend {
      padding: 0 var(--volley-space-1);
    }
    label {
      display: flex;
      gap: var(--volley-space-2);
      align-items: flex-start;
      min-height: 24px;
    }
    input {
      margin-top: 3px;
    }
  `,
  ];

  @consume({ context: syncContext, subscribe: true }) sync?: SyncManager;
  @consume({ context: sessionStateContext, subscribe: true }) sessionState?: SessionState;
  /** A change of language renders the text again; the radio shows the language chosen (`chosenLocale`), which may still be loading. */
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;
  @consume({ context: themeContext, subscribe: true }) theme: Theme = 'system';

  readonly #room = new RoomController(this, {
    sync: () => this.sync,
    name: () => myUserRoom(this.sessionState),
    observe: (doc) => [UserDoc.settings(doc)],
  });

  protected override render() {
    const doc = this.#room.doc;
    const receipts = doc ? UserDoc.settings(doc).get('readReceipts') !== false : true;
    return html`<section aria-labelledby="preferences">
      <h2 id="preferences">${msg('settings.preferences')}</h2>
      <fieldset>
        <legend>${msg('settings.theme')}</legend>
        ${THEMES.map(
          (theme) =>
            html`<label><input type="radio" name="theme" value=${theme} .checked=${this.theme === theme} @change=${this.#chooseTheme} />${msg(`settings.theme.${theme}`)}</label>`,
        )}
      </fieldset>
      <fieldset>
        <legend>${msg('settings.language')}</legend>
        ${locales.map(
          (locale) =>
            html`<label lang=${locale}><input type="radio" name="language" value=${locale} .checked=${live(chosenLocale() === locale)} @change=${this.#chooseLocale} />${localeNames[locale]}</label>`,
        )}
      </fieldset>
      <label><input type="checkbox" .checked=${receipts} ?disabled=${!doc} @change=${this.#toggle} />${msg('settings.readReceipts')}</label>
    </section>`;
  }

  readonly #chooseTheme = (event: Event): void => {
    const value = (event.target as HTMLInputElement).value;
    if (isTheme(value)) this.dispatchEvent(new ThemeChangeEvent(value));
  };

  readonly #chooseLocale = (event: Event): void => {
    const value = (event.target as HTMLInputElement).value;
    if (isLocale(value)) this.dispatchEvent(new LocaleChangeEvent(value));
  };

  readonly #toggle = (event: Event): void => {
    const doc = this.#room.doc;
    if (doc) UserDoc.settings(doc).set('readReceipts', (event.target as HTMLInputElement).checked);
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-settings': VolleySettings;
  }
}
