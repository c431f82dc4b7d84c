/**
 * Mutes a conversation's notifications (its messages and mentions push nothing): a toggle on the
 * conversation's header, kept in the account's notification settings, so every device follows it.
 * The game's own Mute (volley-mute-toggle) is its sounds, on this device.
 */
import { consume } from '@lit/context';
import type { ApiClient } from '@volley/client';
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { msg, type Locale, localeContext } from '../../../i18n/i18n.js';
import { notificationSettingsOf } from '../../../notifications/notification-settings.js';
import { apiContext } from '../../../services/client.js';
import { buttonStyles } from '../../../styles/shared.styles.js';
import { icons } from '../../ui/icons.js';

@customElement('volley-conversation-mute')
export class VolleyConversationMute extends LitElement {
  static override styles = [
    buttonStyles,
    css`
      .icon {
        width: 20px;
        height: 20px;
      }
    `,
  ];

  @property() convId = '';
  @consume({ context: apiContext }) api?: ApiClient;
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;
  @state() private muted: readonly string[] | null = null;
  #unlisten: (() => void) | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.api) return;
    const store = notificationSettingsOf(this.api);
    this.#unlisten = store.changed.add((settings) => (this.muted = settings.muted));
    if (store.settings) this.muted = store.settings.muted;
    else void store.load().catch(() => undefined);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unlisten?.();
  }

  /** Its label is a part: the chat's header shows the icon alone where room is short (page-chat.styles.ts). */
  protected override render() {
    const muted = this.muted?.includes(this.convId) ?? false;
    const label = msg(muted ? 'notifications.unmute' : 'notifications.mute');
    return html`<button type="button" class="secondary small" part="button" data-testid="conversation-mute" aria-label=${label} title=${label} aria-pressed=${muted ? 'true' : 'false'} ?disabled=${this.muted === null} @click=${() => this.#toggle(!muted)}>
      ${muted ? icons.bellOff : icons.bell}<span part="label">${label}</span>
    </button>`;
  }

  #toggle(muted: boolean): void {
    if (this.api) void notificationSettingsOf(this.api).setMuted(this.convId, muted).catch(() => undefined);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-conversation-mute': VolleyConversationMute;
  }
}
