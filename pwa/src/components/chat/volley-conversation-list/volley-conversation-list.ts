/**
 * The sidebar list of conversations, as links, the latest activity first: each tells its last
 * message (who, and its start as plain text, or that it was deleted), when, how many messages I have not read and whether
 * one mentions me. The open one is marked `aria-current`; DMs show the other person's presence.
 * The list comes from Dexie (moved on by the API, the inbox signal and open segments:
 * services/conversations.ts), so it tells the same offline; reads and mentions from my user document.
 */
import { consume } from '@lit/context';
import { isSeen, notificationsOf, UserDoc, type Conversation, type PresenceStatus } from '@volley/shared';
import type { CachedConversation } from '../../../db/db.js';
import { LitElement, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type * as Y from 'yjs';
import { badgeCount, unreadCount } from '../../../chat/conversation-summary.js';
import { shownName } from '../../../chat/shown-name.js';
import { presenceContext } from '../../../services/social.js';
import { RoomController } from '../../../controllers/room-controller.js';
import { conversationTitle } from '../../../services/conversations.js';
import { formatListTime } from '../../../i18n/format.js';
import { msg, type Locale, localeContext } from '../../../i18n/i18n.js';
import { myUserRoom, type SessionState, sessionStateContext } from '../../../services/session.js';
import { syncContext, type SyncManager } from '../../../sync/sync-manager.js';
import '../../people/volley-bot-badge/volley-bot-badge.js';
import '../../people/volley-presence-dot/volley-presence-dot.js';
import { styles } from './volley-conversation-list.styles.js';

/** The conversations where a mention of me is not seen yet. */
function mentionedIn(doc: Y.Doc): Set<string> {
  const ids = new Set<string>();
  notificationsOf(doc).forEach((n) => {
    if (n?.kind === 'mention' && !isSeen(n, doc)) ids.add(n.conversation.id);
  });
  return ids;
}

@customElement('volley-conversation-list')
export class VolleyConversationList extends LitElement {
  static override styles = styles;

  /** In the order shown: the page sorts them (conversation-summary.ts, byActivity). */
  @property({ attribute: false }) conversations: readonly CachedConversation[] = [];
  @property({ attribute: false }) currentId: string | null = null;
  @consume({ context: syncContext, subscribe: true }) sync?: SyncManager;
  @consume({ context: sessionStateContext, subscribe: true }) sessionState?: SessionState;
  @consume({ context: presenceContext, subscribe: true }) presence: Readonly<Record<string, PresenceStatus>> = {};
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;

  readonly #userDoc = new RoomController(this, {
    sync: () => this.sync,
    name: () => myUserRoom(this.sessionState),
    observe: (doc) => [UserDoc.reads(doc), notificationsOf(doc)],
  });

  protected override render() {
    // Everyone is in #general, which cannot be left: no conversation is a list not fetched yet.
    if (this.conversations.length === 0) return nothing;
    const doc = this.#userDoc.doc;
    const reads = doc ? UserDoc.reads(doc) : null;
    const mentioned = doc ? mentionedIn(doc) : new Set<string>();
    const myId = this.sessionState?.status === 'signed-in' ? this.sessionState.user.id : null;
    const now = new Date();
    return html`<ul>
      ${this.conversations.map((conversation) => {
        // Until my user document is read, no count: a guess would flash.
        const unread = reads ? unreadCount(conversation, reads, myId) : 0;
        const mention = mentioned.has(conversation.id);
        const last = conversation.lastMessage;
        return html`<li>
          <a
            href=${`/c/${conversation.id}`}
            data-testid="conversation"
            data-id=${conversation.id}
            data-kind=${conversation.kind}
            ?data-unread=${unread > 0}
            aria-current=${conversation.id === this.currentId ? 'page' : 'false'}
          >
            <span class="line">
              ${conversation.peer ? html`<volley-presence-dot .locale=${this.locale} status=${this.presence[conversation.peer.id] ?? 'offline'}></volley-presence-dot>` : nothing}
              <span class="name">${conversationTitle(conversation)}</span>
              ${conversation.peer?.bot ? html`<volley-bot-badge .locale=${this.locale}></volley-bot-badge>` : nothing}
              ${last ? html`<time class="time" datetime=${last.at}>${formatListTime(last.at, now)}</time>` : nothing}
            </span>
            ${last || mention || unread > 0
              ? html`<span class="line">
                  <span class="preview ${last?.deleted ? 'deleted' : ''}">${last ? this.#preview(conversation, last, myId) : ''}</span>
                  ${mention ? html`<span class="mention" role="img" aria-label=${msg('chat.mentioned')}>@</span>` : nothing}
                  ${unread > 0
                    ? html`<span class="unread" role="img" aria-label=${msg('chat.unreadCount', { count: unread })}>${badgeCount(unread)}</span>`
                    : nothing}
                </span>`
              : nothing}
          </a>
        </li>`;
      })}
    </ul>`;
  }

  /** "Name: start", mine as "You: start"; a DM's other person needs no name. A deleted message says so; one of files only has no text. */
  #preview(conversation: CachedConversation, last: NonNullable<Conversation['lastMessage']>, myId: string | null): string {
    // An encrypted message's text is for the devices: what this one read of it, or what it is, never its ciphertext.
    const read = conversation.sealedPreview;
    const text = last.deleted ? msg('message.deleted') : last.preview || (read && read.id === last.id && read.author === last.author && read.text) || msg(conversation.encrypted ? 'e2ee.listPreview' : 'chat.noText');
    if (last.author && last.author === myId) return msg('chat.lastByMe', { text });
    if (conversation.kind === 'dm' || !last.authorName) return text;
    return msg('chat.lastBy', { name: shownName(last.authorName), text });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-conversation-list': VolleyConversationList;
  }
}
