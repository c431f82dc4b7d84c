/**
 * A sticker's image at its size (its place reserved before it loads), its name the alt text: in a
 * sticker message and in the picker. Read through the client library and kept once seen
 * (services/sticker-images.ts), so it shows offline.
 */
import { consume } from '@lit/context';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { VolleyClient } from '@volley/client';
import type { MessageSticker } from '@volley/shared';
import { volleyContext } from '../../../services/client.js';
import { stickerImage } from '../../../services/sticker-images.js';

@customElement('volley-sticker')
export class VolleySticker extends LitElement {
  static override styles = css`
    :host {
      display: inline-block;
      line-height: 0;
    }
    img {
      display: block;
      max-width: var(--volley-sticker-size, 160px);
      max-height: var(--volley-sticker-size, 160px);
      width: auto;
      height: auto;
      object-fit: contain;
    }
  `;

  @property({ attribute: false }) sticker: MessageSticker | null = null;
  @consume({ context: volleyContext }) volley?: VolleyClient;
  @state() private src: string | null = null;
  #loaded: string | null = null;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#release();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Reattached (a timeline re-rendered): its image is read again, from the cache.
    this.requestUpdate();
  }

  protected override willUpdate(): void {
    const sticker = this.sticker;
    if ((sticker?.id ?? null) === this.#loaded) return;
    this.#release();
    if (!sticker || !this.volley) return;
    this.#loaded = sticker.id;
    stickerImage(this.volley, sticker).then(
      (blob) => {
        if (this.#loaded === sticker.id) this.src = URL.createObjectURL(blob);
      },
      () => undefined,
    );
  }

  #release(): void {
    if (this.src) URL.revokeObjectURL(this.src);
    this.src = null;
    this.#loaded = null;
  }

  protected override render() {
    const sticker = this.sticker;
    if (!sticker) return nothing;
    return html`<img data-testid="sticker-image" alt=${sticker.name} title=${sticker.name} width=${sticker.width} height=${sticker.height} src=${this.src ?? nothing} />`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-sticker': VolleySticker;
  }
}
