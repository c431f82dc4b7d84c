/**
 * The notifications panel (a modal dialog; Escape closes it): newest first, unread ones marked.
 * Clicking one marks it read (in my own document) and goes where it makes sense.
 */
import { consume } from '@lit/context';
import { notificationsOf, type Notification } from '@volley/shared';
import { LitElement, html } from 'lit';
import { customElement, query } from 'lit/decorators.js';
import { RoomController } from '../../controllers/room-controller.js';
import { formatMessageTime } from '../../i18n/format.js';
import { msg, type Locale, localeContext } from '../../i18n/i18n.js';
import { notificationView, sortedNotifications } from '../../notifications/notification-view.js';
import { routerContext, type Router } from '../../router/router.js';
import { myUserRoom, type SessionState, sessionStateContext } from '../../services/session.js';
import { syncContext, type SyncManager } from '../../sync/sync-manager.js';
import { styles } from './volley-notifications.styles.js';

@customElement('volley-notifications')
export class VolleyNotifications extends LitElement {
  static override styles = styles;

  @consume({ context: syncContext }) sync?: SyncManager;
  @consume({ context: routerContext }) router?: Router;
  @consume({ context: sessionStateContext, subscribe: true }) sessionState?: SessionState;
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;
  @query('dialog') private dialog!: HTMLDialogElement;

  readonly #room = new RoomController(this, {
    sync: () => this.sync,
    name: () => myUserRoom(this.sessionState),
    observe: (doc) => [notificationsOf(doc)],
  });

  show(): void {
    this.dialog.showModal();
  }

  protected override render() {
    const doc = this.#room.doc;
    const list = doc ? sortedNotifications(notificationsOf(doc).values()) : [];
    return html`<dialog aria-labelledby="notifications-title">
      <header class="dialog-header">
        <h2 id="notifications-title">${msg('notifications.title')}</h2>
        <button type="button" class="secondary small" ?disabled=${!list.some((n) => !n.read)} @click=${() => this.#markRead(list)}>
          ${msg('notifications.markAllRead')}
        </button>
        <button type="button" class="secondary small" @click=${() => this.dialog.close()}>${msg('common.close')}</button>
      </header>
      ${list.length === 0
        ? html`<p class="empty">${msg('notifications.empty')}</p>`
        : html`<ul>
            ${list.map((n) => this.#item(n))}
          </ul>`}
    </dialog>`;
  }

  #item(n: Notification) {
    const view = notificationView(n);
    return html`<li>
      <button type="button" data-testid="notification" data-kind=${n.kind} ?data-unread=${!n.read} @click=${() => this.#open(n, view.href)}>
        <span class="text">${view.text}</span>
        <time datetime=${n.at}>${formatMessageTime(n.at)}</time>
        ${n.read ? '' : html`<span class="visually-hidden">${msg('notifications.unread')}</span>`}
      </button>
    </li>`;
  }

  #markRead(list: readonly Notification[]): void {
    const doc = this.#room.doc;
    if (!doc) return;
    const map = notificationsOf(doc);
    doc.transact(() => list.filter((n) => !n.read).forEach((n) => map.set(n.id, { ...n, read: true })));
  }

  #open(n: Notification, href: string | null): void {
    this.#markRead([n]);
    if (!href) return;
    this.dialog.close();
    this.router?.navigate(href);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-notifications': VolleyNotifications;
  }
}
