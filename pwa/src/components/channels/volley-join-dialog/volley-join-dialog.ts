/** Asks for a password channel's password and joins it; a wrong password shows on the field. Emits `joined` with the channel id. */
import { consume } from '@lit/context';
import type { ChannelSummary } from '@volley/shared';
import { LitElement, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { onlineContext } from '../../../services/session.js';
import { FormController } from '../../../controllers/form-controller.js';
import { formError, formStyles, textField } from '../../../forms/text-field.js';
import { msg, type Locale, localeContext } from '../../../i18n/i18n.js';
import { channelsContext, type Channels } from '../../../services/channels.js';
import { dialogStyles } from '../../../styles/dialog.styles.js';
import { buttonStyles } from '../../../styles/shared.styles.js';

@customElement('volley-join-dialog')
export class VolleyJoinDialog extends LitElement {
  static override styles = [buttonStyles, formStyles, dialogStyles];

  @consume({ context: channelsContext }) channels?: Channels;
  @consume({ context: onlineContext, subscribe: true }) online = false;
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;
  @state() private channel: Pick<ChannelSummary, 'id' | 'name'> | null = null;
  @query('dialog') private dialog!: HTMLDialogElement;
  @query('form') private form!: HTMLFormElement;
  readonly #form = new FormController(this, () => ['password']);

  async show(channel: Pick<ChannelSummary, 'id' | 'name'>): Promise<void> {
    this.channel = channel;
    this.#form.reset();
    await this.updateComplete;
    this.dialog.showModal();
  }

  /** The form exists only while the dialog is open, so its labels never clash with the page's. */
  protected override render() {
    return html`<dialog aria-labelledby="join-title" @close=${() => (this.channel = null)}>
      ${this.channel ? this.#content() : nothing}
    </dialog>`;
  }

  #content() {
    return html`<form class="dialog-body" novalidate @submit=${this.#submit}>
        <h2 id="join-title">${msg('channels.joinTitle', { name: this.channel?.name ?? '' })}</h2>
        ${textField({ name: 'password', label: msg('auth.password'), type: 'password', autocomplete: 'off', errors: this.#form.errorsFor('password'), autofocus: true })}
        ${formError(this.#form.formError)}
        <div class="buttons">
          <button type="submit" ?disabled=${!this.online || this.#form.submitting}>${msg('channels.join')}</button>
          <button type="button" class="secondary" @click=${() => this.dialog.close()}>${msg('common.cancel')}</button>
        </div>
      </form>`;
  }

  readonly #submit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const channel = this.channel;
    const password = String(new FormData(this.form).get('password') ?? '');
    if (!channel || !this.channels) return;
    const channels = this.channels;
    if (!(await this.#form.submit(() => channels.join(channel.id, password)))) return;
    this.dialog.close();
    this.dispatchEvent(new CustomEvent('joined', { detail: channel.id }));
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-join-dialog': VolleyJoinDialog;
  }
}
