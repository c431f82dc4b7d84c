/**
 * The sticker bank, beside the emoji picker: each pack under its name, each sticker a button that
 * sends it (`StickerPickEvent`). The packs are read when it first shows, and as last read when
 * offline (services/sticker-images.ts). Its box has the emoji picker's size.
 */
import { consume } from '@lit/context';
import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { VolleyClient } from '@volley/client';
import type { MessageSticker, StickerPack } from '@volley/shared';
import { localeContext, msg, type Locale } from '../../../i18n/i18n.js';
import { pickerBoxStyles } from '../../../styles/picker.styles.js';
import { volleyContext } from '../../../services/client.js';
import { stickerPacks } from '../../../services/sticker-images.js';
import '../volley-sticker/volley-sticker.js';

export class StickerPickEvent extends Event {
  static readonly type = 'sticker-pick';
  constructor(readonly sticker: MessageSticker) {
    super(StickerPickEvent.type, { bubbles: true, composed: true });
  }
}

@customElement('volley-sticker-picker')
export class VolleyStickerPicker extends LitElement {
  static override styles = [
    pickerBoxStyles,
    css`
    :host {
      overflow-y: auto;
      --volley-sticker-size: 72px;
    }
    p,
    h3 {
      margin: var(--volley-space-3);
    }
    p {
      color: var(--volley-text-muted);
    }
    h3 {
      font-size: 0.875rem;
    }
    ul {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(80px, 1fr));
      gap: var(--volley-space-1);
      margin: 0;
      padding: 0 var(--volley-space-2);
      list-style: none;
    }
    button {
      display: grid;
      place-items: center;
      width: 100%;
      height: 80px;
      padding: 2px;
      border: 0;
      border-radius: var(--volley-radius-small);
      background: none;
      cursor: pointer;
    }
    button:hover,
    button:focus-visible {
      background: var(--volley-surface);
    }
  `,
  ];

  @consume({ context: localeContext, subscribe: true }) locale?: Locale;
  @consume({ context: volleyContext, subscribe: true }) volley?: VolleyClient;
  @state() private packs: StickerPack[] | null = null;
  @state() private failed = false;

  /** The packs asked for since the picker was last connected. */
  #asked = false;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#asked = false;
    this.requestUpdate();
  }

  /** Asked once the client library is there too: it comes after the first page, and the picker may open before. */
  protected override willUpdate(): void {
    if (this.#asked || !this.volley) return;
    this.#asked = true;
    stickerPacks(this.volley).then(
      (packs) => (this.packs = packs),
      () => (this.failed = true),
    );
  }

  protected override render() {
    if (!this.packs) return html`<p role="status">${msg(this.failed ? 'common.offline' : 'app.loading')}</p>`;
    const packs = this.packs.filter((pack) => pack.stickers.length > 0);
    if (packs.length === 0) return html`<p role="status">${msg('sticker.none')}</p>`;
    return packs.map(
      (pack) => html`<section aria-label=${pack.name}>
        <h3>${pack.name}</h3>
        <ul>
          ${pack.stickers.map(
            (sticker) => html`<li><button type="button" data-testid="sticker-choice" aria-label=${msg('sticker.send', { name: sticker.name })} title=${sticker.name}
              @click=${() => this.dispatchEvent(new StickerPickEvent(sticker))}><volley-sticker .sticker=${sticker}></volley-sticker></button></li>`,
          )}
        </ul>
      </section>`,
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-sticker-picker': VolleyStickerPicker;
  }
  interface HTMLElementEventMap {
    [StickerPickEvent.type]: StickerPickEvent;
  }
}
