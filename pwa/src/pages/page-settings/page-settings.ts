/**
 * My settings, one page per section (`/settings/<section>`): profile and preferences, account and
 * security, where I am signed in, bots, notifications. My profile comes from Dexie first (offline
 * too), then from the API.
 */
import { consume } from '@lit/context';
import type { ApiClient } from '@volley/client';
import type { UserProfile } from '@volley/shared';
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { LiveQueryController } from '../../controllers/live-query-controller.js';
import { dbContext, type VolleyDB } from '../../db/db.js';
import { msg, type Locale, localeContext } from '../../i18n/i18n.js';
import { apiContext } from '../../services/client.js';
import { fetchProfile } from '../../services/profiles.js';
import { onlineContext, type SessionState, sessionStateContext } from '../../services/session.js';
import '../../components/account/volley-profile-editor/volley-profile-editor.js';
import '../../components/account/volley-settings/volley-settings.js';
import '../../components/account/volley-notification-settings/volley-notification-settings.js';
import '../../components/account/volley-linked-sign-in/volley-linked-sign-in.js';
import '../../components/account/volley-account-settings/volley-account-settings.js';
import '../../components/account/volley-bots/volley-bots.js';
import '../../components/account/volley-sessions/volley-sessions.js';
import { isSettingsSection, SETTINGS_SECTIONS, sectionLabel, settingsPath, type SettingsSection } from './settings-sections.js';
import { styles } from './page-settings.styles.js';

@customElement('page-settings')
export class PageSettings extends LitElement {
  static override styles = styles;

  /** The section in the address; an unknown one shows "not found" beside the section links. */
  @property() section = 'profile';
  @consume({ context: apiContext }) api?: ApiClient;
  @consume({ context: dbContext }) db?: VolleyDB;
  @consume({ context: sessionStateContext, subscribe: true }) sessionState?: SessionState;
  /** `@state` so that its changes show in `willUpdate` (a context alone only asks for a render). */
  @consume({ context: onlineContext, subscribe: true }) @state() online = false;
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;

  readonly #profile = new LiveQueryController(
    this,
    async () => {
      const id = this.#me();
      return id && this.db ? ((await this.db.users.get(id)) ?? null) : null;
    },
    () => [this.#me()],
  );

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('online') && this.online) void this.#fetch();
  }

  protected override render() {
    const profile = this.#profile.value ?? null;
    // A bot signs in with a token of its owner's: it has no bots or linked sign-in of its own.
    const sections = SETTINGS_SECTIONS.filter((s) => s !== 'bots' || !profile?.bot);
    const section = isSettingsSection(this.section) && sections.includes(this.section) ? this.section : null;
    return html`<main>
      <h1>${msg('settings.title')}</h1>
      <nav aria-label=${msg('settings.title')}>
        <ul>
          ${sections.map(
            (s) => html`<li><a href=${settingsPath(s)} aria-current=${s === section ? 'page' : 'false'}>${msg(sectionLabel(s))}</a></li>`,
          )}
        </ul>
      </nav>
      <div class="content">${section ? this.#section(section, profile) : html`<p role="status">${msg('settingsPages.notFound')}</p>`}</div>
    </main>`;
  }

  #section(section: SettingsSection, profile: UserProfile | null) {
    switch (section) {
      case 'profile':
        return html`<volley-profile-editor .profile=${profile ?? null}></volley-profile-editor><volley-settings></volley-settings>`;
      case 'account':
        return html`<volley-account-settings></volley-account-settings>${profile?.bot ? nothing : html`<volley-linked-sign-in></volley-linked-sign-in>`}`;
      case 'sessions':
        return html`<volley-sessions></volley-sessions>`;
      case 'bots':
        return html`<volley-bots></volley-bots>`;
      case 'notifications':
        return html`<volley-notification-settings></volley-notification-settings>`;
    }
  }

  #me(): string | null {
    return this.sessionState?.status === 'signed-in' ? this.sessionState.user.id : null;
  }

  async #fetch(): Promise<void> {
    const id = this.#me();
    if (!this.api || !this.db || !id) return;
    await fetchProfile(this.api, this.db, id).catch(() => undefined);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'page-settings': PageSettings;
  }
}
