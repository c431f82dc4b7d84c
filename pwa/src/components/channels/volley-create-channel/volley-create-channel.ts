/**
 * The "Create channel" dialog: name, access, password (password channels only), end-to-end
 * encryption (private channels only), topic. Emits `created` with the new channel's id.
 */
import { consume } from '@lit/context';
import type { ChannelAccess, CreateChannelBody } from '@volley/shared';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { onlineContext } from '../../../services/session.js';
import { FormController } from '../../../controllers/form-controller.js';
import { formError, formStyles, textField } from '../../../forms/text-field.js';
import { msg, type Locale, localeContext } from '../../../i18n/i18n.js';
import { channelsContext, type Channels } from '../../../services/channels.js';
import { dialogStyles } from '../../../styles/dialog.styles.js';
import { buttonStyles } from '../../../styles/shared.styles.js';

const ACCESS: readonly ChannelAccess[] = ['public', 'private', 'password'];

@customElement('volley-create-channel')
export class VolleyCreateChannel extends LitElement {
  static override styles = [
    buttonStyles,
    formStyles,
    dialogStyles,
    css`
      .check {
        display: flex;
        gap: var(--volley-space-2);
        align-items: center;
      }
      .hint {
        margin: var(--volley-space-1) 0 0;
        font-size: 0.875rem;
        color: var(--volley-text-muted);
      }
    `,
  ];

  @consume({ context: channelsContext }) channels?: Channels;
  @consume({ context: onlineContext, subscribe: true }) online = false;
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;
  @state() private access: ChannelAccess = 'public';
  @state() private open = false;
  @query('dialog') private dialog!: HTMLDialogElement;
  @query('form') private form!: HTMLFormElement;
  readonly #form = new FormController(this, () => ['name', 'access', 'password', 'topic']);

  async show(): Promise<void> {
    this.#form.reset();
    this.access = 'public';
    this.open = true;
    await this.updateComplete;
    this.dialog.showModal();
  }

  /** The form exists only while the dialog is open, so its labels never clash with the page's. */
  protected override render() {
    return html`<dialog aria-labelledby="create-title" @close=${() => (this.open = false)}>
      ${this.open ? this.#content() : nothing}
    </dialog>`;
  }

  #content() {
    return html`<form class="dialog-body" novalidate @submit=${this.#submit}>
        <h2 id="create-title">${msg('channels.create')}</h2>
        ${textField({ name: 'name', label: msg('channels.name'), autocomplete: 'off', errors: this.#form.errorsFor('name'), autofocus: true })}
        <div class="field">
          <label for="access">${msg('channels.access')}</label>
          <select id="access" name="access" @change=${(e: Event) => (this.access = (e.target as HTMLSelectElement).value as ChannelAccess)}>
            ${ACCESS.map((access) => html`<option value=${access} ?selected=${access === this.access}>${msg(`channels.access.${access}`)}</option>`)}
          </select>
        </div>
        ${this.access === 'private'
          ? html`<div class="field">
              <label class="check"><input type="checkbox" name="encrypted" aria-describedby="encrypted-hint" /> ${msg('channels.encrypted')}</label>
              <p id="encrypted-hint" class="hint">${msg('channels.encryptedHint')}</p>
            </div>`
          : nothing}
        ${this.access === 'password'
          ? textField({ name: 'password', label: msg('auth.password'), type: 'password', autocomplete: 'new-password', errors: this.#form.errorsFor('password') })
          : nothing}
        ${textField({ name: 'topic', label: msg('channels.topic'), autocomplete: 'off', errors: this.#form.errorsFor('topic') })}
        ${formError(this.#form.formError)}
        <div class="buttons">
          <button type="submit" ?disabled=${!this.online || this.#form.submitting}>${msg('channels.createSubmit')}</button>
          <button type="button" class="secondary" @click=${() => this.dialog.close()}>${msg('common.cancel')}</button>
        </div>
        ${this.online ? nothing : html`<p>${msg('common.offline')}</p>`}
      </form>`;
  }

  readonly #submit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const data = new FormData(this.form);
    const text = (name: string) => String(data.get(name) ?? '');
    const body: CreateChannelBody = {
      name: text('name').trim(),
      access: this.access,
      ...(this.access === 'password' ? { password: text('password') } : {}),
      ...(this.access === 'private' && data.get('encrypted') ? { encrypted: true } : {}),
      ...(text('topic').trim() ? { topic: text('topic').trim() } : {}),
    };
    const channels = this.channels;
    if (!channels) return;
    let id = '';
    if (!(await this.#form.submit(async () => void (id = (await channels.create(body)).id)))) return;
    this.dialog.close();
    this.dispatchEvent(new CustomEvent('created', { detail: id }));
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-create-channel': VolleyCreateChannel;
  }
}
