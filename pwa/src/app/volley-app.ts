/**
 * The app shell: provides the services as contexts and renders the router's page, plus the
 * update banner and, on member pages, the navigation. Member pages send visitors who are not
 * signed in to /login; the login and register pages stay reachable when signed in (to switch
 * accounts). While signed in it holds my user room (presence) and refreshes the cached lists
 * whenever the server becomes reachable.
 */
import { provide } from '@lit/context';
import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { PresenceStatus } from '@volley/shared';
import { dbContext } from '../db/db.js';
import { channelsContext } from '../services/channels.js';
import { apiContext, volleyContext } from '../services/client.js';
import { membersContext } from '../services/members.js';
import { presenceContext, socialContext } from '../services/social.js';
import { syncContext, type SyncManager } from '../sync/sync-manager.js';
import type { VolleyClient } from '@volley/client';
import { MyRoomController } from '../controllers/my-room-controller.js';
import { LocaleChangeEvent } from '../events/locale-change-event.js';
import { ViewShownEvent } from '../events/view-shown-event.js';
import { ThemeChangeEvent } from '../events/theme-change-event.js';
import { detectLocale, getLocale, msg, setLocale, type Locale, localeContext, withLaterMessages } from '../i18n/i18n.js';
import { AppUpdate } from '../pwa/app-update.js';
import { nextTask } from './next-task.js';
import { followPushClicks } from '../pwa/push-clicks.js';
import { Router, routerContext } from '../router/router.js';
import { loginPathFor } from '../router/next-path.js';
import type { Preferences } from '../preferences/preferences.js';
import { routes } from './routes.js';
import { saveLocale } from '../services/account.js';
import { applyTheme, detectTheme, type Theme, themeContext } from '../preferences/theme.js';
import { refreshConversations } from '../services/conversations.js';
import { gamePath } from '../services/games.js';
import { createServices, type Services } from '../services/services.js';
import { onlineContext, sessionContext, sessionStateContext, type SessionState } from '../services/session.js';
import './volley-nav.js';
import { styles } from './volley-app.styles.js';

@customElement('volley-app')
export class VolleyApp extends LitElement {
  static override styles = styles;

  readonly services: Services = createServices();
  readonly appUpdate = new AppUpdate();
  readonly #router = new Router(this, routes);
  readonly #myRoom = new MyRoomController(
    this,
    this.services,
    () => (this.sessionState.status === 'signed-in' ? this.sessionState.user.id : null),
    { sync: () => this.sync, joinGame: (gameId) => this.#router.navigate(gamePath(gameId)), preferences: (preferences) => this.#follow(preferences), path: () => this.#router.path },
  );

  @provide({ context: apiContext }) api = this.services.api;
  /** The client library's step, provided once it has loaded after the first page (its consumers subscribe). */
  @provide({ context: volleyContext }) volley: VolleyClient | undefined;
  @provide({ context: dbContext }) db = this.services.db;
  @provide({ context: syncContext }) sync: SyncManager | undefined;
  @provide({ context: sessionContext }) session = this.services.session;
  @provide({ context: routerContext }) router = this.#router;
  @provide({ context: sessionStateContext }) @state() sessionState: SessionState = { status: 'booting' };
  @provide({ context: localeContext }) @state() locale: Locale = detectLocale();
  @provide({ context: socialContext }) social = this.services.social;
  @provide({ context: channelsContext }) channels = this.services.channels;
  @provide({ context: membersContext }) members = this.services.members;
  @provide({ context: presenceContext }) presence: Readonly<Record<string, PresenceStatus>> = {};
  @provide({ context: onlineContext }) online = false;
  @provide({ context: themeContext }) @state() theme: Theme = detectTheme();

  /** A new version waits: its banner (volley-update-banner.ts) is fetched then, out of the first load. */
  @state() private updateWaiting = false;
  /** The conversation switcher is open (Ctrl+K or ⌘K). */
  @state() private switching = false;

  #stopSession: (() => void) | null = null;
  #stopUpdate: (() => void) | null = null;
  /** The first page's main content painted, on a page that tells (`Route.showsLater`). */
  readonly #viewShown = new Promise<void>((resolve) => this.addEventListener(ViewShownEvent.type, () => resolve(), { once: true }));

