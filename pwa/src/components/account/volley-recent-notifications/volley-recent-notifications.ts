/**
 * The recent notifications on the home page (the chat page the app opens on), under the list of
 * conversations so that they never push it down: the newest unread entries of the notifications
 * centre that the list does not tell already (its rows count new messages and mark mentions) —
 * friend requests, invitations, matches ready, results — each leading to its place and marked read
 * there, as in the centre, whose read state it shares (my own document, on every device).
 */
import { consume } from '@lit/context';
import { notificationsOf, UserDoc } from '@volley/shared';
import { LitElement, html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { LiveQueryController } from '../../../controllers/live-query-controller.js';
import { RoomController } from '../../../controllers/room-controller.js';
import { dbContext, type VolleyDB } from '../../../db/db.js';
import { msg, type Locale, localeContext } from '../../../i18n/i18n.js';
import { entriesOf, entryItem, markRead, notificationsOfEntry, quietOf } from '../../../notifications/notification-entries.js';
import type { CentreEntry } from '../../../notifications/notification-groups.js';
import { routerContext, type Router } from '../../../router/router.js';
import { myUserRoom, type SessionState, sessionStateContext } from '../../../services/session.js';
import { syncContext, type SyncManager } from '../../../sync/sync-manager.js';
import { styles } from './volley-recent-notifications.styles.js';

/** How many the home page shows; the centre has them all. */
export const RECENT_NOTIFICATIONS = 2;

/** Unread, and not about messages: the list's rows tell those. */
const notToldByTheList = (e: CentreEntry): boolean => e.unread && e.kind !== 'messages' && e.kind !== 'mentions' && !(e.kind === 'notification' && e.notification.kind === 'mention');

@customElement('volley-recent-notifications')
export class VolleyRecentNotifications extends LitElement {
  static override styles = styles;

  @consume({ context: syncContext, subscribe: true }) sync?: SyncManager;
  @consume({ context: dbContext }) db?: VolleyDB;
  @consume({ context: routerContext }) router?: Router;
  @consume({ context: sessionStateContext, subscribe: true }) sessionState?: SessionState;
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;

  readonly #room = new RoomController(this, {
    sync: () => this.sync,
    name: () => myUserRoom(this.sessionState),
    observe: (doc) => [notificationsOf(doc), UserDoc.reads(doc)],
  });

  readonly #conversations = new LiveQueryController(this, () => (this.db ? quietOf(this.db) : undefined));

  protected override render() {
    const doc = this.#room.doc;
    const all = doc ? entriesOf(doc, this.#conversations.value?.conversations ?? [], this.#conversations.value?.quiet) : [];
    const entries = all.filter(notToldByTheList).slice(0, RECENT_NOTIFICATIONS);
    if (entries.length === 0) return nothing;
    return html`<section aria-labelledby="recent-title" data-testid="recent-notifications">
      <h2 id="recent-title">${msg('notifications.recent')}</h2>
      <ul>
        ${entries.map((e) => entryItem(e, (entry, href) => this.#open(entry, href), 'recent-notification'))}
      </ul>
    </section>`;
  }

  #open(entry: CentreEntry, href: string | null): void {
    if (this.#room.doc) markRead(this.#room.doc, notificationsOfEntry(entry));
    if (href) this.router?.navigate(href);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-recent-notifications': VolleyRecentNotifications;
  }
}
