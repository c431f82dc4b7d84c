/**
 * "You were removed from #x": shown when a conversation's socket was closed on me, with the reason
 * from my notifications when one arrived (kicked, banned and until when).
 */
import { consume } from '@lit/context';
import { notificationsOf } from '@volley/shared';
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { RoomController } from '../../../controllers/room-controller.js';
import { msg, type Locale, localeContext } from '../../../i18n/i18n.js';
import { notificationView, sortedNotifications } from '../../../notifications/notification-view.js';
import { myUserRoom, type SessionState, sessionStateContext } from '../../../services/session.js';
import { buttonStyles } from '../../../styles/shared.styles.js';
import { syncContext, type SyncManager } from '../../../sync/sync-manager.js';

@customElement('volley-removed-notice')
export class VolleyRemovedNotice extends LitElement {
  static override styles = [
    buttonStyles,
    css`
      :host {
        display: flex;
        align-items: center;
        gap: var(--volley-space-2);
        padding: var(--volley-space-2) var(--volley-space-3);
        background: var(--volley-danger-bg);
        color: var(--volley-danger);
        border-bottom: 1px solid var(--volley-border);
      }
      p {
        flex: 1;
        margin: 0;
      }
    `,
  ];

  @property() convId = '';
  /** The conversation's name, as shown ("#x"). */
  @property() name = '';
  @consume({ context: syncContext, subscribe: true }) sync?: SyncManager;
  @consume({ context: sessionStateContext, subscribe: true }) sessionState?: SessionState;
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;

  readonly #room = new RoomController(this, {
    sync: () => this.sync,
    name: () => myUserRoom(this.sessionState),
    observe: (doc) => [notificationsOf(doc)],
  });

  protected override render() {
    const doc = this.#room.doc;
    const reason = doc
      ? sortedNotifications(notificationsOf(doc).values()).find((n) => (n.kind === 'kicked' || n.kind === 'banned') && n.conversation.id === this.convId)
      : undefined;
    return html`<p role="alert" data-testid="removed-notice">${reason ? notificationView(reason).text : msg('chat.removed', { name: this.name })}</p>
      <button type="button" class="secondary small" @click=${() => this.dispatchEvent(new Event('dismiss'))}>${msg('common.close')}</button>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-removed-notice': VolleyRemovedNotice;
  }
}
