/**
 * One conversation: its loaded segments' messages (the client library's `Conversation`) merged
 * with my ops not settled (the library's pending-ops view: pending sends, refused ones, and my
 * edits, deletes and reactions overlaid until the server's change arrives), the composer bound to
 * my draft, typing, "N here" and the messages being streamed from the room's awareness. What I do
 * here goes through the library's typed ops: queued in IndexedDB first, so it works offline. Viewing it marks it read; the "New messages" divider stays
 * where my read mark was when it opened. A socket the server refuses (4403) is reported with
 * `ConversationClosedEvent`. Files dropped on it are staged in the composer; a message with files goes
 * through the library's file outbox (uploaded, then sent; offline it waits in IndexedDB), shown with
 * each file's progress until it is sent. A picture clicked opens the viewer, which goes through the
 * conversation's pictures in order.
 */
import { consume, provide } from '@lit/context';
import { ConvDoc, excerpt, UserDoc, userRoom, type Conversation, type Message, type MessageAttachment, type MessageSticker } from '@volley/shared';
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import * as Y from 'yjs';
import type { ComposerResult } from '../../../chat/commands.js';
import type { OpSender, VolleyClient } from '@volley/client';
import type { SendPlace } from './message-acts.js';
import type * as MessageActs from './message-acts.js';
import type { JumpTarget } from '../../../chat/message-link.js';
import { buildTimeline, editable, settledOps, withOutgoingFiles, withStreams, type TimelineItem } from '../../../chat/timeline.js';
import { remember } from '../../../chat/remember.js';
import { typingText } from '../../../chat/typing.js';
import { mayPin, pinRightContext } from '../../../chat/pins.js';
import { onlineContext } from '../../../services/session.js';
import { LiveQueryController } from '../../../controllers/live-query-controller.js';
import { RoomController } from '../../../controllers/room-controller.js';
import { ConversationController, SNAPSHOT_SIZE } from '../../../controllers/conversation-controller.js';
import { PendingOpsController } from '../../../controllers/pending-ops-controller.js';
import { FileOutboxController } from '../../../controllers/file-outbox-controller.js';
import { ImageOpenEvent } from '../../../events/image-open-event.js';
import { ViewShownEvent } from '../../../events/view-shown-event.js';
import { isImage } from '../../../services/attachment-kinds.js';
import { StreamsController } from '../../../controllers/streams-controller.js';
import { TypingController } from '../../../controllers/typing-controller.js';
import { dbContext, type DecryptedMessage, type Me, type VolleyDB } from '../../../db/db.js';
import { ConversationClosedEvent } from '../../../events/conversation-closed-event.js';
import { MessageActionEvent } from '../../../events/message-action-event.js';
import { msg, type Locale, localeContext, withLaterMessages } from '../../../i18n/i18n.js';
import { channelsContext, type Channels } from '../../../services/channels.js';
import { volleyContext } from '../../../services/client.js';
import { membersContext, type Members, type Person } from '../../../services/members.js';
import { conversationTitle } from '../../../services/conversations.js';
import { socialContext, type Social } from '../../../services/social.js';
import { syncContext, type SyncManager } from '../../../sync/sync-manager.js';
import type { VolleyComposer } from '../volley-composer/volley-composer.js';
import type { VolleyMessageList } from '../volley-message-list/volley-message-list.js';
import '../volley-message-list/volley-message-list.js';
import { styles } from './volley-conversation.styles.js';
import { shownName } from '../../../chat/shown-name.js';

/**
 * End-to-end encryption: the crypto machine and its WebAssembly, fetched with the first encrypted
 * conversation shown, once its messages as the device kept them are on screen (or at once when one
 * has still to be decrypted).
 */
const e2ee = () => withLaterMessages(() => import('../../../e2ee/e2ee.js'));
type SealedConversation = InstanceType<Awaited<ReturnType<typeof e2ee>>['SealedConversation']>;

/** How many older segments a jump may load before giving up. */
const MAX_JUMP_SEGMENTS = 20;

/**
 * Fetched once the messages from the device have painted: the composer and the pinned messages'
 * button, out of the view's chunk so that a conversation shows without waiting for them (their boxes
 * are kept meanwhile, volley-conversation.styles.ts).
 */
const loadAfterShown = () =>
  Promise.all([
    withLaterMessages(() => import('../volley-composer/volley-composer.js')),
    withLaterMessages(() => import('../volley-pinned-messages/volley-pinned-messages.js')),
    withLaterMessages(() => import('../volley-muted-notice/volley-muted-notice.js')),
  ]);

