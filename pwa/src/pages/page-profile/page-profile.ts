/**
 * A profile, `/u/:id`: picture, names, bio and games (stats, rating chart, match history). Mine can be edited; on
 * someone else's, the friendship, DM and block actions that fit our relation. Read from Dexie
 * first (offline too), then from the API.
 */
import { consume } from '@lit/context';
import type { PresenceStatus, UserProfile } from '@volley/shared';
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { apiContext } from '../../services/client.js';
import { onlineContext } from '../../services/session.js';
import { FormController } from '../../controllers/form-controller.js';
import { LiveQueryController } from '../../controllers/live-query-controller.js';
import { dbContext, type StoredRequest, type VolleyDB } from '../../db/db.js';
import { formError } from '../../forms/text-field.js';
import { msg, msgFor, type Locale, type MessageKey, localeContext } from '../../i18n/i18n.js';
import { routerContext, type Router } from '../../router/router.js';
import type { ApiClient } from '@volley/client';
import { ApiError } from '@volley/client';
import { showDm, type Channels, channelsContext } from '../../services/channels.js';
import { fetchProfile } from '../../services/profiles.js';
import { presenceContext, socialContext, type Social } from '../../services/social.js';
import '../../components/people/volley-avatar/volley-avatar.js';
import type { VolleyConfirmDialog } from '../../components/ui/volley-confirm-dialog/volley-confirm-dialog.js';
import '../../components/ui/volley-confirm-dialog/volley-confirm-dialog.js';
import '../../components/game/volley-game-stats/volley-game-stats.js';
import '../../tournaments/volley-played-tournaments.js';
import '../../components/people/volley-presence-dot/volley-presence-dot.js';
import '../../components/people/volley-bot-badge/volley-bot-badge.js';
import { SETTINGS_SECTIONS, sectionLabel, settingsPath } from '../page-settings/settings-sections.js';
import { styles } from './page-profile.styles.js';

@customElement('page-profile')
export class PageProfile extends LitElement {
  static override styles = styles;

  @property() userId = '';
  @consume({ context: apiContext }) api?: ApiClient;
  @consume({ context: dbContext }) db?: VolleyDB;
  @consume({ context: socialContext }) social?: Social;
  @consume({ context: channelsContext }) channels?: Channels;
  @consume({ context: routerContext }) router?: Router;
  @consume({ context: presenceContext, subscribe: true }) presence: Readonly<Record<string, PresenceStatus>> = {};
  /** `@state` so that its changes show in `willUpdate` (a context alone only asks for a render). */
  @consume({ context: onlineContext, subscribe: true }) @state() online = false;
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;
  /** Why the profile could not be fetched (an error code), when it is not cached either. */
  @state() private loadError: string | null = null;
  @query('volley-confirm-dialog') private confirm!: VolleyConfirmDialog;
  readonly #action = new FormController(this, () => []);