  override connectedCallback(): void {
    super.connectedCallback();
    // French is fetched first: until it has arrived the shell shows its splash; English if it cannot be.
    void setLocale(this.locale).then(
      () => this.requestUpdate(),
      () => (this.locale = 'en'),
    );
    applyTheme(this.theme);
    this.addEventListener(LocaleChangeEvent.type, this.#onLocaleChange);
    this.addEventListener(ThemeChangeEvent.type, this.#onThemeChange);
    window.addEventListener('online', this.#onNetwork);
    window.addEventListener('offline', this.#onNetwork);
    document.addEventListener('keydown', this.#onShortcut);
    this.#stopSession = this.session.changed.add((state) => (this.sessionState = state));
    this.#stopUpdate = this.appUpdate.changed.add((waiting) => {
      if (waiting) void withLaterMessages(() => import('./volley-update-banner.js'));
      this.updateWaiting = waiting;
    });
    if (this.session.state.status === 'booting') void this.session.boot();
    else this.sessionState = this.session.state;
    followPushClicks((path) => this.#router.navigate(path));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener(LocaleChangeEvent.type, this.#onLocaleChange);
    this.removeEventListener(ThemeChangeEvent.type, this.#onThemeChange);
    window.removeEventListener('online', this.#onNetwork);
    window.removeEventListener('offline', this.#onNetwork);
    document.removeEventListener('keydown', this.#onShortcut);
    this.#stopSession?.();
    this.#stopUpdate?.();
  }

  protected override willUpdate(): void {
    this.presence = this.#myRoom.presence;
    const state = this.sessionState;
    const online = state.status === 'signed-in' && state.online && navigator.onLine;
    if (online && !this.online) void this.#refresh();
    this.online = online;
    const status = state.status;
    if (status === 'booting') return;
    if (status !== 'signed-in' && this.#router.match()?.route.access === 'member') this.#router.navigate(loginPathFor(this.#router.path), { replace: true });
  }

  /** The chat page's static frame (index.html, public/app-shell.js) gives way to the first page, in the same frame. */
  protected override updated(): void {
    if (this.#waiting()) return;
    document.getElementById('app-shell')?.remove();
    if (!this.volley) void this.#loadClient();
  }

  /**
   * The client library's rooms and outboxes (services/services.ts): a step after the first page has
   * painted, or after its main content has on a page that tells (the chat page: a conversation's
   * newest messages from the device, which need none of it).
   */
  async #loadClient(): Promise<void> {
    await (this.#router.match()?.route.showsLater ? this.#viewShown : nextTask());
    const { volley, sync } = await this.services.client();
    [this.volley, this.sync] = [volley, sync];
    this.requestUpdate();
  }

  /** Booting, fetching the language or the page's chunk: the splash, under the static frame if it shows. */
  #waiting(): boolean {
    if (this.sessionState.status === 'booting' || getLocale() !== this.locale) return true;
    const match = this.#router.match();
    return !!match && !(this.sessionState.status === 'signed-in' && this.sessionState.banned) && this.#router.pageState(match.route) === 'loading';
  }

  protected override render(): TemplateResult {
    const member = this.sessionState.status === 'signed-in' && !this.sessionState.banned && this.#router.match()?.route.access === 'member';
    return html`${this.updateWaiting ? html`<volley-update-banner .locale=${this.locale} .appUpdate=${this.appUpdate}></volley-update-banner>` : nothing}
      <div class="shell">${member ? html`<volley-nav .path=${this.#router.path}></volley-nav>` : ''}${this.#page()}</div>
      ${this.switching ? html`<volley-conversation-switcher .locale=${this.locale} @close=${() => (this.switching = false)}></volley-conversation-switcher>` : nothing}`;
  }

  /** Ctrl+K, ⌘K on a Mac: the conversation switcher (fetched then), for a member on any page. */
  readonly #onShortcut = (event: KeyboardEvent): void => {
    if (event.key.toLowerCase() !== 'k' || !(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
    if (this.sessionState.status !== 'signed-in' || this.sessionState.banned) return;
    event.preventDefault();
    void withLaterMessages(() => import('../components/chat/volley-conversation-switcher/volley-conversation-switcher.js')).then(async () => {
      this.switching = true;
      await this.updateComplete;
      await this.renderRoot.querySelector('volley-conversation-switcher')?.show();
    });
  };

  /** Offline or failing: the cached lists stay; the next time the server is reachable retries. */
  async #refresh(): Promise<void> {
    const { api, db, social } = this.services;
    await Promise.all([refreshConversations(api, db), social.refresh()]).catch(() => undefined);
  }

  #page(): TemplateResult {
    if (this.sessionState.status === 'booting' || getLocale() !== this.locale) {
      // The page's chunk travels beside the session's refresh and the language, not after them.
      const match = this.#router.match();
      if (match) this.#router.pageState(match.route);
      return this.#splash(msg('app.loading'));
    }
    // Every room would be refused: no page opens them again. What is stored here stays.
    if (this.sessionState.status === 'signed-in' && this.sessionState.banned) {
      void withLaterMessages(() => import('./volley-banned.js'));
      return html`<volley-banned .ban=${this.sessionState.banned} .locale=${this.locale}></volley-banned>`;
    }
    const match = this.#router.match();
    if (!match) {
      return html`<main class="splash">
        <p>${msg('app.notFound')}</p>
        <a href="/">${msg('app.goHome')}</a>
      </main>`;
    }
    switch (this.#router.pageState(match.route)) {
      case 'loaded':
        return match.route.render(match.params);
      case 'failed':
        return this.#splash(msg('error.network'));
      default:
        return this.#splash(msg('app.loading'));
    }
  }

  #splash(text: string): TemplateResult {
    return html`<main class="splash" aria-busy="true"><p>${text}</p></main>`;
  }

  readonly #onNetwork = (): void => this.requestUpdate();

  readonly #onLocaleChange = (event: LocaleChangeEvent): void => {
    this.#showLocale(event.locale);
    this.#myRoom.savePreference('locale', event.locale);
    // The server writes its mails (password reset, email change) in the language last chosen.
    if (this.sessionState.status === 'signed-in') void saveLocale(this.api, event.locale).catch(() => undefined);
  };

  readonly #onThemeChange = (event: ThemeChangeEvent): void => {
    this.#showTheme(event.theme);
    this.#myRoom.savePreference('theme', event.theme);
  };

  /** The account's choices, as stored and whenever another device changes them; this device remembers them for its sign-in page. */
  #follow({ locale, theme }: Preferences): void {
    if (locale && locale !== this.locale) this.#showLocale(locale);
    if (theme && theme !== this.theme) this.#showTheme(theme);
  }

  #showLocale(locale: Locale): void {
    // A language chosen after this one, and loaded first, stays: the one shown is i18n's.
    void setLocale(locale, { remember: true }).then(() => (this.locale = getLocale()));
  }

  #showTheme(theme: Theme): void {
    applyTheme(theme, { remember: true });
    this.theme = theme;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-app': VolleyApp;
  }
}
