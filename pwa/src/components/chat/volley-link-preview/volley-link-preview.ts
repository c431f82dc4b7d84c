/**
 * A message's link preview (docs/protocol.md, "Link previews"): the card the server fetched for its
 * first link — site, title (the link), description, image — shown from the message itself, so it
 * is there offline too. The image is read through the client library with the bearer header and
 * kept in the Cache Storage once seen, so it shows offline as well; its place is reserved from its
 * size before it loads. The author may remove the card.
 */
import { consume } from '@lit/context';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { ref } from 'lit/directives/ref.js';
import type { VolleyClient } from '@volley/client';
import type { LinkPreview } from '@volley/shared';
import { msg, type Locale } from '../../../i18n/i18n.js';
import { cachedBlob } from '../../../services/cached-blob.js';
import { ObjectUrlController } from '../../../controllers/object-url-controller.js';
import { volleyContext } from '../../../services/client.js';
import { buttonStyles, formErrorStyles } from '../../../styles/shared.styles.js';
import { FormController } from '../../../controllers/form-controller.js';
import { formError } from '../../../forms/text-field.js';

const CACHE = 'volley-link-preview-images';

/** The image's bytes: from the cache once seen, else from the server (then kept). */
const previewImage = (volley: VolleyClient, id: string): Promise<Blob> =>
  cachedBlob(CACHE, `/api/v1/link-previews/${encodeURIComponent(id)}/image`, () => volley.api.linkPreviewImage(id));

@customElement('volley-link-preview')
export class VolleyLinkPreview extends LitElement {
  static override styles = [
    formErrorStyles,
    buttonStyles,
    css`
      :host {
        display: block;
        max-width: 440px;
        margin-top: 4px;
      }
      .card {
        position: relative;
        display: grid;
        gap: 2px;
        padding: var(--volley-space-2) var(--volley-space-3, 12px);
        border-inline-start: 4px solid var(--volley-brand);
        border-radius: var(--volley-radius-small);
        background: var(--volley-surface);
      }
      .site {
        font-size: 0.75rem;
        color: var(--volley-text-muted);
      }
      .title {
        font-weight: 600;
        color: var(--volley-brand);
      }
      .description {
        margin: 0;
        font-size: 0.875rem;
        display: -webkit-box;
        -webkit-line-clamp: 3;
        -webkit-box-orient: vertical;
        overflow: hidden;
      }
      img {
        display: block;
        width: 100%;
        height: auto;
        max-height: 240px;
        object-fit: cover;
        margin-top: var(--volley-space-1);
        border-radius: var(--volley-radius-small);
        background: var(--volley-border);
      }
      .remove {
        position: absolute;
        inset-block-start: 2px;
        inset-inline-end: 2px;
        min-width: 28px;
        min-height: 28px;
        padding: 0;
      }
    `,
  ];

  @property({ attribute: false }) preview: LinkPreview | null = null;
  /** The message's id: the author may remove the card. */
  @property() messageId = '';
  @property({ type: Boolean }) mine = false;
  @property({ attribute: false }) locale?: Locale;
  @consume({ context: volleyContext, subscribe: true }) volley?: VolleyClient;
  readonly #image = new ObjectUrlController(
    this,
    () => this.preview?.image?.id ?? null,
    (id) => (this.volley ? previewImage(this.volley, id) : null),
  );

  protected override render() {
    const card = this.preview;
    if (!card) return nothing;
    const image = card.image;
    return html`<section class="card" data-testid="link-preview" aria-label=${msg('preview.label', { site: card.siteName ?? new URL(card.url).hostname })}>
      ${card.siteName ? html`<span class="site">${card.siteName}</span>` : nothing}
      <a class="title" href=${card.url} target="_blank" rel="noopener noreferrer nofollow">${card.title ?? card.url}</a>
      ${card.description ? html`<p class="description">${card.description}</p>` : nothing}
      ${image
        ? // Its place kept from its ratio while there is no source yet (its blob URL comes after the first render).
          html`<img data-testid="link-preview-image" alt="" width=${image.width} height=${image.height} ${ref((img) => img instanceof HTMLElement && (img.style.aspectRatio = `${image.width} / ${image.height}`))} src=${this.#image.url ?? nothing} />`
        : nothing}
      ${this.mine
        ? html`<button type="button" class="remove secondary small" data-testid="remove-preview" title=${msg('preview.remove')} aria-label=${msg('preview.remove')} ?disabled=${this.#removal.submitting} @click=${this.#remove}>×</button>`
        : nothing}
      ${formError(this.#removal.formError)}
    </section>`;
  }

  /** Removing the preview needs the server (offline, it says so here, where I asked). */
  readonly #removal = new FormController(this, () => []);

  readonly #remove = (): void => {
    const { messageId, volley } = this;
    if (messageId && volley) void this.#removal.submit(() => volley.api.removeLinkPreview(messageId));
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-link-preview': VolleyLinkPreview;
  }
}
