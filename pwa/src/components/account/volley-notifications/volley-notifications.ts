/**
 * The notifications centre (a modal dialog; Escape closes it): every notification and every
 * conversation with unread messages, newest first, several of one place grouped ("12 new messages
 * in #general"). Read state is in my own document, so it follows me to every device: clicking an
 * entry marks it read and goes to its place; a mention counts as seen once its message is read.
 */
import { consume } from '@lit/context';
import { notificationsOf, UserDoc, type Notification } from '@volley/shared';
import { LitElement, html } from 'lit';
import { customElement, query } from 'lit/decorators.js';
import { LiveQueryController } from '../../../controllers/live-query-controller.js';
import { RoomController } from '../../../controllers/room-controller.js';
import { dbContext, type VolleyDB } from '../../../db/db.js';
import { msg, type Locale, localeContext } from '../../../i18n/i18n.js';
import { entriesOf, entryItem, markRead, notificationsOfEntry, quietOf } from '../../../notifications/notification-entries.js';
import type { CentreEntry } from '../../../notifications/notification-groups.js';
import { routerContext, type Router } from '../../../router/router.js';
import { myUserRoom, type SessionState, sessionStateContext } from '../../../services/session.js';
import { syncContext, type SyncManager } from '../../../sync/sync-manager.js';
import { styles } from './volley-notifications.styles.js';


@customElement('volley-notifications')
export class VolleyNotifications extends LitElement {
  static override styles = styles;

  @consume({ context: syncContext, subscribe: true }) sync?: SyncManager;
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

  readonly #conversations = new LiveQueryController(this, () => (this.db ? quietOf(this.db) : undefined));

  show(): void {
    this.dialog.showModal();
  }

  protected override render() {
    const doc = this.#room.doc;
    const entries = doc ? entriesOf(doc, this.#conversations.value?.conversations ?? [], this.#conversations.value?.quiet) : [];
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
            ${entries.map((e) => entryItem(e, (entry, href) => this.#open(entry, href)))}
          </ul>`}
    </dialog>`;
  }

  #markRead(list: readonly Notification[]): void {
    if (this.#room.doc) markRead(this.#room.doc, list);
  }

  #open(entry: CentreEntry, href: string | null): void {
    this.#markRead(notificationsOfEntry(entry));
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
