/**
 * The chat: header (conversation, its topic or the DM's person, connection, log out), the
 * conversation list and the open conversation. Conversations come from Dexie (the app shell
 * refreshes them); `/` opens #general. When the server closes the open conversation on me
 * (kicked, banned), it goes to #general and says why.
 */
import { consume } from '@lit/context';
import { JOIN_REQUESTS_FRAGMENT, type Conversation, type PresenceStatus } from '@volley/shared';
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { apiContext } from '../../services/client.js';
import { presenceContext } from '../../services/social.js';
import { LiveQueryController } from '../../controllers/live-query-controller.js';
import { dbContext, type Me, type VolleyDB } from '../../db/db.js';
import { readSnapshotAhead } from '../../db/snapshot-ahead.js';
import { msg, type Locale, localeContext, withLaterMessages } from '../../i18n/i18n.js';
import { routerContext, type Router } from '../../router/router.js';
import type { ApiClient } from '@volley/client';
import { ConversationClosedEvent } from '../../events/conversation-closed-event.js';
import { ViewShownEvent } from '../../events/view-shown-event.js';
import { OpenMessageEvent } from '../../events/open-message-event.js';
import { messageOfFragment, type JumpTarget } from '../../chat/message-link.js';

import { conversationTitle, refreshConversations } from '../../services/conversations.js';
import { byActivity } from '../../chat/conversation-summary.js';
import { sessionContext, sessionStateContext, type Session, type SessionState } from '../../services/session.js';
import type { VolleyChannelPanel } from '../../components/channels/volley-channel-panel/volley-channel-panel.js';
import type { VolleyInviteDialog } from '../../components/game/volley-invite-dialog/volley-invite-dialog.js';
import { welcomeDismissed } from '../../components/chat/volley-welcome/welcome-dismissed.js';
import '../../components/chat/volley-connection-status/volley-connection-status.js';
import '../../components/chat/volley-conversation-list/volley-conversation-list.js';
import { mayPin } from '../../chat/pins.js';
import '../../components/ui/volley-locale-picker/volley-locale-picker.js';
import { icons } from '../../components/ui/icons.js';
import type { VolleyConversationFiles } from '../../components/chat/volley-conversation-files/volley-conversation-files.js';
import '../../components/people/volley-presence-dot/volley-presence-dot.js';
import { styles } from './page-chat.styles.js';

/** What shows only with a conversation open is a chunk of its own (conversation-view.ts): a phone's list at `/` shows without it. */
const loadConversationView = () => import('./conversation-view.js');
/** The width below which the list and the conversation are separate views (page-chat.styles.ts). */
const narrow = matchMedia('(max-width: 719px)');
/** A conversation shows at once at `/c/<id>` or beside the list: its view travels while the list is read. */
const showsConversation = (open: boolean): boolean => open || !narrow.matches;
// This chunk is fetched during the session's start (app/volley-app.ts): the view goes with it rather than after the first render.
if (showsConversation(location.pathname.startsWith('/c/'))) void loadConversationView();
/**
 * Fetched once the page's main content has painted (ViewShownEvent: the open conversation's newest
 * messages, or the page itself with none open): the message search's field (its place in the header
 * is kept meanwhile, page-chat.styles.ts), the recent notifications under the list (shown once my
 * user document has been read, which comes later still), and a conversation's notification level and colour in the
 * header (in a narrow header, in the menu of more actions).
 */
const loadAfterShown = () =>
  Promise.all([
    withLaterMessages(() => import('../../components/chat/volley-message-search/volley-message-search.js')),
    withLaterMessages(() => import('../../components/account/volley-recent-notifications/volley-recent-notifications.js')),
    withLaterMessages(() => import('../../components/chat/volley-notification-level/volley-notification-level.js')),
    withLaterMessages(() => import('../../components/chat/volley-accent-picker/volley-accent-picker.js')),
  ]);

@customElement('page-chat')
export class PageChat extends LitElement {
  static override styles = styles;

