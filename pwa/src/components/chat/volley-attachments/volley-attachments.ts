/**
 * A message's files: pictures inline as thumbnails, each given its size (its real ratio) before it
 * loads so the timeline never jumps, opened full size in the conversation's viewer on click; an
 * animated GIF plays; any other file as a card with its kind, name, size and a download button.
 * The bytes come through the client library with the bearer header (blob URLs); an encrypted DM's
 * are decrypted on this device, or the picture's place says why they could not be.
 */
import { consume } from '@lit/context';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ref } from 'lit/directives/ref.js';
import type { VolleyClient } from '@volley/client';
import type { MessageAttachment } from '@volley/shared';
import { ImageOpenEvent } from '../../../events/image-open-event.js';
import { formatBytes } from '../../../i18n/format.js';
import { msg, type Locale } from '../../../i18n/i18n.js';
import { pictureBlob, saveFile, thumbnailSize } from '../../../services/attachment-files.js';
import { fileIcon, isImage } from '../../../services/attachment-kinds.js';
import { volleyContext } from '../../../services/client.js';
import { buttonStyles, visuallyHidden } from '../../../styles/shared.styles.js';

/** Gives the picture its size before it loads, through the CSSOM (the CSP allows no style attribute). */
const reserve = (width: number, height: number) => (element?: Element) => {
  if (element instanceof HTMLElement) Object.assign(element.style, { width: `${width}px`, aspectRatio: `${width} / ${height}` });
};

@customElement('volley-attachments')
export class VolleyAttachments extends LitElement {
  static override styles = [
    buttonStyles,
    visuallyHidden,
    css`
      :host {
        display: flex;
        flex-wrap: wrap;
        /* Each picture keeps its own height: a taller one beside it stretches nothing. */
        align-items: flex-start;
        gap: var(--volley-space-2);
        margin-top: var(--volley-space-1);
      }
      .picture {
        all: unset;
        display: block;
        max-width: 100%;
        cursor: zoom-in;
        border-radius: var(--volley-radius-small);
        background: var(--volley-border);
        overflow: hidden;
      }
      .picture:focus-visible {
        box-shadow: var(--volley-focus);
      }
      .unreadable {
        box-sizing: border-box;
        margin: 0;
        padding: var(--volley-space-2);
        cursor: default;
        font-size: 0.875rem;
        color: var(--volley-text-muted);
      }
      .picture img {
        display: block;
        width: 100%;
        height: 100%;
        object-fit: cover;
      }
      .file {
        display: grid;
        grid-template-columns: auto minmax(0, 1fr) auto;
        align-items: center;
        gap: var(--volley-space-2);
        min-width: 220px;
        max-width: 360px;
        padding: var(--volley-space-2) var(--volley-space-3, 12px);
        border: 1px solid var(--volley-border);
        border-radius: var(--volley-radius-small);
        background: var(--volley-surface);
      }
      .icon {
        font-size: 1.5rem;
      }
      .name {
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
        font-weight: 600;
      }
      .size {
        display: block;
        font-size: 0.75rem;
        color: var(--volley-text-muted);
      }
    `,
  ];

  @property({ attribute: false }) attachments: readonly MessageAttachment[] = [];
  @property({ attribute: false }) locale?: Locale;
  @consume({ context: volleyContext, subscribe: true }) volley?: VolleyClient;
  /** Attachment id → blob URL of what the timeline shows of it. */
  @state() private urls = new Map<string, string>();
  /** Attachment id → why an encrypted picture could not be opened, said in its place. */
  @state() private unreadable = new Map<string, string>();
  readonly #asked = new Set<string>();
  @state() private failed: string | null = null;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const url of this.urls.values()) URL.revokeObjectURL(url);
    this.urls = new Map();
    this.#asked.clear();
  }

  protected override willUpdate(): void {
    const volley = this.volley;
    if (!volley) return;
    for (const file of this.attachments) {
      if (!isImage(file) || this.#asked.has(file.id)) continue;
      this.#asked.add(file.id);
      pictureBlob(volley, file).then(
        (blob) => {
          if (this.isConnected) this.urls = new Map(this.urls).set(file.id, URL.createObjectURL(blob));
        },
        (err: unknown) => {
          // An encrypted picture's failure has a reason to give (its bytes altered, its key wrong); a plain one stays its reserved box.
          if ('sealed' in file && this.isConnected) this.unreadable = new Map(this.unreadable).set(file.id, unreadableReason(err, file.name));
        },
      );
    }
  }

  protected override render() {
    return html`${this.attachments.map((file) => (isImage(file) ? this.#picture(file) : this.#file(file)))}
      ${this.failed ? html`<p role="alert">${this.failed}</p>` : nothing}`;
  }

  #picture(file: MessageAttachment) {
    const { width, height } = thumbnailSize(file);
    const url = this.urls.get(file.id);
    const unreadable = this.unreadable.get(file.id);
    if (unreadable) return html`<p class="picture unreadable" role="alert" data-testid="attachment-unreadable" ${ref(reserve(width, height))}>${unreadable}</p>`;
    return html`<button type="button" class="picture" data-testid="attachment-image" data-attachment-id=${file.id} title=${file.name}
      aria-label=${msg('attachment.open', { name: file.name })} ${ref(reserve(width, height))}
      @click=${() => this.dispatchEvent(new ImageOpenEvent(file.id))}>
      <img alt=${file.name} width=${width} height=${height} decoding="async" src=${url ?? nothing} />
    </button>`;
  }

  #file(file: MessageAttachment) {
    return html`<div class="file" data-testid="attachment-file" data-attachment-id=${file.id} data-type=${file.type}>
      <span class="icon" aria-hidden="true">${fileIcon(file.type)}</span>
      <span><span class="name" title=${file.name}>${file.name}</span><span class="size">${formatBytes(file.size)}</span></span>
      <button type="button" class="small secondary" aria-label=${msg('attachment.download', { name: file.name })} title=${msg('attachment.download', { name: file.name })}
        @click=${() => void this.#download(file)}>⬇</button>
    </div>`;
  }

  async #download(file: MessageAttachment): Promise<void> {
    this.failed = null;
    if (!this.volley) return;
    await saveFile(this.volley, file).catch((err: unknown) => (this.failed = unreadableReason(err, file.name)));
  }
}

/** Why a file's bytes could not be had: an encrypted one's that are not what its message names, or gone. */
function unreadableReason(err: unknown, name: string): string {
  const reason = (err as { reason?: unknown } | null)?.reason;
  if (reason === 'hash_mismatch' || reason === 'undecryptable') return msg(`attachment.${reason}`, { name });
  return msg('attachment.unavailable', { name });
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-attachments': VolleyAttachments;
  }
}
