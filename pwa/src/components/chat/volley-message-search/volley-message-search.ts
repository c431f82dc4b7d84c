/**
 * Message search, a field in the chat header: as I type (or on Enter) the server's full-text results
 * (matches marked) open in a panel under it, with what this device decrypted of its encrypted
 * conversations among them; offline, the messages cached on this device, with a note saying so. A
 * result opens its conversation at the message (`OpenMessageEvent`); Escape, Close or leaving the
 * field and the panel closes it.
 */
import { consume } from '@lit/context';
import type { SearchHit } from '@volley/shared';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { splitHighlight } from '../../../chat/rich-text.js';
import { apiContext } from '../../../services/client.js';
import { onlineContext } from '../../../services/session.js';
import { SearchController } from '../../../controllers/search-controller.js';
import { dbContext, type VolleyDB } from '../../../db/db.js';
import { OpenMessageEvent } from '../../../events/open-message-event.js';
import { formatMessageTime } from '../../../i18n/format.js';
import { msg, type Locale, localeContext } from '../../../i18n/i18n.js';
import type { ApiClient } from '@volley/client';
import { buttonStyles } from '../../../styles/shared.styles.js';
import { icons } from '../../ui/icons.js';

@customElement('volley-message-search')
export class VolleyMessageSearch extends LitElement {
  static override styles = [
    buttonStyles,
    css`
      :host {
        position: relative;
        display: block;
        min-width: 0;
      }
      input {
        box-sizing: border-box;
        width: 100%;
        min-height: 32px;
        padding: 0 var(--volley-space-2);
        font: inherit;
        font-size: 0.875rem;
        color: inherit;
        background: var(--volley-surface);
        border: 1px solid var(--volley-border);
        border-radius: var(--volley-radius-small);
      }
      input:focus-visible {
        outline: none;
        border-color: var(--volley-brand);
        box-shadow: var(--volley-focus);
      }
      .panel {
        position: absolute;
        z-index: 5;
        top: calc(100% + 6px);
        inset-inline-end: 0;
        width: min(28rem, calc(100vw - 2 * var(--volley-space-3)));
        box-sizing: border-box;
        padding: var(--volley-space-2);
        background: var(--volley-surface-raised);
        border: 1px solid var(--volley-border);
        border-radius: var(--volley-radius-small);
        box-shadow: 0 6px 20px rgb(0 0 0 / 0.18);
      }
      .glass {
        display: none;
      }
      /* Phones: the field is a magnifier until it has focus (the chat's header then widens it); the
         panel spans the screen under the header. */
      @media (max-width: 719px) {
        input {
          min-height: 44px;
          padding-inline-start: 40px;
        }
        /* The magnifier alone: no room for more padding in its 44 px. */
        input:not(:focus) {
          padding-inline-end: 0;
        }
        input:not(:focus)::placeholder {
          color: transparent;
        }
        .glass {
          display: block;
          position: absolute;
          inset-inline-start: 10px;
          top: 10px;
          pointer-events: none;
          color: var(--volley-text-muted);
        }
        .panel {
          position: fixed;
          top: calc(62px + env(safe-area-inset-top));
          inset-inline: var(--volley-space-2);
          width: auto;
        }
      }
      .panel p {
        margin: var(--volley-space-1) var(--volley-space-2);
        font-size: 0.875rem;
      }
      ol {
        list-style: none;
        margin: 0;
        padding: 0;
        display: flex;
        flex-direction: column;
        gap: var(--volley-space-1);
        max-height: 60vh;
        overflow-y: auto;
      }
      .hit {
        all: unset;
        display: block;
        width: 100%;
        box-sizing: border-box;
        padding: var(--volley-space-2);
        border-radius: var(--volley-radius-small);
        cursor: pointer;
      }
      .hit:hover,
      .hit:focus-visible {
        background: var(--volley-surface);
      }
      .where {
        font-size: 0.75rem;
        color: var(--volley-text-muted);
      }
      mark {
        background: color-mix(in srgb, var(--volley-warning) 30%, transparent);
        color: inherit;
      }
      .note {
        color: var(--volley-warning);
      }
      .error {
        color: var(--volley-danger);
      }
      .buttons {
        display: flex;
        justify-content: flex-end;
        gap: var(--volley-space-2);
        margin-top: var(--volley-space-1);
      }
    `,
  ];

