/**
 * A conversation's "files" view (a modal dialog; Escape closes it): the files its messages carry,
 * newest first, as the server lists them to its readers, found by name as one types; each with its
 * kind, name, size, who shared it and when, a download button and a link to its message.
 */
import { consume } from '@lit/context';
import type { VolleyClient } from '@volley/client';
import type { Conversation, SharedFile } from '@volley/shared';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { describedFiles } from '../../../chat/encrypted-timeline.js';
import { dbContext, type VolleyDB } from '../../../db/db.js';
import { OpenMessageEvent } from '../../../events/open-message-event.js';
import { formatBytes, formatMessageTime } from '../../../i18n/format.js';
import { msg, type Locale, localeContext } from '../../../i18n/i18n.js';
import { saveFile } from '../../../services/attachment-files.js';
import { fileIcon } from '../../../services/attachment-kinds.js';
import { volleyContext } from '../../../services/client.js';
import { dialogStyles } from '../../../styles/dialog.styles.js';
import { buttonStyles } from '../../../styles/shared.styles.js';

/** A pause in typing before the search goes. */
const SEARCH_DELAY_MS = 250;

@customElement('volley-conversation-files')
export class VolleyConversationFiles extends LitElement {
  static override styles = [
    buttonStyles,
    dialogStyles,
    css`
      dialog {
        width: min(40rem, calc(100vw - 2 * var(--volley-space-3)));
      }
      input {
        font: inherit;
        padding: 8px 10px;
        border: 1px solid var(--volley-border);
        border-radius: var(--volley-radius-small);
        background: var(--volley-surface);
        color: inherit;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: var(--volley-space-1);
      }
      li {
        display: grid;
        grid-template-columns: auto minmax(0, 1fr) auto;
        align-items: center;
        gap: var(--volley-space-2);
        padding: var(--volley-space-1) 0;
        border-bottom: 1px solid var(--volley-border);
      }
      .name {
        all: unset;
        cursor: pointer;
        display: block;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
        font-weight: 600;
        color: var(--volley-brand);
      }
      .name:focus-visible {
        box-shadow: var(--volley-focus);
      }
      .meta {
        font-size: 0.75rem;
        color: var(--volley-text-muted);
      }
    `,
  ];

  @property({ attribute: false }) conversation: Conversation | null = null;
  @consume({ context: volleyContext, subscribe: true }) volley?: VolleyClient;
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;
  @consume({ context: dbContext, subscribe: true }) db?: VolleyDB;
  @state() private files: SharedFile[] | null = null;
  @state() private next: string | null = null;
  @state() private error: string | null = null;
  @query('dialog') private dialog!: HTMLDialogElement;
  @query('input') private search!: HTMLInputElement;
  #searching: ReturnType<typeof setTimeout> | undefined;
  /** Answers to an older search are dropped. */
  #asked = 0;

  show(): void {
    this.search.value = '';
    this.dialog.showModal();
    void this.#load();
  }

  async #load(cursor: string | null = null): Promise<void> {
    const api = this.volley?.api;
    const convId = this.conversation?.id;
    if (!api || !convId) return;
    const asked = ++this.#asked;
    const q = this.search.value.trim();
    this.error = null;
    try {
      // The server knows no encrypted file's name: those are found by name here, from what this device read.
      const encrypted = this.conversation?.encrypted === true;
      const page = await api.sharedFiles(convId, { q: encrypted ? '' : q, cursor });
      const items = encrypted ? await this.#described(convId, page.items, q) : page.items;
      if (asked !== this.#asked) return;
      this.files = cursor ? [...(this.files ?? []), ...items] : items;
      this.next = page.nextCursor;
    } catch {
      if (asked === this.#asked) this.error = msg('error.network');
    }
  }

  async #described(convId: string, files: SharedFile[], q: string): Promise<SharedFile[]> {
    const read = (await this.db?.decrypted.where('convId').equals(convId).toArray()) ?? [];
    const described = describedFiles(files, read);
    return q ? described.filter((file) => file.name.toLocaleLowerCase().includes(q.toLocaleLowerCase())) : described;
  }

  readonly #onSearch = (): void => {
    clearTimeout(this.#searching);
    this.#searching = setTimeout(() => void this.#load(), SEARCH_DELAY_MS);
  };

  protected override render() {
    return html`<dialog aria-labelledby="files-title" data-testid="conversation-files">
      <header class="dialog-header">
        <h2 id="files-title">${msg('files.title')}</h2>
        <button type="button" class="secondary small" @click=${() => this.dialog.close()}>${msg('common.close')}</button>
      </header>
      <div class="dialog-body">
        <input type="search" aria-label=${msg('files.search')} placeholder=${msg('files.search')} @input=${this.#onSearch} />
        ${this.error ? html`<p role="alert">${this.error}</p>` : nothing}
        ${this.files?.length === 0 ? html`<p role="status">${msg(this.search?.value.trim() ? 'files.noneFound' : 'files.none')}</p>` : nothing}
        <ul aria-label=${msg('files.title')}>
          ${(this.files ?? []).map((file) => this.#row(file))}
        </ul>
        ${this.next ? html`<button type="button" class="secondary small" @click=${() => void this.#load(this.next)}>${msg('common.loadMore')}</button>` : nothing}
      </div>
    </dialog>`;
  }

  #row(file: SharedFile) {
    return html`<li data-testid="shared-file">
      <span aria-hidden="true">${fileIcon(file.type)}</span>
      <span>
        <button type="button" class="name" title=${msg('files.showMessage', { name: file.name })} @click=${() => this.#open(file)}>${file.name}</button>
        <span class="meta">${formatBytes(file.size)} · ${file.authorName} · ${formatMessageTime(file.at)}</span>
      </span>
      <button type="button" class="small secondary" aria-label=${msg('attachment.download', { name: file.name })} title=${msg('attachment.download', { name: file.name })}
        @click=${() => this.volley && void saveFile(this.volley, file).catch(() => (this.error = msg('attachment.unavailable', { name: file.name })))}>⬇</button>
    </li>`;
  }

  #open(file: SharedFile): void {
    if (!this.conversation) return;
    this.dialog.close();
    this.dispatchEvent(new OpenMessageEvent(this.conversation.id, { id: file.messageId, seq: file.seq }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-conversation-files': VolleyConversationFiles;
  }
}