@customElement('volley-conversation')
export class VolleyConversation extends LitElement {
  static override styles = styles;

  @property({ attribute: false }) conversation: Conversation | null = null;
  @property({ attribute: false }) me: Me | null = null;
  @property({ attribute: false }) jumpTo: JumpTarget | null = null;
  @consume({ context: syncContext, subscribe: true }) sync?: SyncManager;
  @consume({ context: volleyContext, subscribe: true }) volley?: VolleyClient;
  @consume({ context: dbContext }) db?: VolleyDB;
  @consume({ context: channelsContext }) channels?: Channels;
  @consume({ context: socialContext }) social?: Social;
  @consume({ context: membersContext }) members?: Members;
  @consume({ context: onlineContext, subscribe: true }) online = false;
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;
  @state() private replyTo: TimelineItem | null = null;
  /** The picture open in the viewer (an attachment id), or null. */
  @state() private viewing: string | null = null;
  /** Files are dragged over the conversation. */
  @state() private dropping = false;
  /** Whether I may pin here: each message's actions menu reads it. */
  @provide({ context: pinRightContext }) pinRight = false;
  @query('volley-composer') private composer?: VolleyComposer;
  @query('volley-message-list') private list?: VolleyMessageList;
  /** My read mark when the conversation opened: the divider goes above the first message after it. */
  #readAtOpen: { convId: string; seq: number } | null = null;
  /** The conversation I marked unread while it is open: not read again until I open it again. */
  #keptUnread: string | null = null;
  /** The message whose editor ↑ opened from the composer: the composer has the focus back when it closes. */
  #editingLast: string | null = null;