  /** The open conversation; null on `/`, which opens #general. */
  @property({ attribute: false }) convId: string | null = null;
  /** The location's fragment: a message link (chat/message-link.ts) opens the conversation at that message. */
  @property({ attribute: false }) fragment = '';
  @consume({ context: apiContext }) api?: ApiClient;
  @consume({ context: dbContext }) db?: VolleyDB;
  @consume({ context: sessionContext }) session?: Session;
  @consume({ context: sessionStateContext, subscribe: true }) @state() sessionState?: SessionState;
  @consume({ context: routerContext }) router?: Router;
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;
  @consume({ context: presenceContext, subscribe: true }) presence: Readonly<Record<string, PresenceStatus>> = {};
  /** The conversation the server last closed on me, while its notice shows. */
  @state() private removed: { id: string; name: string } | null = null;
  @query('volley-channel-panel') private panel?: VolleyChannelPanel;
  @query('volley-invite-dialog') private inviteDialog?: VolleyInviteDialog;
  /** A message to show in the open conversation (a search result). */
  @state() private jumpTo: (JumpTarget & { convId: string }) | null = null;
  /** The conversation open at the last render, to notice it leaving the list. */
  #open: Conversation | null = null;
  /** The panel opens once the channel shows (a join request's notification led here). */
  #openPanel = false;
  @state() private welcomeClosed = welcomeDismissed();
  /** A narrow header (a tablet, a phone): its less used actions (a DM's profile, invite, files, notification level, colour) are in a menu, open. */
  @state() private actionsOpen = false;
  /** The page's main content has painted (ViewShownEvent): the conversation's, or its own with none to show. */
  #shown = false;

