/**
 * One message: author (a menu for others: profile, block), time, body (as text), and for my
 * unsent ones their state; a rejected one keeps its text, says why (a mute with its time left)
 * and offers Retry and Discard.
 */
import { consume } from '@lit/context';
import { LitElement, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { TimelineItem } from '../../chat/timeline.js';
import { localeContext } from '../../context.js';
import { MessageActionEvent } from '../../events/message-action-event.js';
import { formatMessageTime } from '../../i18n/format.js';
import { msg, msgFor, type Locale } from '../../i18n/i18n.js';
import { formatTimeLeft, timeLeft } from '../../i18n/time-left.js';
import '../volley-user-menu/volley-user-menu.js';
import { styles } from './volley-message.styles.js';

@customElement('volley-message')
export class VolleyMessage extends LitElement {
  static override styles = styles;

  @property({ attribute: false }) item: TimelineItem | null = null;
  /** The author is someone I blocked (their name's menu offers Unblock). */
  @property({ type: Boolean }) blocked = false;
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;

  protected override render() {
    const item = this.item;
    if (!item) return nothing;
    return html`<article class=${item.mine ? 'mine' : ''} data-status=${item.status}>
      <header>
        ${item.mine
          ? html`<span class="author">${item.authorName}</span>`
          : html`<volley-user-menu class="author" .userId=${item.author} .name=${item.authorName} ?blocked=${this.blocked}></volley-user-menu>`}
        <time datetime=${item.at}>${formatMessageTime(item.at)}</time>
        ${item.status === 'pending' ? html`<span class="state">${msg('chat.pending')}</span>` : nothing}
      </header>
      <p class="body">${item.body}</p>
      ${item.status === 'rejected' ? this.#rejected(item) : nothing}
    </article>`;
  }

  #rejected(item: TimelineItem) {
    const left = item.reason === 'muted' && item.detail ? timeLeft(item.detail) : null;
    const reason = left
      ? msg('reject.mutedFor', { left: formatTimeLeft(left) })
      : msgFor('reject', item.reason ?? 'unknown', 'reject.unknown', { detail: item.detail ?? '' });
    return html`<div class="rejected">
      <span class="reason" data-testid="reject-reason">${msg('chat.rejected', { reason })}</span>
      <span class="actions">
        <button type="button" class="small" @click=${() => this.#act('retry')}>${msg('chat.retry')}</button>
        <button type="button" class="small secondary" @click=${() => this.#act('discard')}>${msg('chat.discard')}</button>
      </span>
    </div>`;
  }

  #act(action: MessageActionEvent['action']): void {
    if (this.item) this.dispatchEvent(new MessageActionEvent(action, this.item.id));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-message': VolleyMessage;
  }
}
