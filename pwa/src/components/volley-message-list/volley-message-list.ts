/**
 * The messages of a conversation as a live log. Sticks to the bottom: a new message scrolls into
 * view when the reader was already at the bottom, or when it is mine. Runs of messages from people
 * I blocked show as one line until clicked.
 */
import { consume } from '@lit/context';
import { LitElement, html, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { hideBlocked, type TimelineEntry } from '../../chat/blocked-runs.js';
import type { TimelineItem } from '../../chat/timeline.js';
import { localeContext } from '../../context.js';
import { msg, type Locale } from '../../i18n/i18n.js';
import '../volley-message/volley-message.js';
import { styles } from './volley-message-list.styles.js';

/** How close to the bottom (px) still counts as "at the bottom". */
const STICKY_DISTANCE = 80;

@customElement('volley-message-list')
export class VolleyMessageList extends LitElement {
  static override styles = styles;

  @property({ attribute: false }) items: readonly TimelineItem[] = [];
  /** The log's accessible name. */
  @property() label = '';
  /** Shown when there is no message. */
  @property() empty = '';
  /** Authors whose messages are folded away. */
  @property({ attribute: false }) blocked: ReadonlySet<string> = new Set();
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;
  /** The runs of blocked messages I chose to see (by their first message id). */
  @state() private revealed: ReadonlySet<string> = new Set();
  @query('.log') private log!: HTMLElement;
  #stickToBottom = true;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('items') || !this.hasUpdated) return;
    const log = this.log;
    const atBottom = log.scrollHeight - log.scrollTop - log.clientHeight <= STICKY_DISTANCE;
    const previous = (changed.get('items') as readonly TimelineItem[] | undefined) ?? [];
    const last = this.items.at(-1);
    const mineArrived = last !== undefined && last.mine && !previous.some((item) => item.id === last.id);
    this.#stickToBottom = atBottom || mineArrived;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!changed.has('items') || !this.#stickToBottom) return;
    // After the messages' own renders (a rejected one grows by its actions row).
    requestAnimationFrame(() => (this.log.scrollTop = this.log.scrollHeight));
  }

  protected override render() {
    return html`<div class="log" role="log" aria-live="polite" aria-label=${this.label} tabindex="0" data-testid="message-list">
      ${this.items.length === 0 ? html`<p class="empty">${this.empty}</p>` : ''}
      ${repeat(
        hideBlocked(this.items, this.blocked, this.revealed),
        (entry) => (entry.kind === 'message' ? entry.item.id : `blocked-${entry.key}`),
        (entry) => this.#entry(entry),
      )}
    </div>`;
  }

  #entry(entry: TimelineEntry) {
    if (entry.kind === 'blocked') {
      return html`<button type="button" class="blocked" data-testid="blocked-placeholder" @click=${() => (this.revealed = new Set([...this.revealed, entry.key]))}>
        ${msg(entry.items.length === 1 ? 'chat.blockedOne' : 'chat.blockedMany', { count: entry.items.length })}
      </button>`;
    }
    const item = entry.item;
    return html`<volley-message data-testid="message" data-id=${item.id} data-status=${item.status} .item=${item} ?blocked=${this.blocked.has(item.author)}></volley-message>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-message-list': VolleyMessageList;
  }
}
