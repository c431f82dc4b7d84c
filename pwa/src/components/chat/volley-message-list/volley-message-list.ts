/**
 * The messages of a conversation as a live log. Renders a window of them (the last WINDOW at first),
 * so a long history never becomes thousands of elements: nearing the top moves the window STEP
 * messages up (dropping as many at the bottom past MAX_SHOWN), then loads the previous segment
 * (`loadOlder`); nearing the bottom of a window that is not at the end moves it down. Each move
 * renders STEP messages and keeps what the reader sees in place (the first message in view stays
 * where it was); while an end is still near, the next frame moves again. Sticks to the
 * bottom: a new message scrolls into view when the reader was at the bottom, or when it is mine;
 * others' arriving while the reader is above stay out of view and a bar under the log counts them,
 * a button back to the newest, until the reader is at the bottom again.
 * Runs of messages from people I blocked show as one line until clicked. Messages by one author
 * minutes apart share a header (`chat/grouping.ts`), each day opens with a separator, and a click
 * on a name or an avatar opens that person's card.
 */
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { hideBlocked, type TimelineEntry } from '../../../chat/blocked-runs.js';
import type { Me, TimelineItem } from '../../../chat/timeline.js';
import { msg, type Locale, withLaterMessages } from '../../../i18n/i18n.js';
import { continues, sameDay } from '../../../chat/grouping.js';
import { UserCardEvent } from '../../../events/user-card-event.js';
import { formatDay } from '../../../i18n/format.js';
import type { Person } from '../../../services/members.js';
import '../volley-message/volley-message.js';
import { partsShown, type VolleyMessage } from '../volley-message/volley-message.js';
import { dividerStyles, styles } from './volley-message-list.styles.js';

/** How close to the bottom (px) still counts as "at the bottom"; likewise for the top. */
const STICKY_DISTANCE = 80;
/** Messages rendered at first. */
const WINDOW = 80;
/**
 * Messages added at one end of the window by one move (one a frame at most): each is an element
 * with a shadow root of its own (and its avatar's and actions menu's), so eighty at once took
 * 30–45 ms of the page's main thread in one scroll event and twenty 50–80 ms at times (traces of
 * the timeline benchmark); ten keep a frame's work well under 50 ms, and still move the window
 * further in a frame than a reader scrolls.
 */
const STEP = 10;
/** The most messages rendered at once, unless they are too few to fill four screens (short messages on a tall screen). */
const MAX_SHOWN = 100;
/**
 * The least height of a message (px: one line continuing the one before is 26): the first messages
 * a log shows are as many as fill it at that height, and the rest of the window comes above them,
 * out of view, once that frame has painted.
 */
const LEAST_MESSAGE_HEIGHT = 24;

@customElement('volley-message-list')
export class VolleyMessageList extends LitElement {
  static override styles = [styles, dividerStyles];