  readonly #userDoc = new RoomController(this, {
    sync: () => this.sync,
    name: () => (this.me ? userRoom(this.me.id) : null),
    observe: (doc) => [UserDoc.drafts(doc)],
  });

  readonly #conv = new ConversationController(this, { volley: () => this.volley, conversation: () => this.conversation, db: () => this.db });
  readonly #pending = new PendingOpsController(this, () => this.volley, () => this.me !== null);
  readonly #files = new FileOutboxController(this, () => this.volley);
  readonly #typing = new TypingController(this, () => this.#conv.head, () => this.me?.id ?? '');
  readonly #streams = new StreamsController(this, () => this.#conv.head);

  /** The people I blocked: their messages are folded away in channels. */
  readonly #blocked = new LiveQueryController(this, async () => new Set((await this.db?.blocks.toArray())?.map((b) => b.user.id)));
  readonly #people = new LiveQueryController(this, async () => (this.conversation && this.members ? this.members.people(this.conversation.id) : new Map<string, Person>()), () => [this.conversation?.id]);
  readonly #names = new LiveQueryController(this, async () => (this.conversation && this.members ? this.members.names(this.conversation.id) : new Map<string, string>()), () => [this.conversation?.id]);
  /**
   * An encrypted conversation's messages as this device read them, and the log made of them (a chunk
   * of its own, fetched meanwhile). Until its head is read, the newest rows only (what its snapshot
   * shows): a few milliseconds, where a long conversation's every row takes a hundred or more.
   */
  readonly #read = new LiveQueryController(
    this,
    async () => {
      const { conversation, db } = this;
      if (!conversation?.encrypted || !db) return null;
      const all = this.#conv.headLoaded;
      const query = db.decrypted.where('convId').equals(conversation.id);
      const [rows, { readTimeline }] = await Promise.all([(all ? query : query.reverse().limit(SNAPSHOT_SIZE)).toArray(), import('../../../chat/encrypted-timeline.js')]);
      return { convId: conversation.id, all, rows: new Map(rows.map((row): [string, DecryptedMessage] => [row.id, row])), readTimeline: remember(readTimeline) };
    },
    () => [this.conversation?.id, this.conversation?.encrypted, this.#conv.headLoaded],
  );

  constructor() {
    super();
    this.addEventListener(MessageActionEvent.type, (event) => void this.#act(event));
    // The viewer is fetched with the first picture opened: most visits open none.
    this.addEventListener(ImageOpenEvent.type, ({ attachmentId }) => void withLaterMessages(() => import('../volley-image-viewer/volley-image-viewer.js')).then(() => (this.viewing = attachmentId)));
    // One handler for a drop anywhere on the conversation, the composer included: each file is staged once.
    this.addEventListener('dragover', (event) => {
      if (!event.dataTransfer?.types.includes('Files')) return;
      event.preventDefault();
      this.dropping = true;
    });
    this.addEventListener('dragleave', (event) => {
      if (!event.relatedTarget || !this.contains(event.relatedTarget as Node)) this.dropping = false;
    });
    this.addEventListener('drop', (event) => {
      this.dropping = false;
      const files = [...(event.dataTransfer?.files ?? [])];
      if (files.length === 0) return;
      event.preventDefault();
      void this.#composerReady().then((composer) => {
        composer?.stage(files);
        composer?.focus();
      });
    });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('visibilitychange', this.#onVisibility);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#meta?.unobserve(this.#onMeta);
    this.#meta = null;
    document.removeEventListener('visibilitychange', this.#onVisibility);
  }

  /** Others' messages I may delete here (core/src/policies/message.ts): a channel I run, or anywhere as the site's staff. */
  #deletesAny(): boolean {
    const conversation = this.conversation;
    const siteStaff = this.me?.role === 'moderator' || this.me?.role === 'admin';
    return siteStaff || (conversation?.kind === 'channel' && (conversation.myRole === 'admin' || conversation.myRole === 'owner'));
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('conversation')) this.pinRight = mayPin(this.conversation);
    if (changed.has('conversation') && changed.get('conversation')?.id !== this.conversation?.id) {
      this.replyTo = null;
      this.#keptUnread = null;
      if (this.conversation) void this.members?.refresh(this.conversation.id);
    }
  }

  protected override render() {
    const conversation = this.conversation;
    const items = this.#items();
    const images = this.#images(items);
    const names = this.#authorNames(conversation?.peer, items, this.#names.value);
    const typing = typingText(this.#typing.typing);
    return html`${conversation?.encrypted ? html`<volley-encryption .conversation=${conversation}></volley-encryption>` : nothing}<div class="liveness">
        ${conversation ? html`<volley-pinned-messages .convId=${conversation.id}></volley-pinned-messages>` : ''}
        <span class="typing" data-testid="typing" aria-live="polite">${typing}</span>
        <span class="here" data-testid="here-count">${msg('chat.here', { count: this.#typing.here })}</span>
      </div>
      <volley-message-list .locale=${this.locale}
        .items=${items}
        .label=${msg('chat.history', { name: conversation ? conversationTitle(conversation) : '' })}
        .empty=${this.#conv.headLoaded ? msg('chat.emptyConversation') : ''}
        .blocked=${conversation?.kind === 'dm' ? new Set() : (this.#blocked.value ?? new Set())}
        .me=${this.me ?? { id: '', username: '' }}
        .names=${names}
        .people=${this.#people.value ?? new Map()}
        ?moderator=${this.#deletesAny()}
        .seenId=${this.#seenId(items)}
        .dividerBefore=${this.#dividerBefore(items)}
        ?hasOlder=${this.#conv.nextOlder() !== null}
        .loadOlder=${this.#loadOlder}
        @edit-closed=${this.#editClosed}
      ></volley-message-list>
      <volley-muted-notice .conversation=${conversation}></volley-muted-notice>
      <volley-composer .locale=${this.locale}
        .convId=${this.conversation?.id ?? ''}
        .draft=${this.#draft()}
        .ensureDraft=${this.#ensureDraft}
        .replyTo=${this.replyTo ? { authorName: shownName(this.replyTo.authorName), excerpt: excerpt(this.replyTo.body) } : null}
        .findMembers=${this.#findMembers}
        .submit=${this.#submit}
        .sendSticker=${this.#sendSticker}
        @typing=${() => this.#typing.typed()}
        @edit-last=${this.#editLast}
        @cancel-reply=${() => (this.replyTo = null)}
      ></volley-composer>
      ${this.dropping ? html`<p class="drop-zone" aria-hidden="true">${msg('attachment.drop')}</p>` : nothing}
      ${this.viewing
        ? html`<volley-image-viewer .locale=${this.locale} .images=${images} .index=${images.findIndex((image) => image.id === this.viewing)}
            @viewer-index=${({ detail }: CustomEvent<number>) => (this.viewing = images[detail]?.id ?? null)}></volley-image-viewer>`
        : nothing}`;
  }

  protected override firstUpdated(): void {
    // Then the page's and the shell's later parts too (the chat page, app/volley-app.ts).
    void this.#conv.shown.then(() => {
      void loadAfterShown();
      this.dispatchEvent(new ViewShownEvent());
    });
  }

  protected override updated(changed: PropertyValues<this>): void {
    this.#showAccent();
    const pending = this.#pending.ops;
    if (pending && this.conversation && this.#conv.headLoaded) this.#settle(pending, this.#conv.messages(), this.#pending.entries(), this.conversation.id, this.me?.id);
    if (this.#conv.head?.status === 'refused' && this.conversation) this.dispatchEvent(new ConversationClosedEvent(this.conversation.id));
    this.#markRead();
    const opened = changed.has('conversation') && changed.get('conversation')?.id !== this.conversation?.id;
    if (opened && matchMedia('(pointer: fine)').matches) void this.#composerReady().then((composer) => composer?.focus());
    // Opened by a link with the page, the client comes after the first jump, which had only the messages from the device.
    if ((changed.has('jumpTo') || changed.has('volley')) && this.jumpTo) void this.#jump(this.jumpTo);
  }

  /** The composer once it is defined (loadAfterShown) and has rendered its field. */
  async #composerReady(): Promise<VolleyComposer | undefined> {
    await customElements.whenDefined('volley-composer');
    await this.composer?.updateComplete;
    return this.composer;
  }

  /** Sets my read mark to the newest message, while the conversation is on screen. */
  #markRead(): void {
    const userDoc = this.#userDoc.doc;
    const head = this.#conv.head;
    const conversation = this.conversation;
    if (!userDoc || !this.#userDoc.loaded || !head || !this.#conv.headLoaded || !conversation || document.visibilityState !== 'visible') return;
    const reads = UserDoc.reads(userDoc);
    if (this.#readAtOpen?.convId !== conversation.id) this.#readAtOpen = { convId: conversation.id, seq: reads.get(conversation.id) ?? 0 };
    if (this.#keptUnread === conversation.id) return;
    const messages = ConvDoc.messages(head.doc);
    const newest = Math.max(conversation.lastSeq, messages.length > 0 ? messages.get(messages.length - 1).seq : 0);
    if (newest > (reads.get(conversation.id) ?? 0)) reads.set(conversation.id, newest);
  }

  /** My read mark just before that message: the list counts it unread again, and the divider moves above it. */
  #markUnread(seq: number): void {
    const userDoc = this.#userDoc.doc;
    const convId = this.conversation?.id;
    if (!userDoc || !convId) return;
    this.#keptUnread = convId;
    this.#readAtOpen = { convId, seq: seq - 1 };
    UserDoc.reads(userDoc).set(convId, seq - 1);
    this.requestUpdate();
  }

  /** ↑ in the empty composer: my last message that may be edited, its editor open. */
  readonly #editLast = (): void => {
    const last = this.#items().findLast(editable);
    if (!last) return;
    this.#editingLast = last.id;
    void this.list?.edit(last.id);
  };

  readonly #editClosed = ({ detail: id }: CustomEvent<string>): void => {
    if (this.#editingLast === null || id !== this.#editingLast) return;
    this.#editingLast = null;
    void this.#composerReady().then((composer) => composer?.focus());
  };

  #dividerBefore(items: readonly TimelineItem[]): string | null {
    const read = this.#readAtOpen;
    if (read?.convId !== this.conversation?.id || !read) return null;
    return items.find((i) => !i.mine && i.seq !== undefined && i.seq > read.seq)?.id ?? null;
  }

  /** DMs: my last message the peer has seen, unless they turned receipts off (the server then writes none). */
  #seenId(items: readonly TimelineItem[]): string | null {
    const peer = this.conversation?.peer;
    const head = this.#conv.head;
    if (this.conversation?.kind !== 'dm' || !peer || !head) return null;
    const seen = ConvDoc.receipts(head.doc).get(peer.id) ?? 0;
    return items.findLast((i) => i.mine && i.seq !== undefined && i.seq <= seen)?.id ?? null;
  }

  readonly #onVisibility = (): void => this.requestUpdate();

  readonly #loadOlder = (): Promise<void> => this.#conv.load();

  /** What the log shows: built again only when one of its parts changed, not on every render (typing, presence…). */
  #items(): TimelineItem[] {
    const streams = this.#streams;
    const items = this.#timelineOf(this.#timeline(), this.#files.entries(), this.#files.refused(), streams.streams, this.conversation?.id, this.me);
    const convId = this.conversation?.id;
    if (!this.conversation?.encrypted) return items;
    // Another conversation's rows until this one's are read.
    const read = this.#read.value?.convId === convId ? this.#read.value : undefined;
    // A moment, until they are here: never the ciphertext.
    if (!read) return items.filter((item) => item.kind !== 'encrypted');
    // The crypto once every row is read, the newest already on screen from the first ones: it reads what the device has not.
    if (read.all) {
      const sealed = this.#sealed;
      if (sealed?.convId === convId && sealed) return sealed.view(items, read.rows);
      void this.#sealedReady();
    }
    return read.readTimeline(items, read.rows).items;
  }

  /** The open encrypted conversation's side of the crypto module, once fetched. */
  #sealed: SealedConversation | null = null;
  #sealedReady(): Promise<SealedConversation> {
    const { volley, db, conversation, me } = this;
    if (this.#sealed?.convId === conversation?.id && this.#sealed) return Promise.resolve(this.#sealed);
    if (!volley || !db || !conversation || !me) return Promise.reject(new Error('not ready'));
    // With the bars that use the device (the recovery key, verification).
    void withLaterMessages(() => import('../volley-encryption/volley-encryption.js'));
    return e2ee().then(({ SealedConversation }) => {
      if (this.#sealed?.convId !== conversation.id) this.#sealed = new SealedConversation(volley, db, conversation, me.id);
      this.requestUpdate();
      return this.#sealed!;
    });
  }

  readonly #timelineOf = remember((timeline: TimelineItem[], files: ReturnType<FileOutboxController['entries']>, refused: ReturnType<FileOutboxController['refused']>, streams: StreamsController['streams'], convId: string | undefined, me: Me | null) => {
    const items = convId && me ? withOutgoingFiles(timeline, files, refused, convId, me) : timeline;
    return withStreams(items, streams, me?.id ?? '', this.#streams.at);
  });

  #timeline(): TimelineItem[] {
    // Before the head opens: the snapshot's messages (ConversationController).
    if (!this.conversation || !this.me) return [];
    return this.#built(this.#conv.messages(), this.#pending.entries(), this.conversation.id, this.me);
  }

  readonly #built = remember(buildTimeline);

  readonly #settle = remember((pending: NonNullable<PendingOpsController['ops']>, messages: readonly Message[], entries: ReturnType<PendingOpsController['entries']>, convId: string, myId: string | undefined) =>
    pending.settle(settledOps(messages, entries, convId, myId)),
  );

  /** The conversation's pictures as loaded, in order: what the viewer goes through. */
  readonly #images = remember((items: readonly TimelineItem[]): MessageAttachment[] => items.flatMap((item) => (item.deletedAt === undefined ? (item.attachments ?? []).filter(isImage) : [])));

  /** Display names by user id: the DM peer's, the authors', then the members' list. */
  readonly #authorNames = remember(
    (peer: Conversation['peer'] | undefined, items: readonly TimelineItem[], members: ReadonlyMap<string, string> | undefined) =>
      new Map([...(peer ? [[peer.id, peer.username] as [string, string]] : []), ...items.map((i): [string, string] => [i.author, i.authorName]), ...(members ?? [])]),
  );

  #draft(): Y.Text | null {
    const doc = this.#userDoc.doc;
    return doc && this.conversation ? (UserDoc.drafts(doc).get(this.conversation.id) ?? null) : null;
  }

  readonly #ensureDraft = (): Y.Text | null => {
    const doc = this.#userDoc.doc;
    if (!doc || !this.conversation) return null;
    const text = new Y.Text();
    UserDoc.drafts(doc).set(this.conversation.id, text);
    return text;
  };

  readonly #findMembers = async (prefix: string) => {
    const found = this.conversation && this.members ? await this.members.find(this.conversation.id, prefix) : [];
    return found.map((m) => ({ id: m.userId, username: m.username }));
  };

  /** Its code comes with the first message sent (message-acts.ts). */
  readonly #submit = (text: string, files: readonly File[]): Promise<ComposerResult> =>
    this.#send(
      (sealed, replyTo) => sealed.submit(text, files, replyTo),
      (acts, place) => acts.submit(place, text, files),
    );

  readonly #sendSticker = (sticker: MessageSticker): Promise<ComposerResult> =>
    this.#send(
      (sealed, replyTo) => sealed.sendSticker(sticker, replyTo),
      (acts, place) => acts.sendSticker(place, sticker),
    );

  /**
   * What I write in an encrypted conversation is encrypted first (null: a command that writes no
   * words, run as anywhere); elsewhere it goes as it is.
   */
  async #send(sealedly: (sealed: SealedConversation, replyTo: string | undefined) => Promise<ComposerResult | null>, plainly: (acts: typeof MessageActs, place: SendPlace) => Promise<ComposerResult>): Promise<ComposerResult> {
    const place = this.#sendPlace();
    if (!place) return { ok: false, error: msg('error.unknown') };
    const sealed = place.conversation.encrypted ? await sealedly(await this.#sealedReady(), this.replyTo?.id) : null;
    if (sealed?.ok) place.takeReply();
    if (sealed) {
      place.typingStopped();
      return sealed;
    }
    return plainly(await withLaterMessages(() => import('./message-acts.js')), place);
  }

  #sendPlace(): SendPlace | null {
    const { conversation, channels, social, members } = this;
    const ops = this.#ops();
    if (!ops || !conversation || !channels || !social || !members) return null;
    return {
      conversation,
      ops,
      files: this.#files.files,
      online: this.online,
      channels,
      social,
      members,
      takeReply: () => {
        const id = this.replyTo?.id ?? null;
        this.replyTo = null;
        return id;
      },
      typingStopped: () => this.#typing.stopped(),
    };
  }

  /** Its code comes with the first action (message-acts.ts). */
  async #act(event: MessageActionEvent): Promise<void> {
    const ops = this.#ops();
    const pending = this.#pending.ops;
    const convId = this.conversation?.id;
    if (!ops || !pending || !convId) return;
    const { act } = event;
    if (act.action === 'edit' && this.conversation?.encrypted) return event.made(this.#sealedReady().then((sealed) => sealed.edit(act.id, act.body)));
    const { actOn } = await withLaterMessages(() => import('./message-acts.js'));
    return actOn(event, {
      convId,
      ops,
      pending,
      entries: this.#pending.entries(),
      files: { outbox: this.#files.files, waiting: this.#files.entries(), refused: this.#files.refused() },
      timeline: this.#items(),
      db: this.db,
      volley: this.volley,
      reply: (item) => (this.replyTo = item),
      draft: () => this.#draft() ?? this.#ensureDraft(),
      focusComposer: () => this.composer?.focus(),
      jump: (target) => this.#jump(target),
      markUnread: (seq) => this.#markUnread(seq),
    });
  }

  /** The head's meta, observed: an accent set anywhere shows at once. */
  #meta: Y.Map<unknown> | null = null;
  readonly #onMeta = (): void => this.requestUpdate();

  /** The accent as the head last said, else as the record says: `--volley-brand` and what derives from it, here. */
  #showAccent(): void {
    const meta = this.#conv.head ? ConvDoc.meta(this.#conv.head.doc) : null;
    if (meta !== this.#meta) {
      this.#meta?.unobserve(this.#onMeta);
      meta?.observe(this.#onMeta);
      this.#meta = meta;
    }
    const live = meta?.get('accent') as string | null | undefined;
    const accent = live === undefined ? (this.conversation?.accent ?? null) : live;
    if (accent) {
      this.style.setProperty('--volley-brand', `var(--volley-accent-${accent})`);
      this.style.setProperty('--volley-brand-strong', 'color-mix(in srgb, var(--volley-brand) 80%, var(--volley-text))');
      this.style.setProperty('--volley-focus', '0 0 0 3px color-mix(in srgb, var(--volley-brand) 45%, transparent)');
    } else for (const name of ['--volley-brand', '--volley-brand-strong', '--volley-focus']) this.style.removeProperty(name);
    this.dataset.accent = accent ?? '';
  }

  /** My typed ops (the library's), once someone is signed in. */
  #ops(): OpSender | null {
    return this.volley?.user ? this.volley.outbox() : null;
  }

  /** Shows a message, loading older segments (the known one first) until it is there. */
  async #jump(target: JumpTarget): Promise<void> {
    await this.#conv.shown;
    if (target.segment !== undefined) await this.#conv.load(target.segment);
    // Opened from a link with the conversation: the head may not have the message yet.
    await this.#conv.headSynced();
    for (let loads = 0; loads <= MAX_JUMP_SEGMENTS; loads++) {
      await this.updateComplete;
      if (await this.list?.reveal(target.id)) return;
      const first = this.#conv.messages()[0];
      if ((first && first.seq <= target.seq) || this.#conv.nextOlder() === null) return;
      await this.#conv.load();
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-conversation': VolleyConversation;
  }
}
