/**
 * A sticker's image at its size (its place reserved before it loads), its name the alt text: in a
 * sticker message and in the picker. Read through the client library and kept once seen
 * (services/sticker-images.ts), so it shows offline.
 */
import { consume } from '@lit/context';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { VolleyClient } from '@volley/client';
import type { MessageSticker } from '@volley/shared';
import { ObjectUrlController } from '../../../controllers/object-url-controller.js';
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
  @consume({ context: volleyContext, subscribe: true }) volley?: VolleyClient;
  readonly #image = new ObjectUrlController(
    this,
    () => this.sticker?.id ?? null,
    () => (this.sticker && this.volley ? stickerImage(this.volley, this.sticker) : null),
  );

  protected override render() {
    const sticker = this.sticker;
    if (!sticker) return nothing;
    return html`<img data-testid="sticker-image" alt=${sticker.name} title=${sticker.name} width=${sticker.width} height=${sticker.height} src=${this.#image.url ?? nothing} />`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-sticker': VolleySticker;
  }
}
