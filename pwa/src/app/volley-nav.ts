/**
 * The main navigation: Chat (conversations with unread messages), People (friend requests
 * received), Channels, Play (matchmaking, practice, leaderboard, games), Notifications (unread, opens the panel) and my profile. A rail on the
 * left on desktop, a bar at the bottom on a phone.
 */
import { consume } from '@lit/context';
import { UserDoc, unreadNotifications, userRoom } from '@volley/shared';
import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { unreadCount } from '../chat/conversation-summary.js';
import { LiveQueryController } from '../controllers/live-query-controller.js';
import { RoomController } from '../controllers/room-controller.js';
import { dbContext, type VolleyDB } from '../db/db.js';
import { msg, type Locale, type MessageKey, localeContext, withLaterMessages } from '../i18n/i18n.js';
import { STAFF } from '../services/admin.js';
import { sessionStateContext, type SessionState } from '../services/session.js';
import { syncContext, type SyncManager } from '../sync/sync-manager.js';
import type { VolleyNotifications } from '../components/account/volley-notifications/volley-notifications.js';
import { icons } from '../components/ui/icons.js';
import { styles } from './volley-nav.styles.js';

@customElement('volley-nav')
export class VolleyNav extends LitElement {
  static override styles = styles;

  /** The current path, to mark the current section. */
  @property() path = '/';
  @consume({ context: dbContext }) db?: VolleyDB;
  @consume({ context: syncContext, subscribe: true }) sync?: SyncManager;
  @consume({ context: sessionStateContext, subscribe: true }) sessionState?: SessionState;
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;
  @query('volley-notifications') private panel!: VolleyNotifications;

  readonly #room = new RoomController(this, {
    sync: () => this.sync,
    name: () => (this.#me() ? userRoom(this.#me()!) : null),
    observe: (doc) => [UserDoc.reads(doc), doc.getMap('notifications')],
  });

  readonly #counts = new LiveQueryController(this, async () => {
    if (!this.db) return { conversations: [], requests: 0 };
    const [conversations, requests] = await Promise.all([
      this.db.conversations.toArray(),
      this.db.friendRequests.where('direction').equals('received').count(),
    ]);
    return { conversations, requests };
  });

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    showUnread(0);
    this.#unread = 0;
  }

  /** Unread conversations, also shown in the title ("(3) Volley") and on the app's icon. */
  #unread = 0;

  protected override render() {
    const doc = this.#room.doc;
    const counts = this.#counts.value;
    const reads = doc && UserDoc.reads(doc);
    const unread = reads && counts ? counts.conversations.filter((c) => unreadCount(c, reads, this.#me()) > 0).length : 0;
    if (unread !== this.#unread) showUnread(unread);
    this.#unread = unread;
    const me = this.#me();
    const chatCurrent = this.path === '/' || this.path.startsWith('/c/');
    return html`<nav aria-label=${msg('nav.label')}>
      ${this.#link('/', 'nav.chat', icons.chat, chatCurrent, unread, 'badge-chat', 'nav.unreadConversations')}
      ${this.#link('/people', 'nav.people', icons.people, this.path === '/people', counts?.requests ?? 0, 'badge-friends', 'nav.pendingRequests')}
      ${this.#link('/channels', 'nav.channels', icons.channels, this.path === '/channels', 0, '', 'nav.channels')}
      ${this.#link('/play', 'nav.play', icons.play, this.path === '/play' || this.path === '/leaderboard' || this.path === '/practice' || this.path.startsWith('/game/'), 0, '', 'nav.play')}
      <button type="button" class="item" @click=${this.#showNotifications}>
        ${icons.bell}<span class="label">${msg('nav.notifications')}</span>${this.#badge(doc ? unreadNotifications(doc) : 0, 'badge-notifications', 'nav.unreadNotifications')}
      </button>
      ${me ? this.#link(`/u/${me}`, 'nav.profile', icons.profile, this.path === `/u/${me}` || this.path.startsWith('/settings'), 0, '', 'nav.profile') : nothing}
      ${STAFF.includes(this.sessionState?.status === 'signed-in' ? this.sessionState.user.role : undefined) ? this.#link('/admin', 'nav.admin', icons.profile, this.path === '/admin', 0, '', 'nav.admin') : nothing}
    </nav>
    <volley-notifications></volley-notifications>`;
  }

  /** The notifications centre, a dialog, is fetched when first opened. */
  readonly #showNotifications = async (): Promise<void> => {
    await withLaterMessages(() => import('../components/account/volley-notifications/volley-notifications.js'));
    await this.panel.updateComplete;
    this.panel.show();
  };

  #link(href: string, label: MessageKey, icon: TemplateResult, current: boolean, count: number, testId: string, countLabel: MessageKey) {
    return html`<a class="item" href=${href} aria-current=${current ? 'page' : 'false'}>
      ${icon}<span class="label">${msg(label)}</span>${this.#badge(count, testId, countLabel)}
    </a>`;
  }

  /** The count as a badge, and in words for screen readers: the item's name is its visible label, then the count (WCAG 2.5.3). */
  #badge(count: number, testId: string, countLabel: MessageKey) {
    return count > 0
      ? html`<span class="badge" data-testid=${testId} aria-hidden="true">${count > 99 ? '99+' : count}</span><span class="visually-hidden"> (${msg(countLabel, { count })})</span>`
      : nothing;
  }

  #me(): string | null {
    return this.sessionState?.status === 'signed-in' ? this.sessionState.user.id : null;
  }
}

function showUnread(count: number): void {
  document.title = count > 0 ? `(${count}) ${msg('app.name')}` : msg('app.name');
  if (!('setAppBadge' in navigator)) return;
  void (count > 0 ? navigator.setAppBadge(count) : navigator.clearAppBadge()).catch(() => undefined);
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-nav': VolleyNav;
  }
}
