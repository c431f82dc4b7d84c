/**
 * One conversation: the head segment's messages merged with my outbox entries for it, and the
 * composer. Everything I do here writes my user document only, so it works offline. Viewing it
 * marks it read; a socket the server refuses (4403) is reported with `ConversationClosedEvent`.
 */
import { consume } from '@lit/context';
import { ConvDoc, UserDoc, convRoom, userRoom, type Conversation, type OutboxEntry } from '@volley/shared';
import { LitElement, html, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { discardMessage, pruneOutbox, retryMessage, sendMessage } from '../../chat/outbox.js';
import { buildTimeline, settledOps, type TimelineItem } from '../../chat/timeline.js';
import { latestSeq } from '../../chat/unread.js';
import { dbContext, localeContext, syncContext } from '../../context.js';
import { LiveQueryController } from '../../controllers/live-query-controller.js';
import { RoomController } from '../../controllers/room-controller.js';
import type { Me, VolleyDB } from '../../db/db.js';
import { ConversationClosedEvent } from '../../events/conversation-closed-event.js';
import { MessageActionEvent } from '../../events/message-action-event.js';
import { SendMessageEvent } from '../../events/send-message-event.js';
import { msg, type Locale } from '../../i18n/i18n.js';
import type { SyncManager } from '../../sync/sync-manager.js';
import { conversationTitle } from '../volley-conversation-list/volley-conversation-list.js';
import type { VolleyComposer } from '../volley-composer/volley-composer.js';
import '../volley-composer/volley-composer.js';
import '../volley-message-list/volley-message-list.js';
import { styles } from './volley-conversation.styles.js';

@customElement('volley-conversation')
export class VolleyConversation extends LitElement {
  static override styles = styles;

  @property({ attribute: false }) conversation: Conversation | null = null;
  @property({ attribute: false }) me: Me | null = null;
  @consume({ context: syncContext }) sync?: SyncManager;
  @consume({ context: dbContext }) db?: VolleyDB;
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;
  /** A newer segment than the conversation record knows, announced by the sealed one (`meta.next`). */
  @state() private followedSegment = 0;
  @query('volley-composer') private composer?: VolleyComposer;

  readonly #userDoc = new RoomController(this, {
    sync: () => this.sync,
    name: () => (this.me ? userRoom(this.me.id) : null),
    observe: (doc) => [UserDoc.outbox(doc), UserDoc.inbox(doc)],
  });

  /** The people I blocked: their messages are folded away in channels. */
  readonly #blocked = new LiveQueryController(this, async () => new Set((await this.db?.blocks.toArray())?.map((b) => b.user.id)));

  readonly #segment = new RoomController(this, {
    sync: () => this.sync,
    name: () => (this.conversation ? convRoom(this.conversation.id, this.#headSegment()) : null),
    observe: (doc) => [ConvDoc.messages(doc), ConvDoc.meta(doc)],
  });

  constructor() {
    super();
    this.addEventListener(SendMessageEvent.type, (event) => this.#send(event.body));
    this.addEventListener(MessageActionEvent.type, (event) => this.#act(event));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('visibilitychange', this.#onVisibility);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('visibilitychange', this.#onVisibility);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('conversation') && changed.get('conversation')?.id !== this.conversation?.id) this.followedSegment = 0;
  }

  protected override render() {
    const name = this.conversation ? conversationTitle(this.conversation) : '';
    return html`
      <volley-message-list
        .items=${this.#timeline()}
        .label=${msg('chat.history', { name })}
        .empty=${this.#segment.loaded ? msg('chat.emptyConversation') : ''}
        .blocked=${this.conversation?.kind === 'dm' ? new Set() : (this.#blocked.value ?? new Set())}
      ></volley-message-list>
      <volley-composer></volley-composer>
    `;
  }

  protected override updated(changed: PropertyValues<this>): void {
    const convDoc = this.#segment.doc;
    const userDoc = this.#userDoc.doc;
    if (convDoc && this.conversation) {
      const next = ConvDoc.meta(convDoc).get('next');
      if (typeof next === 'number' && next > this.#headSegment()) this.followedSegment = next;
    }
    if (convDoc && userDoc && this.conversation) {
      pruneOutbox(userDoc, settledOps(ConvDoc.messages(convDoc).toArray(), this.#outbox(), this.conversation.id));
    }
    if (this.#segment.room?.status === 'refused' && this.conversation) {
      this.dispatchEvent(new ConversationClosedEvent(this.conversation.id));
    }
    this.#markRead();
    const opened = changed.has('conversation') && changed.get('conversation')?.id !== this.conversation?.id;
    if (opened && matchMedia('(pointer: fine)').matches) this.composer?.focus();
  }

  /** Sets my read mark to the newest message, while the conversation is on screen. */
  #markRead(): void {
    const userDoc = this.#userDoc.doc;
    const convDoc = this.#segment.doc;
    if (!userDoc || !convDoc || !this.conversation || document.visibilityState !== 'visible') return;
    const reads = UserDoc.reads(userDoc);
    const newest = Math.max(latestSeq(this.conversation, UserDoc.inbox(userDoc)), ConvDoc.messages(convDoc).toArray().at(-1)?.seq ?? 0);
    if (newest > (reads.get(this.conversation.id) ?? 0)) reads.set(this.conversation.id, newest);
  }

  readonly #onVisibility = (): void => this.requestUpdate();

  #headSegment(): number {
    return Math.max(this.conversation?.headSegment ?? 0, this.followedSegment);
  }

  #outbox(): Map<string, OutboxEntry> {
    const doc = this.#userDoc.doc;
    return doc ? new Map(UserDoc.outbox(doc).entries()) : new Map();
  }

  #timeline(): TimelineItem[] {
    const convDoc = this.#segment.doc;
    if (!this.conversation || !this.me || !convDoc) return [];
    return buildTimeline(ConvDoc.messages(convDoc).toArray(), this.#outbox(), this.conversation.id, this.me);
  }

  #send(body: string): void {
    const doc = this.#userDoc.doc;
    if (doc && this.conversation) sendMessage(doc, this.conversation.id, body);
  }

  #act({ action, id }: MessageActionEvent): void {
    const doc = this.#userDoc.doc;
    if (!doc) return;
    if (action === 'retry') retryMessage(doc, id);
    else discardMessage(doc, id);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-conversation': VolleyConversation;
  }
}
