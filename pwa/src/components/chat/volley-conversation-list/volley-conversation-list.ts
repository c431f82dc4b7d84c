/**
 * The sidebar list of conversations, as links; the open one is marked `aria-current`, those with
 * unread messages are bold with a dot, DMs show the other person's presence.
 */
import { consume } from '@lit/context';
import { UserDoc, type Conversation, type PresenceStatus } from '@volley/shared';
import { LitElement, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { unreadConversations } from '../../../chat/unread.js';
import { presenceContext } from '../../../services/social.js';
import { RoomController } from '../../../controllers/room-controller.js';
import { conversationTitle } from '../../../services/conversations.js';
import { msg, type Locale, localeContext } from '../../../i18n/i18n.js';
import { myUserRoom, type SessionState, sessionStateContext } from '../../../services/session.js';
import { syncContext, type SyncManager } from '../../../sync/sync-manager.js';
import '../../people/volley-bot-badge/volley-bot-badge.js';
import '../../people/volley-presence-dot/volley-presence-dot.js';
import { styles } from './volley-conversation-list.styles.js';

@customElement('volley-conversation-list')
export class VolleyConversationList extends LitElement {
  static override styles = styles;

  @property({ attribute: false }) conversations: readonly Conversation[] = [];
  @property({ attribute: false }) currentId: string | null = null;
  @consume({ context: syncContext, subscribe: true }) sync?: SyncManager;
  @consume({ context: sessionStateContext, subscribe: true }) sessionState?: SessionState;
  @consume({ context: presenceContext, subscribe: true }) presence: Readonly<Record<string, PresenceStatus>> = {};
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;

  readonly #userDoc = new RoomController(this, {
    sync: () => this.sync,
    name: () => myUserRoom(this.sessionState),
    observe: (doc) => [UserDoc.reads(doc)],
  });

  protected override render() {
    // Everyone is in #general, which cannot be left: no conversation is a list not fetched yet.
    if (this.conversations.length === 0) return nothing;
    const doc = this.#userDoc.doc;
    const unread = doc ? unreadConversations(this.conversations, UserDoc.reads(doc)) : new Set<string>();
    return html`<ul>
      ${this.conversations.map(
        (conversation) => html`<li>
          <a
            href=${`/c/${conversation.id}`}
            data-testid="conversation"
            data-id=${conversation.id}
            data-kind=${conversation.kind}
            ?data-unread=${unread.has(conversation.id)}
            aria-current=${conversation.id === this.currentId ? 'page' : 'false'}
          >
            ${conversation.peer ? html`<volley-presence-dot .locale=${this.locale} status=${this.presence[conversation.peer.id] ?? 'offline'}></volley-presence-dot>` : nothing}
            <span class="name">${conversationTitle(conversation)}</span>
            ${conversation.peer?.bot ? html`<volley-bot-badge .locale=${this.locale}></volley-bot-badge>` : nothing}
            ${unread.has(conversation.id) ? html`<span class="unread" role="img" aria-label=${msg('chat.unread')}></span>` : nothing}
          </a>
        </li>`,
      )}
    </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-conversation-list': VolleyConversationList;
  }
}