  /** Undefined until the list is known: everyone is in #general, so an empty cache is a first start before the server's answer. */
  readonly #conversations = new LiveQueryController(this, async () => {
    const cached = this.db ? await this.db.conversations.toArray() : [];
    return cached.length > 0 ? byActivity(cached) : undefined;
  });

  override connectedCallback(): void {
    super.connectedCallback();
    narrow.addEventListener('change', this.#onWidthChange);
    this.addEventListener(ConversationClosedEvent.type, this.#onClosed);
    this.addEventListener(OpenMessageEvent.type, this.#onOpenMessage);
    this.addEventListener(ViewShownEvent.type, this.#onShown);
    if (showsConversation(this.convId !== null)) void loadConversationView();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    narrow.removeEventListener('change', this.#onWidthChange);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('convId')) this.actionsOpen = false;
    // Its newest messages are read while the list is, before the view asks for them.
    if (changed.has('convId') && this.convId && this.db) readSnapshotAhead(this.db, this.convId);
    // A join request's notification leads here: the panel opens on the requests.
    if (changed.has('fragment') && this.fragment === `#${JOIN_REQUESTS_FRAGMENT}`) {
      this.#openPanel = true;
      history.replaceState(history.state, '', location.pathname + location.search);
    }
    const linked = changed.has('fragment') && this.convId ? messageOfFragment(this.fragment) : null;
    if (linked && this.convId) {
      this.jumpTo = { ...linked, convId: this.convId };
      // Consumed: going back to this address later should not jump again.
      history.replaceState(history.state, '', location.pathname + location.search);
    }
  }

  protected override updated(): void {
    if (this.#openPanel && this.panel) {
      this.#openPanel = false;
      void this.#showPanel();
    }
    const list = this.#conversations.value;
    // A wide screen shows a conversation beside the list (#general, where everyone is); a phone shows the list alone on `/`.
    const first = list?.find((c) => c.kind === 'world') ?? list?.[0];
    if (this.convId === null && first && !narrow.matches) this.router?.navigate(`/c/${first.id}`, { replace: true });
    // The open conversation left my list (kicked or banned, the notification came first).
    const current = list?.find((c) => c.id === this.convId) ?? null;
    if (list && !current && this.#open?.id === this.convId) this.#removed(this.#open);
    this.#open = current;
    // No conversation to show (a phone's list, at once; a link to one I am not in): this render is the page's content.
    const opening = this.convId === null && list?.[0] && !narrow.matches;
    const noView = !showsConversation(this.convId !== null) || (list && !current && !opening);
    if (noView && !this.#shown) this.dispatchEvent(new ViewShownEvent());
  }

  protected override render() {
    const state = this.sessionState;
    const me = state?.status === 'signed-in' ? state.user : null;
    const list = this.#conversations.value;
    const current = list?.find((c) => c.id === this.convId) ?? null;
    const listShown = this.convId === null;
    return html`<div class="layout" ?data-list-shown=${listShown}>
      <header>
        ${this.convId ? html`<a class="back button secondary small" href="/" aria-label=${msg('chat.backToConversations')} title=${msg('chat.backToConversations')}>${icons.back}</a>` : nothing}
        <div class="title">
          <h1>
            ${current?.peer ? html`<volley-presence-dot .locale=${this.locale} status=${this.presence[current.peer.id] ?? 'offline'}></volley-presence-dot>` : nothing}
            <span data-testid="conversation-title">${current ? conversationTitle(current) : msg(listShown ? 'chat.conversations' : 'app.name')}</span>
            ${current?.encrypted ? html`<span class="lock" data-testid="encrypted-lock" role="img" aria-label=${msg('e2ee.header')} title=${msg('e2ee.header')}>${icons.lock}</span>` : nothing}
          </h1>
          ${current?.topic ? html`<p class="topic" data-testid="conversation-topic">${current.topic}</p>` : nothing}
        </div>
        ${current?.kind === 'channel' ? html`<button type="button" class="secondary small members" aria-label=${msg('channel.members')} title=${msg('channel.members')} @click=${this.#showPanel}>
              ${icons.people}<span class="label">${msg('channel.members')}</span>
            </button>` : nothing}
        ${current
          ? html`<div class="actions"><button type="button" class="secondary small more" aria-label=${msg('chat.moreActions')} title=${msg('chat.moreActions')} aria-expanded=${this.actionsOpen ? 'true' : 'false'} aria-controls="more-actions" @click=${() => (this.actionsOpen = !this.actionsOpen)}>
                ${icons.more}
              </button>
              <div class="more-actions" id="more-actions" ?data-open=${this.actionsOpen} @click=${this.#onActionsClick} @keydown=${this.#onActionsKey}>
                ${current.peer ? html`<a class="button secondary small profile" href=${`/u/${current.peer.id}`} aria-label=${msg('userMenu.profile')} title=${msg('userMenu.profile')}>${icons.profile}<span class="label">${msg('userMenu.profile')}</span></a>` : nothing}
                <button type="button" class="secondary small invite" aria-label=${msg('invite.button')} title=${msg('invite.button')} @click=${this.#showInvite}>
                  ${icons.play}<span class="label">${msg('invite.button')}</span>
                </button>
                <button type="button" class="secondary small files" data-testid="open-files" aria-label=${msg('files.open')} title=${msg('files.open')} @click=${this.#showFiles}>
                  ${icons.files}<span class="label">${msg('files.open')}</span>
                </button>
                ${current.peer && !current.encrypted
                  ? html`<button type="button" class="secondary small encrypt" data-testid="encrypt-dm" aria-label=${msg('e2ee.turnOn')} title=${msg('e2ee.turnOn')} @click=${() => this.#encrypt(current)}>
                      ${icons.lock}<span class="label">${msg('e2ee.turnOn')}</span>
                    </button>`
                  : nothing}
                <volley-notification-level .convId=${current.id} .kind=${current.kind}></volley-notification-level>
                ${mayPin(current) ? html`<volley-accent-picker .convId=${current.id} .accent=${current.accent}></volley-accent-picker>` : nothing}
              </div></div>`
          : nothing}
        <volley-message-search></volley-message-search>
        <volley-connection-status></volley-connection-status>
      </header>
      <nav id="conversations" aria-label=${msg('chat.conversations')}>
        <volley-conversation-list .conversations=${list ?? []} .currentId=${this.convId}></volley-conversation-list>
        <volley-recent-notifications></volley-recent-notifications>
        <footer>
          <span class="me" data-testid="me" title=${me ? msg('chat.signedInAs', { name: me.username }) : ''}>${me?.displayName ?? ''}</span>
          <volley-locale-picker .locale=${this.locale} compact></volley-locale-picker>
          <button type="button" class="secondary small" @click=${this.#logout}>${msg('auth.logout')}</button>
        </footer>
      </nav>
      <main>
        ${this.removed
          ? html`<volley-removed-notice .convId=${this.removed.id} .name=${this.removed.name} @dismiss=${() => (this.removed = null)}></volley-removed-notice>`
          : nothing}
        ${listShown && narrow.matches ? nothing : this.#main(list, current, me)}
      </main>
    </div>
    ${current?.kind === 'channel' && me ? html`<volley-channel-panel .conversation=${current} .me=${me}></volley-channel-panel>` : nothing}
    ${current && me ? html`<volley-invite-dialog .conversation=${current} .myId=${me.id}></volley-invite-dialog>` : nothing}
    ${current ? html`<volley-conversation-files .conversation=${current}></volley-conversation-files>` : nothing}`;
  }

  #main(list: Conversation[] | undefined, current: Conversation | null, me: Me | null) {
    if (list === undefined) return nothing;
    // A newcomer with #general only: where to go from here, above it.
    const newcomer = current?.kind === 'world' && list.length === 1 && !this.welcomeClosed;
    if (current && me) {
      void loadConversationView();
      // The welcome, a newcomer's only, is a chunk of its own: the conversation shows with it, so that nothing moves when it comes.
      if (newcomer && !customElements.get('volley-welcome')) {
        void import('../../components/chat/volley-welcome/volley-welcome.js').then(() => this.requestUpdate());
        return nothing;
      }
      return html`${newcomer ? html`<volley-welcome .locale=${this.locale} @dismiss=${() => (this.welcomeClosed = true)}></volley-welcome>` : nothing}<volley-conversation .conversation=${current} .me=${me} .jumpTo=${this.jumpTo?.convId === current.id ? this.jumpTo : null}></volley-conversation>`;
    }
    if (this.convId) {
      // Only a link to a conversation I am not in shows the prompt: it is fetched then.
      void withLaterMessages(() => import('../../components/channels/volley-join-prompt/volley-join-prompt.js'));
      return html`<volley-join-prompt .convId=${this.convId}></volley-join-prompt>`;
    }
    return html`<p class="placeholder">${msg('chat.pickConversation')}</p>`;
  }

  readonly #onShown = (): void => {
    this.#shown = true;
    void loadAfterShown();
  };

  #encrypt(conversation: Conversation): void {
    const { api, db } = this;
    if (api && db) void withLaterMessages(() => import('../../e2ee/turn-on.js')).then(({ turnOnEncryption }) => turnOnEncryption(api, db, conversation));
  }

  readonly #onClosed = (event: ConversationClosedEvent): void => {
    const closed = this.#conversations.value?.find((c) => c.id === event.convId);
    if (event.convId !== this.convId || !closed) return;
    this.#removed(closed);
    if (this.api && this.db) void refreshConversations(this.api, this.db).catch(() => undefined);
  };

  // The files view, the channel's panel and the invitation dialog are fetched when first opened.
  readonly #showFiles = async (): Promise<void> => {
    await withLaterMessages(() => import('../../components/chat/volley-conversation-files/volley-conversation-files.js'));
    await this.updateComplete;
    this.renderRoot.querySelector<VolleyConversationFiles>('volley-conversation-files')?.show();
  };

  readonly #showPanel = async (): Promise<void> => {
    await withLaterMessages(() => import('../../components/channels/volley-channel-panel/volley-channel-panel.js'));
    await this.updateComplete;
    this.panel?.show();
  };

  readonly #showInvite = async (): Promise<void> => {
    await withLaterMessages(() => import('../../components/game/volley-invite-dialog/volley-invite-dialog.js'));
    await this.updateComplete;
    await this.inviteDialog?.show();
  };

  readonly #onOpenMessage = (event: OpenMessageEvent): void => {
    this.jumpTo = { ...event.message, convId: event.convId };
    this.router?.navigate(`/c/${event.convId}`);
  };

  /** Kicked or banned: leave the conversation at once (for #general) and say why. */
  #removed(conversation: Conversation): void {
    // The notice is fetched when first shown.
    void withLaterMessages(() => import('../../components/channels/volley-removed-notice/volley-removed-notice.js'));
    this.removed = { id: conversation.id, name: conversationTitle(conversation) };
    const general = this.#conversations.value?.find((c) => c.kind === 'world' && c.id !== conversation.id);
    this.router?.navigate(general ? `/c/${general.id}` : '/', { replace: true });
  }

  /** The menu of more actions closes once an action is chosen, or on Escape. */
  readonly #onActionsClick = (event: Event): void => {
    if (event.target !== event.currentTarget) this.actionsOpen = false;
  };

  readonly #onActionsKey = (event: KeyboardEvent): void => {
    if (event.key === 'Escape') this.actionsOpen = false;
  };

  /** Widening a phone's list view opens a conversation beside it (updated()). */
  readonly #onWidthChange = (): void => this.requestUpdate();

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