  @consume({ context: apiContext }) api?: ApiClient;
  @consume({ context: dbContext }) db?: VolleyDB;
  @consume({ context: onlineContext, subscribe: true }) online = false;
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;
  @state() private open = false;
  /** The results shown came from this device. */
  @state() private local = false;
  readonly #search = new SearchController<SearchHit>(this, { fetch: (q, cursor) => this.#fetch(q, cursor) });

  protected override render() {
    const search = this.#search;
    return html`<form role="search" @submit=${this.#onSubmit} @keydown=${this.#onKey} @focusout=${this.#onFocusOut}>
        <input type="search" name="q" aria-label=${msg('search.label')} placeholder=${msg('search.label')} @input=${this.#onInput} /><span class="glass">${icons.search}</span>
      </form>
      ${this.open && (search.searched || search.form.formError)
        ? html`<section class="panel" aria-label=${msg('search.results')} @keydown=${this.#onKey} @focusout=${this.#onFocusOut}>
            ${search.form.formError ? html`<p class="error" role="alert">${search.form.formError}</p>` : nothing}
            ${this.local ? html`<p class="note" role="status">${msg('search.local')}</p>` : nothing}
            ${search.results.length === 0 ? html`<p>${msg('search.none')}</p>` : nothing}
            <ol>
              ${search.results.map((hit) => html`<li>${this.#hit(hit)}</li>`)}
            </ol>
            <div class="buttons">
              ${search.nextCursor ? html`<button type="button" class="secondary small" @click=${() => search.load({ more: true })}>${msg('common.loadMore')}</button>` : nothing}
              <button type="button" class="secondary small" @click=${() => (this.open = false)}>${msg('common.close')}</button>
            </div>
          </section>`
        : nothing}`;
  }

  readonly #onInput = (event: Event): void => {
    this.open = true;
    this.#search.onInput(event);
  };

  readonly #onSubmit = (event: Event): void => {
    event.preventDefault();
    this.open = true;
    void this.#search.load();
  };

  readonly #onKey = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape' || !this.open) return;
    event.stopPropagation();
    this.open = false;
    this.renderRoot.querySelector('input')?.focus();
  };

  /** Focus left both the field and the panel. */
  readonly #onFocusOut = (): void => {
    setTimeout(() => {
      if (!this.shadowRoot!.activeElement) this.open = false;
    });
  };

  #hit(hit: SearchHit) {
    const name = hit.conversation.kind === 'dm' ? hit.conversation.name : `#${hit.conversation.name}`;
    return html`<button type="button" class="hit" data-testid="search-result" data-id=${hit.message.id} @click=${() => this.#openHit(hit)}>
      <span class="where">${name} · ${hit.message.authorName} · ${formatMessageTime(hit.message.at)}</span><br />
      ${splitHighlight(hit.highlight).map((part) => (part.marked ? html`<mark>${part.text}</mark>` : part.text))}
    </button>`;
  }

  #openHit({ conversation, message }: SearchHit): void {
    this.open = false;
    this.dispatchEvent(new OpenMessageEvent(conversation.id, { id: message.id, seq: message.seq, segment: message.segment }));
  }

  /** The search's code comes with the first search (chat/local-search.ts). */
  async #fetch(q: string, cursor: string | null): Promise<{ items: SearchHit[]; nextCursor: string | null }> {
    const { searchFor } = await import('../../../chat/local-search.js');
    const found = await searchFor(this.api, this.db, q, cursor, this.online);
    this.local = found.local;
    return found;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-message-search': VolleyMessageSearch;
  }
}
