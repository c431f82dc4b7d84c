/**
 * One file of my message while it waits in the client library's file outbox: its name and size, a
 * progress bar fed by the library's upload progress, a cancel button that takes it out of the
 * message (stopping its upload), or why the server refused it, its limit named.
 */
import { consume } from '@lit/context';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { OutgoingFile, VolleyClient } from '@volley/client';
import { formatBytes } from '../../../i18n/format.js';
import { msg, msgFor, type Locale } from '../../../i18n/i18n.js';
import { fileIcon } from '../../../services/attachment-kinds.js';
import { volleyContext } from '../../../services/client.js';
import { buttonStyles } from '../../../styles/shared.styles.js';

@customElement('volley-upload')
export class VolleyUpload extends LitElement {
  static override styles = [
    buttonStyles,
    css`
      :host {
        display: grid;
        grid-template-columns: auto minmax(0, 1fr) auto;
        align-items: center;
        gap: var(--volley-space-2);
        max-width: 360px;
        padding: var(--volley-space-1) var(--volley-space-2);
        border: 1px solid var(--volley-border);
        border-radius: var(--volley-radius-small);
        background: var(--volley-surface);
      }
      .name {
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .size,
      .error {
        display: block;
        font-size: 0.75rem;
      }
      .error {
        color: var(--volley-danger);
      }
      progress {
        display: block;
        width: 100%;
      }
    `,
  ];

  /** The message the file belongs to. */
  @property() messageId = '';
  @property({ attribute: false }) file: OutgoingFile | null = null;
  @property({ attribute: false }) locale?: Locale;
  @consume({ context: volleyContext, subscribe: true }) volley?: VolleyClient;
  @state() private sent = 0;
  #stop: (() => void) | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#stop = this.volley?.user
      ? this.volley.files().progress.add((id, key, sent) => {
          if (id === this.messageId && key === this.file?.key) this.sent = sent;
        })
      : null;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stop?.();
    this.#stop = null;
  }

  protected override render() {
    const file = this.file;
    if (!file) return nothing;
    const error = file.error;
    return html`<span aria-hidden="true">${fileIcon(file.type)}</span>
      <span>
        <span class="name" title=${file.name}>${file.name}</span>
        <span class="size">${formatBytes(file.size)}</span>
        ${error
          ? html`<span class="error" role="alert" data-testid="upload-error">${msgFor('error', error.code, 'error.unknown', { limit: error.limit === undefined ? '' : formatBytes(error.limit) })}</span>`
          : html`<progress data-testid="upload-progress" max=${file.size || 1} value=${file.attachment ? file.size : this.sent}
              aria-label=${msg('attachment.uploading', { name: file.name })}></progress>`}
      </span>
      ${file.attachment || error
        ? nothing
        : html`<button type="button" class="small secondary" aria-label=${msg('attachment.cancel', { name: file.name })} title=${msg('attachment.cancel', { name: file.name })}
            @click=${() => void this.volley?.files().cancel(this.messageId, file.key)}>×</button>`}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-upload': VolleyUpload;
  }
}