  @property({ attribute: false }) items: readonly TimelineItem[] = [];
  /** The log's accessible name. */
  @property() label = '';
  /** Shown when there is no message. */
  @property() empty = '';
  /** Authors whose messages are folded away. */
  @property({ attribute: false }) blocked: ReadonlySet<string> = new Set();
  @property({ attribute: false }) me: Me = { id: '', username: '' };
  @property({ type: Boolean }) moderator = false;
  @property({ attribute: false }) names: ReadonlyMap<string, string> = new Map();
  /** Authors' display names and pictures, by user id. */
  @property({ attribute: false }) people: ReadonlyMap<string, Person> = new Map();
  /** My message the DM peer saw last ("Seen"). */
  @property() seenId: string | null = null;
  /** The first unread message when the conversation opened ("New messages" above it). */
  @property() dividerBefore: string | null = null;
  /** Older segments exist that are not loaded yet. */
  @property({ type: Boolean }) hasOlder = false;
  /** Loads the previous segment; resolves once its messages are here (or it gave up). */
  @property({ attribute: false }) loadOlder: () => Promise<void> = async () => undefined;
  /** From the parent: a change of locale renders the element again (its text is `msg`'s). */
  @property({ attribute: false }) locale?: Locale;
  /** The runs of blocked messages I chose to see (by their first message id). */
  @state() private revealed: ReadonlySet<string> = new Set();
  /** The first message rendered; null: WINDOW before the last one rendered. */
  @state() private firstShown: string | null = null;
  /** The last message rendered; null: the newest (the window follows the end of the log). */
  @state() private lastShown: string | null = null;
  /** Whose card is open. */
  @state() private card: { userId: string; username: string } | null = null;
  /** The last message the reader had below them when others came in while they read above: what comes after it is counted as new. */
  @state() private seenUpTo: string | null = null;
  @query('.log') private log!: HTMLElement;
  /** The reader is at the bottom of the log as of their last scroll, or a message of mine came: what grows there is followed. */
  #stickToBottom = true;
  /** The log's scrollTop at the last scroll event. */
  #lastTop = 0;
  /**
   * A message just revealed (its id): the log stays on it while what is around it renders, even at
   * the bottom, until the reader moves the log themselves or a message of mine takes them to the end.
   * Not on a timer: on a slow device what is around it may still be rendering when any timer ends.
   */
  #held: string | null = null;
  /** The log's first messages are rendered and not painted yet: the window waits to grow. */
  #firstPaint = false;
  /** What the reader sees, kept while the window moves or older messages arrive: a message and its distance from the log's top edge. */
  #keep: { id: string; offset: number } | null = null;
  #loadingOlder = false;
  /** Whatever grows in the log (a card, a picture, a message's reactions) while the reader is at the bottom keeps them there. */
  readonly #growth = new ResizeObserver(() => {
    // Gone from the log (another conversation, or deleted): nothing is held any more.
    if (this.#held !== null && !this.items.some((item) => item.id === this.#held)) this.#held = null;
    if (this.#held !== null) this.#message(this.#held)?.scrollIntoView({ block: 'center' });
    else if (!this.#keep) this.#follow();
  });

  /** At the end of the log if the reader is there. */
  #follow(): void {
    if (this.#stickToBottom && this.lastShown === null) this.log.scrollTop = this.log.scrollHeight;
  }

  constructor() {
    super();
    // The card is fetched when first opened.
    this.addEventListener(UserCardEvent.type, ({ userId, username }) => void withLaterMessages(() => import('../../people/volley-user-card/volley-user-card.js')).then(() => (this.card = { userId, username })));
  }

  /** Messages render once the parts they show are defined: each takes its place at once, and nothing moves when its code arrives. */
  protected override async scheduleUpdate(): Promise<void> {
    await partsShown(this.items);
    await super.scheduleUpdate();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.hasUpdated || !changed.has('items')) return;
    // The reader's place as of their last scroll: measured now, it could be off by what grew since and was not followed yet.
    const atBottom = this.#stickToBottom;
    const previous = (changed.get('items') as readonly TimelineItem[] | undefined) ?? [];
    if (previous.length === 0 && this.items.length > 0) this.#screenfulFirst();
    // Older messages came in above: what the reader sees stays in place.
    if (!atBottom && previous[0] && this.items[0]?.id !== previous[0].id) this.#keep ??= this.#inView();
    const last = this.items.at(-1);
    // Written here just now (not yet numbered by the server): mine from another device, synced in, moves no one.
    const mineArrived = last?.mine === true && last.seq === undefined && previous.at(-1)?.id !== last.id && !previous.some((item) => item.id === last.id);
    // Mine arrived while the window was away from the end: back to the end, where it is.
    if (mineArrived && this.lastShown !== null) [this.firstShown, this.lastShown] = [null, null];
    if (mineArrived) this.#held = null;
    this.#stickToBottom = (atBottom && this.lastShown === null) || mineArrived;
    if (this.#stickToBottom) this.seenUpTo = null;
    else if (!this.items.some((item) => item.id === this.seenUpTo)) {
      // Messages came in after the last one (not older ones above it, nor another conversation's).
      const before = previous.at(-1);
      const arrived = before !== undefined && last !== undefined && last.id !== before.id && this.items.some((item) => item.id === before.id);
      this.seenUpTo = arrived ? before.id : null;
      if (arrived) void withLaterMessages(() => import('../volley-new-messages/volley-new-messages.js'));
    }
    // At the end of the log, new messages push the oldest rendered ones out of the window.
    if (this.#stickToBottom && this.lastShown === null && this.#end() - this.#start() > MAX_SHOWN) this.firstShown = null;
  }

  protected override updated(changed: PropertyValues<this>): void {
    // The messages rendered now, and no others (an element observed stays in memory while it is).
    this.#growth.disconnect();
    for (const message of this.renderRoot.querySelectorAll('volley-message')) this.#growth.observe(message);
    // And the log itself, which a box coming in under it (the composer, a notice, a phone's keyboard) makes shorter.
    this.#growth.observe(this.log);
    // A head segment just opened (after a seal) holds few messages: fill the screen from the previous one.
    if (changed.has('items') || changed.has('hasOlder')) requestAnimationFrame(() => this.hasOlder && this.log.scrollHeight <= this.log.clientHeight && void this.#older());
    const keep = this.#keep;
    this.#keep = null;
    // Once the messages come in have rendered their content (until then they have no height), before
    // the frame is painted: the reader never sees the log jump. The browser's own scroll anchoring
    // does not do it at the top: a log at 0 stays at 0 as messages come in above.
    if (keep) {
      return void this.#messagesRendered().then(() => {
        this.#restore(keep);
        // At the bottom, the bottom is what the reader sees, though what is under it grew meanwhile (#growth waits for the keep).
        this.#follow();
        this.#moveSoon();
      });
    }
    // Followed to the end from here: the messages' rendering grows them (#growth).
  }

  #atBottom(): boolean {
    const log = this.log;
    return log.scrollHeight - log.scrollTop - log.clientHeight <= STICKY_DISTANCE;
  }

