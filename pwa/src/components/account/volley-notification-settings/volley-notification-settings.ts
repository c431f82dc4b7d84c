/**
 * Notification settings: pushes on this device (the browser's permission and subscription), the
 * kinds of pushes, what a locked screen shows, quiet hours and every conversation whose level is not
 * its default (each changed or reset here). All but the first are the account's (saved on the
 * server, followed by every device).
 */
import { consume } from '@lit/context';
import { ApiError, type ApiClient } from '@volley/client';
import { defaultLevel, levelOf, PUSH_KINDS, type Conversation, type NotificationSettings, type PushKind } from '@volley/shared';
import { LitElement, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { dbContext, type VolleyDB } from '../../../db/db.js';
import { msg, msgFor, type Locale, localeContext } from '../../../i18n/i18n.js';
import { notificationSettingsOf } from '../../../notifications/notification-settings.js';
import { disablePush, enablePush, pushState, type PushState } from '../../../pwa/web-push.js';
import { apiContext } from '../../../services/client.js';
import { conversationTitle } from '../../../services/conversations.js';
import '../../chat/volley-notification-level/volley-notification-level.js';
import { styles } from './volley-notification-settings.styles.js';

@customElement('volley-notification-settings')
export class VolleyNotificationSettings extends LitElement {
  static override styles = styles;

  @consume({ context: apiContext }) api?: ApiClient;
  @consume({ context: dbContext }) db?: VolleyDB;
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;
  @state() private settings: NotificationSettings | null = null;
  @state() private device: PushState = 'off';
  @state() private error: string | null = null;
  /** My conversations, to list those at a level of their own by name, with their kind's default (an id not among them is shown as is). */
  @state() private conversations = new Map<string, Conversation>();
  #unlisten: (() => void) | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.api) return;
    const store = notificationSettingsOf(this.api, this.db);
    this.#unlisten = store.changed.add((settings) => (this.settings = settings));
    void this.#run(() => store.load());
    void this.api.conversations().then((all) => (this.conversations = new Map(all.map((c) => [c.id, c]))), () => undefined);
    void pushState().then((state) => (this.device = state));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unlisten?.();
  }

  protected override render() {
    const s = this.settings;
    return html`<section aria-labelledby="notification-settings-title">
      <h2 id="notification-settings-title">${msg('notificationSettings.title')}</h2>
      ${this.#device()}
      ${s
        ? html`<fieldset>
              <legend>${msg('notificationSettings.kinds')}</legend>
              ${PUSH_KINDS.map(
                (kind) => html`<label><input type="checkbox" name=${kind} .checked=${s.push[kind]} @change=${(e: Event) => this.#kind(kind, e)} />${msg(`notificationSettings.kind.${kind}`)}</label>`,
              )}
            </fieldset>
            <fieldset>
              <legend>${msg('notificationSettings.preview')}</legend>
              ${(['full', 'sender'] as const).map(
                (preview) => html`<label><input type="radio" name="preview" value=${preview} .checked=${s.preview === preview} @change=${() => this.#save({ preview })} />${msg(`notificationSettings.preview.${preview}`)}</label>`,
              )}
            </fieldset>
            ${this.#quietHours(s)} ${this.#levels(s)}`
        : nothing}
      ${this.error ? html`<p role="alert">${msgFor('error', this.error, 'error.unknown')}</p>` : nothing}
    </section>`;
  }

  #device() {
    const note = { unsupported: 'notificationSettings.deviceUnsupported', denied: 'notificationSettings.deviceDenied', on: 'notificationSettings.deviceIsOn', off: null } as const;
    const text = note[this.device];
    return html`<div class="device">
      <span>${msg('notificationSettings.device')}</span>
      ${this.device === 'off' ? html`<button type="button" @click=${() => this.#switchDevice(true)}>${msg('notificationSettings.deviceOn')}</button>` : nothing}
      ${this.device === 'on' ? html`<button type="button" class="secondary" @click=${() => this.#switchDevice(false)}>${msg('notificationSettings.deviceOff')}</button>` : nothing}
      ${text ? html`<p class="note">${msg(text)}</p>` : nothing}
    </div>`;
  }

  #quietHours(s: NotificationSettings) {
    const quiet = s.quietHours;
    const timeZone = quiet?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
    const set = (change: Partial<NonNullable<NotificationSettings['quietHours']>>) => this.#save({ quietHours: { start: '22:00', end: '07:00', timeZone, ...quiet, ...change } });
    return html`<fieldset>
      <legend><label><input type="checkbox" name="quiet" .checked=${quiet !== null} @change=${(e: Event) => ((e.target as HTMLInputElement).checked ? set({}) : this.#save({ quietHours: null }))} />${msg('notificationSettings.quiet')}</label></legend>
      ${quiet
        ? html`<label>${msg('notificationSettings.quietFrom')} <input type="time" name="quietStart" required .value=${quiet.start} @change=${(e: Event) => set({ start: (e.target as HTMLInputElement).value })} /></label>
            <label>${msg('notificationSettings.quietTo')} <input type="time" name="quietEnd" required .value=${quiet.end} @change=${(e: Event) => set({ end: (e.target as HTMLInputElement).value })} /></label>
            <span class="note">${quiet.timeZone}</span>`
        : nothing}
    </fieldset>`;
  }

  /** Each conversation at another level than its kind's default: a channel raised to all, a DM lowered to mentions, one muted. */
  #levels(s: NotificationSettings) {
    const ids = [...new Set([...s.muted, ...Object.keys(s.levels)])];
    const own = ids.flatMap((id) => {
      const conversation = this.conversations.get(id);
      const kind = conversation?.kind ?? 'channel';
      return levelOf(id, kind, s) === defaultLevel(kind) ? [] : [{ id, kind, title: conversation ? conversationTitle(conversation) : id }];
    });
    if (own.length === 0) return nothing;
    return html`<fieldset>
      <legend>${msg('notificationSettings.levels')}</legend>
      <ul>
        ${own.map(
          ({ id, kind, title }) => html`<li data-testid="leveled-conversation">
            <a href=${`/c/${id}`}>${title}</a>
            <span class="actions">
              <volley-notification-level .convId=${id} .kind=${kind}></volley-notification-level>
              <button type="button" class="secondary small" aria-label=${msg('notificationSettings.resetLevelOf', { name: title })} @click=${() => this.#run(() => notificationSettingsOf(this.api!, this.db).resetLevel(id))}>${msg('notificationSettings.resetLevel')}</button>
            </span>
          </li>`,
        )}
      </ul>
    </fieldset>`;
  }

  #kind(kind: PushKind, event: Event): void {
    if (!this.settings) return;
    void this.#save({ push: { ...this.settings.push, [kind]: (event.target as HTMLInputElement).checked } });
  }

  #save(change: Partial<NotificationSettings>): Promise<void> {
    return this.#run(() => notificationSettingsOf(this.api!, this.db).save(change));
  }

  async #switchDevice(on: boolean): Promise<void> {
    await this.#run(async () => {
      this.device = on ? await enablePush(this.api!) : await disablePush(this.api!);
    });
  }

  async #run(change: () => Promise<unknown>): Promise<void> {
    if (!this.api) return;
    try {
      await change();
      this.error = null;
    } catch (error) {
      this.error = error instanceof ApiError ? error.code : 'unknown';
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-notification-settings': VolleyNotificationSettings;
  }
}
