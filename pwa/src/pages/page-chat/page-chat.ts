/**
 * The chat: header (conversation, connection, me, language, log out), the conversation list and
 * the open conversation. Conversations come from Dexie, refreshed from the API whenever the
 * session is online; `/` opens #general.
 */
import { consume } from '@lit/context';
import type { Conversation } from '@volley/shared';
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { apiContext, dbContext, localeContext, routerContext, sessionContext, sessionStateContext } from '../../context.js';
import { LiveQueryController } from '../../controllers/live-query-controller.js';
import type { Me, VolleyDB } from '../../db/db.js';
import { msg, type Locale } from '../../i18n/i18n.js';
import type { Router } from '../../router/router.js';
import type { ApiClient } from '../../services/api-client.js';
import { inListOrder, refreshConversations } from '../../services/conversations.js';
import type { Session, SessionState } from '../../services/session.js';
import '../../components/volley-connection-status/volley-connection-status.js';
import '../../components/volley-conversation/volley-conversation.js';
import { conversationTitle } from '../../components/volley-conversation-list/volley-conversation-list.js';
import '../../components/volley-locale-picker/volley-locale-picker.js';
import { styles } from './page-chat.styles.js';

@customElement('page-chat')
export class PageChat extends LitElement {
  static override styles = styles;

  /** The open conversation; null on `/`, which opens #general. */
  @property({ attribute: false }) convId: string | null = null;
  @consume({ context: apiContext }) api?: ApiClient;
  @consume({ context: dbContext }) db?: VolleyDB;
  @consume({ context: sessionContext }) session?: Session;
  @consume({ context: sessionStateContext, subscribe: true }) @state() sessionState?: SessionState;
  @consume({ context: routerContext }) router?: Router;
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;
  /** Narrow screens: the conversation list covers the conversation while open. */
  @state() private listOpen = false;

  /** The width below which the list covers the conversation (page-chat.styles.ts). */
  readonly #narrow = matchMedia('(max-width: 719px)');

  readonly #conversations = new LiveQueryController(this, async () =>
    this.db ? inListOrder(await this.db.conversations.toArray()) : [],
  );

  override connectedCallback(): void {
    super.connectedCallback();
    this.#narrow.addEventListener('change', this.#onWidthChange);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#narrow.removeEventListener('change', this.#onWidthChange);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('sessionState') && this.#online(this.sessionState) && !this.#online(changed.get('sessionState'))) {
      void this.#refresh();
    }
    if (changed.has('convId')) this.listOpen = false;
  }

  protected override updated(): void {
    const list = this.#conversations.value;
    if (this.convId === null && list?.[0]) this.router?.navigate(`/c/${list[0].id}`, { replace: true });
  }

  protected override render() {
    const state = this.sessionState;
    const me = state?.status === 'signed-in' ? state.user : null;
    const list = this.#conversations.value;
    const current = list?.find((c) => c.id === this.convId) ?? null;
    return html`<div class="layout" ?data-list-open=${this.listOpen}>
      <header>
        <button
          type="button"
          class="menu secondary small"
          aria-controls="conversations"
          aria-expanded=${this.listOpen ? 'true' : 'false'}
          @click=${() => (this.listOpen = !this.listOpen)}
        >
          <span aria-hidden="true">☰</span><span class="visually-hidden">${msg('chat.showConversations')}</span>
        </button>
        <h1 data-testid="conversation-title">${current ? conversationTitle(current) : msg('app.name')}</h1>
        <volley-connection-status></volley-connection-status>
        <button type="button" class="secondary small" @click=${this.#logout}>${msg('auth.logout')}</button>
      </header>
      <nav id="conversations" aria-label=${msg('chat.conversations')} @click=${this.#onListClick} @keydown=${this.#onListKey}>
        <volley-conversation-list .conversations=${list ?? []} .currentId=${this.convId}></volley-conversation-list>
        <footer>
          <span class="me" data-testid="me" title=${me ? msg('chat.signedInAs', { name: me.username }) : ''}>${me?.displayName ?? ''}</span>
          <volley-locale-picker compact></volley-locale-picker>
        </footer>
      </nav>
      <main ?inert=${this.listOpen && this.#narrow.matches}>${this.#main(list, current, me)}</main>
    </div>`;
  }

  #main(list: Conversation[] | undefined, current: Conversation | null, me: Me | null) {
    if (list === undefined) return nothing;
    if (current && me) return html`<volley-conversation .conversation=${current} .me=${me}></volley-conversation>`;
    const text = this.convId ? msg('chat.unknownConversation') : list.length ? msg('chat.pickConversation') : msg('chat.noConversations');
    return html`<p class="placeholder">${text}</p>`;
  }

  #online(state: SessionState | undefined): boolean {
    return state?.status === 'signed-in' && state.online;
  }

  async #refresh(): Promise<void> {
    if (!this.api || !this.db) return;
    // Offline or failing: the cached list stays; the next time the session comes online retries.
    await refreshConversations(this.api, this.db).catch(() => undefined);
  }

  /** Picking a conversation (even the open one) or Escape closes the list on a phone. */
  readonly #onListClick = (event: Event): void => {
    if (event.composedPath().some((node) => node instanceof HTMLAnchorElement)) this.listOpen = false;
  };

  readonly #onListKey = (event: KeyboardEvent): void => {
    if (event.key === 'Escape') this.listOpen = false;
  };

  readonly #onWidthChange = (): void => {
    if (!this.#narrow.matches) this.listOpen = false;
  };

  readonly #logout = async (): Promise<void> => {
    await this.session?.logout();
    this.router?.navigate('/login', { replace: true });
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'page-chat': PageChat;
  }
}
