/**
 * A conversation's pinned messages, for every member: a button that opens the list (asked of the
 * server each time it opens, so it follows pins made elsewhere); a pinned message opens in the
 * conversation at its place. An encrypted message shows as this device read it: the server relays
 * its ciphertext.
 */
import { consume } from '@lit/context';
import { ApiError, type ApiClient } from '@volley/client';
import type { PinnedMessage } from '@volley/shared';
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { readAs } from '../../../chat/encrypted-timeline.js';
import { OpenMessageEvent } from '../../../events/open-message-event.js';
import { formatMessageTime } from '../../../i18n/format.js';
import { msg, msgFor, type Locale, localeContext } from '../../../i18n/i18n.js';
import { dbContext, type VolleyDB } from '../../../db/db.js';
import { apiContext } from '../../../services/client.js';
import { pinnedMessages } from '../../../services/conversations.js';
import { buttonStyles } from '../../../styles/shared.styles.js';
import { icons } from '../../ui/icons.js';

@customElement('volley-pinned-messages')
export class VolleyPinnedMessages extends LitElement {
  static override styles = [
    buttonStyles,
    css`
      :host {
        position: relative;
      }
      .panel {
        position: absolute;
        z-index: 5;
        top: calc(100% + 4px);
        inset-inline-start: 0;
        width: min(26rem, calc(100vw - 2 * var(--volley-space-3)));
        max-height: 60vh;
        overflow-y: auto;
        box-sizing: border-box;
        padding: var(--volley-space-2);
        background: var(--volley-surface-raised);
        border: 1px solid var(--volley-border);
        border-radius: var(--volley-radius-small);
        box-shadow: 0 6px 20px rgb(0 0 0 / 0.18);
        color: var(--volley-text);
        font-size: 0.875rem;
      }
      ol {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      li button {
        display: block;
        width: 100%;
        min-height: 44px;
        padding: var(--volley-space-1) var(--volley-space-2);
        text-align: start;
        white-space: normal;
        font-weight: 400;
        background: transparent;
        color: inherit;
      }
      li button:hover {
        background: var(--volley-surface);
      }
      .who {
        font-weight: 600;
      }
      .when {
        color: var(--volley-text-muted);
      }
      .body {
        display: block;
        overflow-wrap: anywhere;
      }
    `,
  ];

  @property() convId = '';
  @consume({ context: apiContext }) api?: ApiClient;
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;
  @consume({ context: dbContext }) db?: VolleyDB;
  @state() private open = false;
  /** What this device read of the encrypted ones, by id. */
  #read = new Map<string, string>();
  @state() private items: PinnedMessage[] | null = null;
  @state() private error: string | null = null;

  /** Another conversation opened in this view: the list shown was the last one's, it closes. */
  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('convId')) return;
    this.open = false;
    this.items = null;
    this.error = null;
  }

  protected override render() {
    return html`<button type="button" class="secondary small" data-testid="pinned-button" aria-expanded=${this.open ? 'true' : 'false'} @click=${this.#toggle}>
        ${icons.pin} ${msg('pins.title')}
      </button>
      ${this.open
        ? html`<section class="panel" aria-label=${msg('pins.title')} @keydown=${this.#onKey}>
            ${this.error ? html`<p role="alert">${msgFor('error', this.error, 'error.unknown')}</p>` : nothing}
            ${this.items?.length === 0 ? html`<p>${msg('pins.none')}</p>` : nothing}
            <ol>
              ${(this.items ?? []).map(
                (item) => html`<li data-testid="pinned-message">
                  <button type="button" @click=${() => this.#openAt(item)}>
                    <span class="who">${item.authorName}</span> <span class="when">${formatMessageTime(item.at)}</span>
                    <span class="body">${item.deletedAt ? msg('pins.deleted') : item.kind === 'encrypted' ? (this.#read.get(item.id) ?? msg('e2ee.listPreview')) : item.body}</span>
                  </button>
                </li>`,
              )}
            </ol>
          </section>`
        : nothing}`;
  }

  readonly #toggle = async (): Promise<void> => {
    this.open = !this.open;
    if (!this.open || !this.api) return;
    this.error = null;
    const convId = this.convId;
    try {
      const items = await pinnedMessages(this.api, convId);
      const read = await this.db?.decrypted.bulkGet(items.map((item) => item.id));
      if (convId !== this.convId) return;
      this.#read = new Map(items.flatMap((item, i) => { const row = readAs(read?.[i], item.author); return row?.body ? [[row.id, row.body]] : []; }));
      this.items = items;
    } catch (error) {
      if (convId === this.convId) this.error = error instanceof ApiError ? error.code : 'unknown';
    }
  };

  #openAt(item: PinnedMessage): void {
    this.open = false;
    this.dispatchEvent(new OpenMessageEvent(this.convId, { id: item.id, seq: item.seq, segment: item.segment }));
  }

  readonly #onKey = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape') return;
    this.open = false;
    this.renderRoot.querySelector<HTMLElement>('button')?.focus();
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-pinned-messages': VolleyPinnedMessages;
  }
}
