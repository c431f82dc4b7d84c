/**
 * How much a conversation notifies (all, mentions only, nothing), chosen from its header: a button
 * saying the level and a menu of the three. Kept in the account's notification settings, so every
 * device and the server's pushes follow it; `nothing` is the conversation's mute. The game's own
 * Mute (volley-mute-toggle) is its sounds, on this device.
 */
import { consume } from '@lit/context';
import type { ApiClient } from '@volley/client';
import { defaultLevel, levelOf, NOTIFICATION_LEVELS, type ChosenLevels, type ConversationKind, type NotificationLevel } from '@volley/shared';
import { LitElement, html } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { dbContext, type VolleyDB } from '../../../db/db.js';
import { msg, type Locale, localeContext } from '../../../i18n/i18n.js';
import { notificationSettingsOf } from '../../../notifications/notification-settings.js';
import { apiContext } from '../../../services/client.js';
import { icons } from '../../ui/icons.js';
import { styles } from './volley-notification-level.styles.js';

@customElement('volley-notification-level')
export class VolleyNotificationLevel extends LitElement {
  static override styles = styles;

  @property() convId = '';
  @property() kind: ConversationKind = 'channel';
  @consume({ context: apiContext }) api?: ApiClient;
  @consume({ context: dbContext }) db?: VolleyDB;
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;
  @state() private chosen: ChosenLevels | null = null;
  @state() private open = false;
  @query('[role=menu]') private menu?: HTMLElement;
  #unlisten: (() => void) | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.api) return;
    const store = notificationSettingsOf(this.api, this.db);
    this.#unlisten = store.changed.add((settings) => (this.chosen = settings));
    if (store.settings) this.chosen = store.settings;
    void store.load().catch(() => undefined);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unlisten?.();
  }

  /** Its label is a part: the chat's header shows the icon alone where room is short (page-chat.styles.ts). */
  protected override render() {
    const level = levelOf(this.convId, this.kind, this.chosen);
    const label = msg('notifications.levelOf', { level: msg(`notifications.level.${level}`) });
    return html`<button type="button" class="secondary small" part="button" data-testid="notification-level" data-level=${level} aria-label=${label} title=${label} aria-haspopup="menu" aria-expanded=${this.open ? 'true' : 'false'} ?disabled=${this.chosen === null} @click=${this.#toggle}>
        ${level === 'nothing' ? icons.bellOff : icons.bell}<span part="label">${msg(`notifications.level.${level}`)}</span>
      </button>
      <div role="menu" popover aria-label=${msg('notifications.levelTitle')} @toggle=${(e: ToggleEvent) => (this.open = e.newState === 'open')} @keydown=${this.#onKey}>
        ${NOTIFICATION_LEVELS.map(
          (option) => html`<button type="button" role="menuitemradio" data-level=${option} aria-checked=${option === level ? 'true' : 'false'} @click=${() => this.#choose(option)}>
            <span class="check" aria-hidden="true">${option === level ? '✓' : ''}</span>
            <span class="text"><span class="name">${msg(`notifications.level.${option}`)}${option === defaultLevel(this.kind) ? ` (${msg('notifications.levelDefault')})` : ''}</span><span class="hint">${msg(`notifications.levelHint.${option}`)}</span></span>
          </button>`,
        )}
      </div>`;
  }

  /** Kept to itself: the header's menu of more actions closes on a click inside it, which would hide this one. */
  readonly #toggle = (event: Event): void => {
    event.stopPropagation();
    this.menu?.togglePopover();
    if (this.menu?.matches(':popover-open')) this.menu.querySelector<HTMLElement>('[aria-checked=true]')?.focus();
  };

  readonly #onKey = (event: KeyboardEvent): void => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    const items = [...(this.menu?.querySelectorAll<HTMLElement>('[role=menuitemradio]') ?? [])];
    const at = items.indexOf(this.shadowRoot?.activeElement as HTMLElement);
    items[(at + (event.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus();
  };

  #choose(level: NotificationLevel): void {
    this.menu?.hidePopover();
    if (this.api) void notificationSettingsOf(this.api, this.db).setLevel(this.convId, level).catch(() => undefined);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-notification-level': VolleyNotificationLevel;
  }
}
