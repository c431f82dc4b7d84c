/**
 * A conversation's pictures full size, one at a time: Previous and Next (and the arrow keys) go
 * through the conversation's pictures in order, Escape or Close leaves. The bytes come through the
 * client library (bearer header), shown by a blob URL; the picture's size reserves its place.
 */
import { consume } from '@lit/context';
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import type { VolleyClient } from '@volley/client';
import type { MessageAttachment } from '@volley/shared';
import { msg, type Locale } from '../../../i18n/i18n.js';
import { fileBlob, saveFile } from '../../../services/attachment-files.js';
import { ObjectUrlController } from '../../../controllers/object-url-controller.js';
import { volleyContext } from '../../../services/client.js';
import { dialogStyles } from '../../../styles/dialog.styles.js';
import { buttonStyles, formErrorStyles } from '../../../styles/shared.styles.js';
import { FormController } from '../../../controllers/form-controller.js';
import { formError } from '../../../forms/text-field.js';

@customElement('volley-image-viewer')
export class VolleyImageViewer extends LitElement {
  static override styles = [
    formErrorStyles,
    buttonStyles,
    dialogStyles,
    css`
      dialog {
        width: min(96vw, 1400px);
        max-height: 96dvh;
      }
      figure {
        margin: 0;
        display: grid;
        place-items: center;
        padding: var(--volley-space-2);
      }
      img {
        max-width: 100%;
        max-height: calc(96dvh - 8rem);
        width: auto;
        height: auto;
        object-fit: contain;
        background: var(--volley-border);
      }
      figcaption {
        margin-top: var(--volley-space-2);
        font-size: 0.875rem;
        color: var(--volley-text-muted);
      }
    `,
  ];

  /** The conversation's pictures, in order. */
  @property({ attribute: false }) images: readonly MessageAttachment[] = [];
  /** The picture shown, or -1 when closed. */
  @property({ type: Number }) index = -1;
  @property({ attribute: false }) locale?: Locale;
  @consume({ context: volleyContext, subscribe: true }) volley?: VolleyClient;
  readonly #image = new ObjectUrlController(
    this,
    () => this.images[this.index]?.id ?? null,
    (id) => {
      const image = this.images.find((file) => file.id === id);
      return this.volley && image ? fileBlob(this.volley, image) : null;
    },
  );
  @query('dialog') private dialog!: HTMLDialogElement;

  protected override willUpdate(changed: PropertyValues<this>): void {
    // A refusal said of one picture is not said of the next.
    if (changed.has('index') || changed.has('images')) this.#download.reset();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!changed.has('index') && !changed.has('images')) return;
    const image = this.images[this.index];
    if (image && !this.dialog.open) this.dialog.showModal();
    if (!image && this.dialog.open) this.dialog.close();
  }

  protected override render() {
    const image = this.images[this.index];
    const count = this.images.length;
    return html`<dialog aria-label=${msg('viewer.label')} data-testid="image-viewer" @close=${this.#closed} @keydown=${this.#onKey}>
      ${image
        ? html`<div class="dialog-header">
              <h2>${msg('viewer.position', { n: this.index + 1, count })}</h2>
              <button type="button" class="small secondary" ?disabled=${this.index === 0} @click=${() => this.#go(-1)}>${msg('viewer.previous')}</button>
              <button type="button" class="small secondary" ?disabled=${this.index === count - 1} @click=${() => this.#go(1)}>${msg('viewer.next')}</button>
              <button type="button" class="small secondary" ?disabled=${this.#download.submitting} @click=${() => this.#save(image)}>${msg('viewer.download')}</button>
              <button type="button" class="small" @click=${() => this.dialog.close()}>${msg('viewer.close')}</button>
            </div>
            <figure>
              <img data-testid="viewer-image" alt=${image.name} width=${image.width ?? nothing} height=${image.height ?? nothing} src=${this.#image.url ?? nothing} />
              <figcaption>${image.name}</figcaption>
            </figure>
            ${formError(this.#download.formError)}`
        : nothing}
    </dialog>`;
  }

  /** Saving asks the server for the file's bytes: refused or offline, the viewer says so. */
  readonly #download = new FormController(this, () => []);

  #save(image: MessageAttachment): void {
    const volley = this.volley;
    if (volley) void this.#download.submit(() => saveFile(volley, image));
  }

  #go(step: number): void {
    const next = this.index + step;
    if (next >= 0 && next < this.images.length) this.dispatchEvent(new CustomEvent<number>('viewer-index', { detail: next }));
  }

  readonly #onKey = (event: KeyboardEvent): void => {
    const step = { ArrowLeft: -1, ArrowRight: 1 }[event.key];
    if (!step) return;
    event.preventDefault();
    this.#go(step);
  };

  /** Escape (the dialog's own) or Close. */
  readonly #closed = (): void => {
    this.dispatchEvent(new CustomEvent<number>('viewer-index', { detail: -1 }));
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-image-viewer': VolleyImageViewer;
  }
}