  readonly #data = new LiveQueryController(
    this,
    async () => {
      const db = this.db;
      if (!db) return null;
      const [profile, requests] = await Promise.all([db.users.get(this.userId), db.friendRequests.toArray()]);
      const request = requests.find((r) => (r.direction === 'sent' ? r.to.id : r.from.id) === this.userId);
      return { profile, request };
    },
    () => [this.userId],
  );

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('userId')) this.loadError = null;
    if ((changed.has('userId') || changed.has('online')) && this.online) void this.#fetch();
  }

  protected override render() {
    const data = this.#data.value;
    const profile = data?.profile;
    if (!profile) {
      const text = this.loadError ? msgFor('error', this.loadError, 'error.unknown') : msg(this.online ? 'app.loading' : 'profile.unavailableOffline');
      return html`<main><p class="hint" role="status">${data ? text : ''}</p></main>`;
    }
    return html`<main>
      <header class="identity">
        <volley-avatar .name=${profile.displayName} .src=${profile.avatarUrl}></volley-avatar>
        <div>
          <h1 data-testid="profile-name">${profile.displayName} ${profile.bot ? html`<volley-bot-badge .locale=${this.locale}></volley-bot-badge>` : nothing}</h1>
          <p class="username">
            ${profile.relation === 'friend' ? html`<volley-presence-dot .locale=${this.locale} status=${this.presence[profile.id] ?? 'offline'}></volley-presence-dot>` : nothing}@${profile.username}
          </p>
        </div>
      </header>
      ${this.online ? nothing : html`<p class="offline" role="status">${msg('common.offline')}</p>`}
      ${profile.relation === 'self' ? nothing : html`<div class="actions">${this.#actions(profile, data?.request)}</div>`} ${formError(this.#action.formError)}
      <section aria-labelledby="bio-title">
        <h2 id="bio-title">${msg('profile.about')}</h2>
        <p class="bio">${profile.bio || msg('profile.noBio')}</p>
      </section>
      ${profile.relation === 'self' ? html`<nav class="settings" aria-label=${msg('settings.title')}>
            <h2>${msg('settings.title')}</h2>
            <ul>
              ${SETTINGS_SECTIONS.filter((s) => s !== 'bots' || !profile.bot).map((s) => html`<li><a class="button secondary" href=${settingsPath(s)}>${msg(sectionLabel(s))}</a></li>`)}
            </ul>
          </nav>` : nothing}
      <section aria-labelledby="games-title">
        <h2 id="games-title">${msg('profile.games')}</h2>
        <volley-game-stats .userId=${profile.id}></volley-game-stats>
      </section>
      <section aria-labelledby="tournaments-title">
        <h2 id="tournaments-title">${msg('tournaments.title')}</h2>
        <volley-played-tournaments .userId=${profile.id}></volley-played-tournaments>
      </section>
      <volley-confirm-dialog .locale=${this.locale}></volley-confirm-dialog>
    </main>`;
  }

  #actions(profile: UserProfile, request: StoredRequest | undefined) {
    const social = this.social!;
    const id = profile.id;
    switch (profile.relation) {
      case 'blocked':
        return this.#button('people.unblock', () => social.unblock(id));
      case 'friend':
        return html`${this.#button('people.message', () => showDm(this.channels!, this.router, id), false)} ${this.#button('people.removeFriend', () => social.removeFriend(id))}
        ${this.#block(profile)}`;
      case 'request_sent':
        return html`${request ? this.#button('people.cancelRequest', () => social.cancel(request.id)) : nothing} ${this.#button('people.message', () => showDm(this.channels!, this.router, id))}
        ${this.#block(profile)}`;
      case 'request_received':
        return html`${request ? html`${this.#button('people.accept', () => social.accept(request.id), false)} ${this.#button('people.decline', () => social.decline(request.id))}` : nothing}
        ${this.#button('people.message', () => showDm(this.channels!, this.router, id))} ${this.#block(profile)}`;
      default:
        return html`${this.#button('people.addFriend', () => social.sendRequest(id), false)} ${this.#button('people.message', () => showDm(this.channels!, this.router, id))}
        ${this.#block(profile)}`;
    }
  }

  /** Blocking cuts the DM and hides their messages: asked first, in red. */
  #block(profile: UserProfile) {
    const name = profile.displayName;
    const ask = () => this.confirm.ask({ title: msg('people.blockTitle', { name }), consequence: msg('people.blockConsequence', { name }), confirm: msg('people.block') });
    return this.#button('people.block', () => this.social!.block(profile.id), true, ask);
  }

  #button(label: MessageKey, action: () => Promise<unknown>, secondary = true, ask?: () => Promise<boolean>) {
    const run = async () => {
      if (ask && !(await ask())) return;
      await this.#action.submit(async () => {
        await action();
        await this.#fetch();
      });
    };
    return html`<button type="button" class="${secondary ? 'secondary' : ''} ${ask ? 'danger' : ''}" ?disabled=${!this.online || this.#action.submitting} @click=${run}>${msg(label)}</button>`;
  }

  async #fetch(): Promise<void> {
    if (!this.api || !this.db || !this.userId) return;
    try {
      await fetchProfile(this.api, this.db, this.userId);
      this.loadError = null;
    } catch (error) {
      this.loadError = error instanceof ApiError ? error.code : 'unknown';
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'page-profile': PageProfile;
  }
}
