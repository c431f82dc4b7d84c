/** My settings, kept in my user document (so they follow me and work offline): read receipts on or off. */
import { consume } from '@lit/context';
import { UserDoc } from '@volley/shared';
import { LitElement, css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { RoomController } from '../../../controllers/room-controller.js';
import { msg, type Locale, localeContext } from '../../../i18n/i18n.js';
import { myUserRoom, type SessionState, sessionStateContext } from '../../../services/session.js';
import { syncContext, type SyncManager } from '../../../sync/sync-manager.js';

@customElement('volley-settings')
export class VolleySettings extends LitElement {
  static override styles = css`
    h2 {
      font-size: 1rem;
      margin: 0 0 var(--volley-space-2);
    }
    label {
      display: flex;
      gap: var(--volley-space-2);
      align-items: flex-start;
    }
    input {
      margin-top: 3px;
    }
  `;

  @consume({ context: syncContext }) sync?: SyncManager;
  @consume({ context: sessionStateContext, subscribe: true }) sessionState?: SessionState;
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;

  readonly #room = new RoomController(this, {
    sync: () => this.sync,
    name: () => myUserRoom(this.sessionState),
    observe: (doc) => [UserDoc.settings(doc)],
  });

  protected override render() {
    const doc = this.#room.doc;
    const receipts = doc ? UserDoc.settings(doc).get('readReceipts') !== false : true;
    return html`<section aria-labelledby="settings">
      <h2 id="settings">${msg('settings.title')}</h2>
      <label><input type="checkbox" .checked=${receipts} ?disabled=${!doc} @change=${this.#toggle} />${msg('settings.readReceipts')}</label>
    </section>`;
  }

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
