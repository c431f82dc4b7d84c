/**
 * What went wrong with a message of mine, under it: its send refused by the server, each of my
 * changes to it refused (an edit, a delete, a reaction, a pin), and a change this device could not
 * keep (its storage full), each with why and what may be done: Retry where sending again may pass,
 * Edit (the text back in the composer) where it cannot, Discard. Defined when the first such
 * message renders (volley-message.ts): most visits have none.
 */
import type { RejectReason } from '@volley/shared';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { FailedChange, TimelineItem } from '../../../chat/timeline.js';
import { MessageActionEvent, type MessageAction } from '../../../events/message-action-event.js';
import { msg, msgFor, type Locale, type MessageKey } from '../../../i18n/i18n.js';
import { formatTimeLeft, timeLeft } from '../../../i18n/time-left.js';
import { buttonStyles } from '../../../styles/shared.styles.js';

/**
 * The only refusals that sending the same op again may get past: a rate that lets up, a mute that
 * ends. Every other one (a block, a ban, a room that refused me, text the server will not take)
 * would be refused again, so it is offered no Retry.
 */
const RETRY_MAY_PASS = new Set<RejectReason>(['rate_limited', 'muted']);

const FAILED: Record<FailedChange['op'], MessageKey> = { edit: 'message.editRejected', delete: 'message.deleteRejected', react: 'message.reactRejected', pin: 'message.pinRejected' };

/** A change of mine this device could not keep, and why: it did not happen. */
export type Unsaved = { act: MessageAction; text: string };

@customElement('volley-message-refusal')
export class VolleyMessageRefusal extends LitElement {
  static override styles = [
    buttonStyles,
    css`
      :host {
        display: block;
      }
      .rejected {
        display: flex;
        align-items: center;
        flex-wrap: wrap;
        gap: var(--volley-space-2);
        margin-top: var(--volley-space-2);
        color: var(--volley-danger);
        font-size: 0.875rem;
      }
      .actions {
        display: inline-flex;
        gap: var(--volley-space-2);
      }
    `,
  ];

  @property({ attribute: false }) item: TimelineItem | null = null;
  /** Dismissed with Discard (`unsaved-dismissed`). */
  @property({ attribute: false }) unsaved: Unsaved | null = null;
  /** From the parent: a change of locale renders the element again (its text is `msg`'s). */
  @property({ attribute: false }) locale?: Locale;

  protected override render() {
    const item = this.item;
    if (!item) return nothing;
    return html`${item.status === 'rejected' ? this.#refused(msg('chat.rejected', { reason: this.#reason(item.reason, item.detail) }), item.id, item.reason, item.kind !== 'invite') : nothing}
      ${item.failed.map((f) => this.#refused(msg(FAILED[f.op], { reason: this.#reason(f.reason, f.detail), text: f.body ?? '' }), f.id, f.reason, false))}
      ${this.unsaved ? this.#unsaved(this.unsaved) : nothing}`;
  }

  #reason(reason: RejectReason | undefined, detail: string | undefined): string {
    const left = reason === 'muted' && detail ? timeLeft(detail) : null;
    return left ? msg('reject.mutedFor', { left: formatTimeLeft(left) }) : msgFor('reject', reason ?? 'unknown', 'reject.unknown', { detail: detail ?? '' });
  }

  #refused(text: string, opId: string, reason: RejectReason | undefined, editable: boolean) {
    const hopeless = reason !== undefined && !RETRY_MAY_PASS.has(reason);
    return html`<div class="rejected">
      <span class="reason" data-testid="reject-reason">${text}</span>
      <span class="actions">
        ${hopeless ? nothing : html`<button type="button" class="small" @click=${() => this.#act({ action: 'retry', id: opId })}>${msg('chat.retry')}</button>`}
        ${hopeless && editable ? html`<button type="button" class="small" @click=${() => this.#act({ action: 'restore', id: opId })}>${msg('chat.editRefused')}</button>` : nothing}
        <button type="button" class="small secondary" @click=${() => this.#act({ action: 'discard', id: opId })}>${msg('chat.discard')}</button>
      </span>
    </div>`;
  }

  /** Retry does it again; Discard lets it go. */
  #unsaved({ act, text }: Unsaved) {
    return html`<div class="rejected unsaved" role="alert">
      <span class="reason" data-testid="unsaved">${text}</span>
      <span class="actions">
        <button type="button" class="small" @click=${() => this.#act(act)}>${msg('chat.retry')}</button>
        <button type="button" class="small secondary" @click=${() => this.dispatchEvent(new Event('unsaved-dismissed'))}>${msg('chat.discard')}</button>
      </span>
    </div>`;
  }

  #act(action: MessageAction): void {
    this.dispatchEvent(new MessageActionEvent(action));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-message-refusal': VolleyMessageRefusal;
  }
}
