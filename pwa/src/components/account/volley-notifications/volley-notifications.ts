/**
 * The notifications centre (a modal dialog; Escape closes it): every notification and every
 * conversation with unread messages, newest first, several of one place grouped ("12 new messages
 * in #general"). Read state is in my own document, so it follows me to every device: clicking an
 * entry marks it read and goes to its place; a mention counts as seen once its message is read.
 */
import { consume } from '@lit/context';
import { conversationPath, isSeen, messagePath, notificationsOf, UserDoc, type Notification } from '@volley/shared';
import { LitElement, html } from 'lit';
import { customElement, query } from 'lit/decorators.js';
import { LiveQueryController } from '../../../controllers/live-query-controller.js';
import { RoomController } from '../../../controllers/room-controller.js';
import { dbContext, type VolleyDB } from '../../../db/db.js';
import { formatMessageTime } from '../../../i18n/format.js';
import { msg, type Locale, localeContext } from '../../../i18n/i18n.js';
import { centreEntries, type CentreEntry } from '../../../notifications/notification-groups.js';
import { notificationView, placeOf, sortedNotifications } from '../../../notifications/notification-view.js';
import { routerContext, type Router } from '../../../router/router.js';
import { myUserRoom, type SessionState, sessionStateContext } from '../../../services/session.js';
import { syncContext, type SyncManager } from '../../../sync/sync-manager.js';
import { styles } from './volley-notifications.styles.js';


@customElement('volley-notifications')
export class VolleyNotifications extends LitElement {
  static override styles = styles;

  @consume({ context: syncContext }) sync?: SyncManager;
  @consume({ context: dbContext }) db?: VolleyDB;
  @consume({ context: routerContext }) router?: Router;
  @consume({ context: sessionStateContext, subscribe: true }) sessionState?: SessionState;
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;
  @query('dialog') private dialog!: HTMLDialogElement;

  readonly #room = new RoomController(this, {
    sync: () => this.sync,
    name: () => myUserRoom(this.sessionState),
    observe: (doc) => [notificationsOf(doc), UserDoc.reads(doc)],
  });

  readonly #conversations = new LiveQueryController(this, () => this.db?.conversations.toArray() ?? []);

  show(): void {
    this.dialog.showModal();
  }

  protected override render() {
    const doc = this.#room.doc;
    const entries = doc ? centreEntries(sortedNotifications(notificationsOf(doc).values()), (n) => isSeen(n, doc), this.#conversations.value ?? [], UserDoc.reads(doc)) : [];
    return html`<dialog aria-labelledby="notifications-title">
      <header class="dialog-header">
        <h2 id="notifications-title">${msg('notifications.title')}</h2>
        <button type="button" class="secondary small" ?disabled=${!entries.some((e) => e.unread && e.kind !== 'messages')} @click=${() => this.#markRead(entries.flatMap(notificationsOfEntry))}>
          ${msg('notifications.markAllRead')}
        </button>
        <button type="button" class="secondary small" @click=${() => this.dialog.close()}>${msg('common.close')}</button>
      </header>
      ${entries.length === 0
        ? html`<p class="empty">${msg('notifications.empty')}</p>`
        : html`<ul>
            ${entries.map((e) => this.#item(e))}
          </ul>`}
    </dialog>`;
  }

  #item(entry: CentreEntry) {
    const { text, href } = entryView(entry);
    return html`<li>
      <button type="button" data-testid="notification" data-kind=${entry.kind === 'notification' ? entry.notification.kind : entry.kind} ?data-unread=${entry.unread} @click=${() => this.#open(entry, href)}>
        <span class="text">${text}</span>
        <time datetime=${entry.at}>${formatMessageTime(entry.at)}</time>
        ${entry.unread ? html`<span class="visually-hidden">${msg('notifications.unread')}</span>` : ''}
      </button>
    </li>`;
  }

  #markRead(list: readonly Notification[]): void {
    const doc = this.#room.doc;
    if (!doc) return;
    const map = notificationsOf(doc);
    doc.transact(() => list.filter((n) => !n.read).forEach((n) => map.set(n.id, { ...n, read: true })));
  }

  #open(entry: CentreEntry, href: string | null): void {
    this.#markRead(notificationsOfEntry(entry));
    if (!href) return;
    this.dialog.close();
    this.router?.navigate(href);
  }
}

const notificationsOfEntry = (entry: CentreEntry): Notification[] => (entry.kind === 'notification' ? [entry.notification] : entry.kind === 'mentions' ? entry.mentions : []);

function entryView(entry: CentreEntry): { text: string; href: string | null } {
  switch (entry.kind) {
    case 'notification':
      return notificationView(entry.notification);
    case 'mentions': {
      const count = entry.mentions.length;
      const oldest = entry.mentions.reduce((a, b) => (a.seq < b.seq ? a : b));
      return { text: msg('notifications.mentions', { count, place: placeOf(oldest.conversation) }), href: messagePath(oldest.conversation.id, { id: oldest.messageId, seq: oldest.seq }) };
    }
    case 'messages': {
      const c = entry.conversation;
      const place = c.kind === 'dm' ? msg('notifications.directMessages', { name: c.peer?.displayName ?? c.name }) : `#${c.name}`;
      return { text: msg('notifications.newMessages', { count: entry.count, place }), href: conversationPath(c.id) };
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-notifications': VolleyNotifications;
  }
}
