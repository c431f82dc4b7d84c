/**
 * The app shell: provides the services as contexts and renders the router's page, plus the
 * update banner. Member pages send visitors who are not signed in to /login; the login and
 * register pages stay reachable when signed in (to switch accounts).
 */
import { provide } from '@lit/context';
import { LitElement, html, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import {
  apiContext,
  dbContext,
  localeContext,
  routerContext,
  sessionContext,
  sessionStateContext,
  syncContext,
} from '../../context.js';
import { LocaleChangeEvent } from '../../events/locale-change-event.js';
import { detectLocale, msg, setLocale, type Locale } from '../../i18n/i18n.js';
import { AppUpdate } from '../../pwa/app-update.js';
import { Router } from '../../router/router.js';
import { LOGIN, routes } from '../../router/routes.js';
import { createServices, type Services } from '../../services/services.js';
import type { SessionState } from '../../services/session.js';
import '../volley-update-banner/volley-update-banner.js';
import { styles } from './volley-app.styles.js';

@customElement('volley-app')
export class VolleyApp extends LitElement {
  static override styles = styles;

  readonly services: Services = createServices();
  readonly appUpdate = new AppUpdate();
  readonly #router = new Router(this, routes);

  @provide({ context: apiContext }) api = this.services.api;
  @provide({ context: dbContext }) db = this.services.db;
  @provide({ context: syncContext }) sync = this.services.sync;
  @provide({ context: sessionContext }) session = this.services.session;
  @provide({ context: routerContext }) router = this.#router;
  @provide({ context: sessionStateContext }) @state() sessionState: SessionState = { status: 'booting' };
  @provide({ context: localeContext }) @state() locale: Locale = detectLocale();

  #stopSession: (() => void) | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    setLocale(this.locale);
    this.addEventListener(LocaleChangeEvent.type, this.#onLocaleChange);
    this.#stopSession = this.session.changed.add((state) => (this.sessionState = state));
    if (this.session.state.status === 'booting') void this.session.boot();
    else this.sessionState = this.session.state;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener(LocaleChangeEvent.type, this.#onLocaleChange);
    this.#stopSession?.();
  }

  protected override willUpdate(): void {
    const status = this.sessionState.status;
    if (status === 'booting') return;
    if (status !== 'signed-in' && this.#router.match()?.route.access === 'member') this.#router.navigate(LOGIN, { replace: true });
  }

  protected override render(): TemplateResult {
    return html`<volley-update-banner .appUpdate=${this.appUpdate}></volley-update-banner>${this.#page()}`;
  }

  #page(): TemplateResult {
    if (this.sessionState.status === 'booting') return this.#splash(msg('app.loading'));
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

  readonly #onLocaleChange = (event: LocaleChangeEvent): void => {
    setLocale(event.locale, { remember: true });
    this.locale = event.locale;
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-app': VolleyApp;
  }
}
