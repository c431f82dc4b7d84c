/**
 * The sticker bank on the admin page (site admins): every pack, turned off ones too, with its
 * stickers; make a pack, add an image to it (the server encodes it at sticker size), turn a pack
 * off or on, delete it (asked first, in red). What members pick from is the packs turned on.
 */
import { consume } from '@lit/context';
import type { AdminStickerPack } from '@volley/shared';
import type { ApiClient } from '@volley/client';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { apiContext } from '../../services/client.js';
import { FormController } from '../../controllers/form-controller.js';
import { formError, formStyles, textField } from '../../forms/text-field.js';
import { msg, type Locale, localeContext } from '../../i18n/i18n.js';
import { addSticker, createStickerPack, deleteStickerPack, managedStickerPacks, setStickerPackEnabled } from '../../services/admin.js';
import { onlineContext } from '../../services/session.js';
import { buttonStyles } from '../../styles/shared.styles.js';
import type { VolleyConfirmDialog } from '../../components/ui/volley-confirm-dialog/volley-confirm-dialog.js';
import '../../components/ui/volley-confirm-dialog/volley-confirm-dialog.js';
import '../../components/chat/volley-sticker/volley-sticker.js';

@customElement('volley-sticker-packs')
export class VolleyStickerPacks extends LitElement {
  static override styles = [
    buttonStyles,
    formStyles,
    css`
      :host {
        display: block;
        --volley-sticker-size: 56px;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: var(--volley-space-3);
        align-items: end;
      }
      article {
        margin-block: var(--volley-space-4);
        padding: var(--volley-space-3);
        border: 1px solid var(--volley-border);
        border-radius: var(--volley-radius);
      }
      article.off h3 {
        color: var(--volley-text-muted);
      }
      h3 {
        margin: 0 0 var(--volley-space-2);
        font-size: 1rem;
      }
      ul {
        display: flex;
        flex-wrap: wrap;
        gap: var(--volley-space-2);
        margin: 0 0 var(--volley-space-3);
        padding: 0;
        list-style: none;
      }
      li {
        display: grid;
        justify-items: center;
        max-width: 5rem;
        font-size: 0.75rem;
        overflow-wrap: anywhere;
        text-align: center;
      }
      .empty {
        color: var(--volley-text-muted);
      }
    `,
  ];

  @consume({ context: apiContext }) api?: ApiClient;
  @consume({ context: onlineContext, subscribe: true }) @state() online = false;
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;
  @state() private packs: AdminStickerPack[] = [];
  @query('form.create') private createForm?: HTMLFormElement;
  @query('volley-confirm-dialog') private confirm!: VolleyConfirmDialog;
  readonly #create = new FormController(this, () => ['name']);
  readonly #act = new FormController(this, () => []);

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#act.submit(() => this.#load());
  }

  protected override render() {
    return html`${formError(this.#act.formError)}
      <form class="create row" @submit=${this.#submitCreate} data-testid="sticker-pack-form">
        ${textField({ name: 'name', label: msg('admin.stickers.packName'), errors: this.#create.errorsFor('name') })}
        <div class="buttons"><button type="submit" ?disabled=${!this.online || this.#create.submitting}>${msg('admin.stickers.create')}</button></div>
        ${formError(this.#create.formError)}
      </form>
      ${this.packs.length === 0 ? html`<p class="empty">${msg('admin.stickers.none')}</p>` : nothing}
      ${this.packs.map((pack) => this.#pack(pack))}
      <volley-confirm-dialog .locale=${this.locale}></volley-confirm-dialog>`;
  }

  #pack(pack: AdminStickerPack) {
    const inputId = `sticker-file-${pack.id}`;
    return html`<article class=${pack.enabled ? '' : 'off'} data-testid="sticker-pack" aria-labelledby=${`pack-${pack.id}`}>
      <h3 id=${`pack-${pack.id}`}>${pack.name} ${pack.enabled ? nothing : html`<span>(${msg('admin.stickers.off')})</span>`}</h3>
      ${pack.stickers.length === 0
        ? html`<p class="empty">${msg('admin.stickers.empty')}</p>`
        : html`<ul>
            ${pack.stickers.map((sticker) => html`<li data-testid="managed-sticker"><volley-sticker .sticker=${sticker}></volley-sticker>${sticker.name}</li>`)}
          </ul>`}
      <div class="row">
        <button type="button" ?disabled=${!this.online} @click=${() => this.renderRoot.querySelector<HTMLInputElement>(`#${inputId}`)?.click()}>${msg('admin.stickers.add')}</button>
        <input id=${inputId} type="file" accept="image/png,image/jpeg,image/webp,image/gif" hidden aria-label=${msg('admin.stickers.add')} @change=${(event: Event) => this.#add(pack, event)} />
        <button type="button" ?disabled=${!this.online} @click=${() => this.#run(() => setStickerPackEnabled(this.api!, pack.id, !pack.enabled))}>
          ${msg(pack.enabled ? 'admin.stickers.turnOff' : 'admin.stickers.turnOn')}
        </button>
        <button type="button" class="danger-button" ?disabled=${!this.online} @click=${() => this.#delete(pack)}>${msg('admin.stickers.delete')}</button>
      </div>
    </article>`;
  }

  readonly #submitCreate = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const name = String(new FormData(this.createForm!).get('name') ?? '').trim();
    if (await this.#create.submit(() => createStickerPack(this.api!, name).then(() => this.#changed()))) this.createForm?.reset();
  };

  /** The picked image, named after its file (the server takes the name off its extension), into the pack. */
  #add(pack: AdminStickerPack, event: Event): void {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (file) void this.#run(() => addSticker(this.api!, pack.id, file, file.name));
  }

  async #delete(pack: AdminStickerPack): Promise<void> {
    const asked = { title: msg('admin.stickers.deleteTitle', { name: pack.name }), consequence: msg('admin.stickers.deleteConsequence'), confirm: msg('admin.stickers.delete') };
    if (!(await this.confirm.ask(asked))) return;
    await this.#run(() => deleteStickerPack(this.api!, pack.id));
  }

  /** An action, then the packs read again; the page is told (its audit log has a new entry). */
  #run(action: () => Promise<unknown>): Promise<boolean> {
    return this.#act.submit(() => action().then(() => this.#changed()));
  }

  #changed(): Promise<void> {
    this.dispatchEvent(new Event('sticker-packs-changed', { bubbles: true, composed: true }));
    return this.#load();
  }

  async #load(): Promise<void> {
    if (this.api) this.packs = await managedStickerPacks(this.api);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-sticker-packs': VolleyStickerPacks;
  }
}