  /** Others' messages after the one the reader had last below them (the server's own lines are no one's). */
  #unseen(): number {
    const from = this.seenUpTo === null ? -1 : this.items.findIndex((item) => item.id === this.seenUpTo);
    return from < 0 ? 0 : this.items.slice(from + 1).filter((item) => !item.mine && item.kind !== 'system').length;
  }

  /** The window back at the end of the log, followed again, and the log scrolled there. */
  readonly #toPresent = async (): Promise<void> => {
    [this.firstShown, this.lastShown, this.seenUpTo] = [null, null, null];
    this.#held = null;
    this.#stickToBottom = true;
    // At the end already (nothing grew): scroll there.
    await this.updateComplete;
    this.log.scrollTop = this.log.scrollHeight;
  };

  /** Resolves once every message rendered has rendered its own content. */
  #messagesRendered(): Promise<unknown> {
    return Promise.all([...this.renderRoot.querySelectorAll<VolleyMessage>('volley-message')].map((message) => message.updateComplete));
  }

  protected override render() {
    const start = this.#start();
    const unseen = this.#unseen();
    return html`<div class="log" role="log" aria-live="polite" aria-label=${this.label} tabindex="0" data-testid="message-list" @scroll=${this.#onScroll}
      @wheel=${this.#readerMoves} @touchstart=${this.#readerMoves} @pointerdown=${this.#readerMoves} @keydown=${this.#readerMoves}>
      ${this.items.length === 0 ? html`<p class="empty">${this.empty}</p>` : ''}
      ${start > 0 || this.hasOlder ? html`<p class="older">${msg('chat.older')}</p>` : nothing}
      ${repeat(
        withPrevious(hideBlocked(this.items.slice(start, this.#end()), this.blocked, this.revealed)),
        ([entry]) => (entry.kind === 'message' ? entry.item.id : `blocked-${entry.key}`),
        ([entry, previous]) => this.#entry(entry, previous),
      )}
    </div>
    ${unseen > 0
      ? html`<volley-new-messages .locale=${this.locale} .count=${unseen} @click=${this.#toPresent}></volley-new-messages>`
      : nothing}
    ${this.card ? html`<volley-user-card .userId=${this.card.userId} .username=${this.card.username} .person=${this.people.get(this.card.userId)} @close=${() => (this.card = null)}></volley-user-card>` : nothing}`;
  }

  /** The first messages: a screenful (the log read while laid out above), the window growing above them once they have painted (#moveSoon). */
  #screenfulFirst(): void {
    const fits = Math.ceil(this.log.clientHeight / LEAST_MESSAGE_HEIGHT) + 1;
    if (this.firstShown !== null || this.lastShown !== null || this.items.length <= fits) return;
    this.firstShown = this.items[this.items.length - fits]!.id;
    this.#firstPaint = true;
    requestAnimationFrame(() =>
      setTimeout(() => {
        this.#firstPaint = false;
        this.#moveSoon();
      }),
    );
  }

  /** Opens my message's editor (↑ in the composer), the window widened to it if it is out of it. */
  async edit(id: string): Promise<void> {
    const message = this.#message(id) ?? ((await this.reveal(id)) ? this.#message(id) : null);
    message?.edit();
  }

  /** Scrolls to a message (widening the window to it) and highlights it; false when not loaded. */
  async reveal(id: string): Promise<boolean> {
    const index = this.items.findIndex((item) => item.id === id);
    if (index < 0) return false;
    if (index < this.#start() || index >= this.#end()) {
      // A window around it: WINDOW / 2 messages on each side, or the end of the log.
      const last = index + WINDOW / 2;
      this.lastShown = last >= this.items.length - 1 ? null : this.items[last]!.id;
      this.firstShown = this.items[Math.max(0, index - WINDOW / 2)]!.id;
    }
    this.#stickToBottom = false;
    this.#held = id;
    await this.updateComplete;
    if (!this.#message(id)) return false;
    await new Promise(requestAnimationFrame);
    const element = this.#message(id);
    element?.scrollIntoView({ block: 'center' });
    element?.toggleAttribute('data-highlight', true);
    setTimeout(() => this.#message(id)?.removeAttribute('data-highlight'), 2_000);
    return true;
  }

  /** The message's element, if it is rendered. */
  #message(id: string): VolleyMessage | null {
    return this.renderRoot.querySelector<VolleyMessage>(`volley-message[data-id="${CSS.escape(id)}"]`);
  }

  /** Where the window starts in `items`. */
  #start(): number {
    const anchored = this.firstShown === null ? -1 : this.items.findIndex((item) => item.id === this.firstShown);
    return anchored >= 0 ? Math.min(anchored, this.#end()) : Math.max(0, this.#end() - WINDOW);
  }

  /** Where the window ends in `items` (excluded). */
  #end(): number {
    const anchored = this.lastShown === null ? -1 : this.items.findIndex((item) => item.id === this.lastShown);
    return anchored >= 0 ? anchored + 1 : this.items.length;
  }

  /** STEP older messages into the window, as many of the newest out of it past MAX_SHOWN. */
  #up(): void {
    const start = Math.max(0, this.#start() - STEP);
    this.#move(start, this.#fillsScreens() ? Math.min(this.#end(), start + MAX_SHOWN) : this.#end());
  }

  /** STEP newer messages into the window, as many of the oldest out of it past MAX_SHOWN; at the end, the window follows the log again. */
  #down(): void {
    const end = Math.min(this.items.length, this.#end() + STEP);
    this.#move(this.#fillsScreens() ? Math.max(this.#start(), end - MAX_SHOWN) : this.#start(), end);
  }

  /** What is rendered is four screens high or more: dropping a few at one end never brings the other within a screen of the view. */
  #fillsScreens(): boolean {
    return this.log.scrollHeight >= 4 * this.log.clientHeight;
  }

  #move(start: number, end: number): void {
    this.#keep = this.#inView();
    this.firstShown = this.items[start]?.id ?? null;
    this.lastShown = end >= this.items.length ? null : (this.items[end - 1]?.id ?? null);
  }

  /** The first message in view and its distance from the log's top edge. */
  #inView(): { id: string; offset: number } | null {
    const top = this.log.getBoundingClientRect().top;
    for (const element of this.renderRoot.querySelectorAll<HTMLElement>('volley-message')) {
      const box = element.getBoundingClientRect();
      if (box.bottom > top) return { id: element.dataset.id!, offset: box.top - top };
    }
    return null;
  }

  /** Scrolls so that the message kept is where it was; the browser's own scroll anchoring may have moved the log already. */
  #restore(keep: { id: string; offset: number } | null): void {
    const element = keep && this.renderRoot.querySelector<HTMLElement>(`volley-message[data-id="${CSS.escape(keep.id)}"]`);
    if (!keep || !element) return;
    const moved = element.getBoundingClientRect().top - this.log.getBoundingClientRect().top - keep.offset;
    if (Math.abs(moved) >= 1) this.log.scrollTop += moved;
  }

  /** Mine (to the bottom, keeping the place) or the reader's, alike: the browser sends one scroll event for both when they fall in one frame. */
  readonly #onScroll = (): void => {
    // Only the reader leaves the bottom, by scrolling up: content that grew before it was followed does not.
    if (this.#atBottom()) this.#stickToBottom = this.#held === null;
    else if (this.log.scrollTop < this.#lastTop) this.#stickToBottom = false;
    this.#lastTop = this.log.scrollTop;
    if (!this.#keep) this.#moveSoon();
    if (this.#stickToBottom && this.lastShown === null) this.seenUpTo = null;
  };

  /** The reader's own hand on the log (wheel, touch, scrollbar, keys): a revealed message is let go. */
  readonly #readerMoves = { handleEvent: (): void => void (this.#held = null), passive: true };

  #moveScheduled = false;

  /**
   * Next frame: a window end within a screen of the view moves (before the reader gets there); at
   * the top of the window's first message, the previous segment loads. Called on each scroll and
   * after each move, so that a move ending with the reader at the top loads what is older: a log
   * that stays at 0 sends no scroll event, however long the reader turns the wheel.
   */
  #moveSoon(): void {
    if (this.#moveScheduled) return;
    this.#moveScheduled = true;
    requestAnimationFrame(() => {
      this.#moveScheduled = false;
      const log = this.log;
      if (this.#keep || this.#firstPaint || !log) return;
      const near = log.clientHeight;
      if (log.scrollTop <= near && this.#start() > 0) this.#up();
      else if (log.scrollTop <= STICKY_DISTANCE && this.#start() === 0 && this.hasOlder) void this.#older();
      else if (log.scrollHeight - log.scrollTop - log.clientHeight <= near && this.lastShown !== null) this.#down();
    });
  }

  async #older(): Promise<void> {
    if (this.#loadingOlder) return;
    this.#loadingOlder = true;
    await this.loadOlder().finally(() => (this.#loadingOlder = false));
    // The conversation renders the new messages first.
    await new Promise(requestAnimationFrame);
    if (this.#start() > 0 && this.log.scrollTop <= this.log.clientHeight) this.#up();
  }

  #entry(entry: TimelineEntry, previous: TimelineEntry | undefined) {
    if (entry.kind === 'blocked') {
      return html`<button type="button" class="blocked" data-testid="blocked-placeholder" @click=${() => (this.revealed = new Set([...this.revealed, entry.key]))}>
        ${msg('chat.blocked', { count: entry.items.length })}
      </button>`;
    }
    const item = entry.item;
    const before = previous?.kind === 'message' ? previous.item : undefined;
    const newDay = !before || !sameDay(before.at, item.at);
    const divider = item.id === this.dividerBefore;
    return html`${newDay ? html`<p class="day" role="separator" data-testid="day-separator"><span>${formatDay(item.at)}</span></p>` : nothing}
      ${divider ? html`<p class="divider" role="separator" data-testid="new-messages-divider">${msg('chat.newMessages')}</p>` : nothing}
      <volley-message .locale=${this.locale} data-testid="message" data-id=${item.id} data-status=${item.status} .item=${item} .me=${this.me} .names=${this.names}
        .person=${this.people.get(item.author)} .quoted=${item.replyTo && [...this.people.values()].find((p) => p.username === item.replyTo!.authorName)} ?continued=${!divider && continues(before, item)}
        ?moderator=${this.moderator} ?seen=${item.id === this.seenId}></volley-message>`;
  }
}

/** Each entry with the one before it. */
const withPrevious = <T>(entries: readonly T[]): [T, T | undefined][] => entries.map((entry, i) => [entry, entries[i - 1]]);

declare global {
  interface HTMLElementTagNameMap {
    'volley-message-list': VolleyMessageList;
  }
}
