/** The owner's settings of a channel: name and topic, and its password (set, change, remove; not for an encrypted channel). */
import { consume } from '@lit/context';
import type { Conversation } from '@volley/shared';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { onlineContext } from '../../../services/session.js';
import { FormController } from '../../../controllers/form-controller.js';
import { formError, formStyles, textField } from '../../../forms/text-field.js';
import { msg, type Locale, localeContext } from '../../../i18n/i18n.js';
import { channelsContext, type Channels } from '../../../services/channels.js';
import { buttonStyles } from '../../../styles/shared.styles.js';

@customElement('volley-channel-settings')
export class VolleyChannelSettings extends LitElement {
  static override styles = [
    buttonStyles,
    formStyles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        gap: var(--volley-space-6);
      }
    `,
  ];

  @property({ attribute: false }) conversation: Conversation | null = null;
  @consume({ context: channelsContext }) channels?: Channels;
  @consume({ context: onlineContext, subscribe: true }) online = false;
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;
  readonly #about = new FormController(this, () => ['name', 'topic']);
  readonly #password = new FormController(this, () => ['password']);
  #done: 'about' | 'password' | null = null;

  protected override render() {
    const c = this.conversation;
    if (!c) return nothing;
    return html`<form novalidate @submit=${this.#saveAbout} aria-label=${msg('channel.settings')}>
        ${textField({ name: 'name', label: msg('channel.name'), value: c.name, autocomplete: 'off', errors: this.#about.errorsFor('name') })}
        ${textField({ name: 'topic', label: msg('channels.topic'), value: c.topic, autocomplete: 'off', errors: this.#about.errorsFor('topic') })}
        ${formError(this.#about.formError)} ${this.#done === 'about' ? html`<p class="done" role="status">${msg('profile.saved')}</p>` : nothing}
        <div class="buttons"><button type="submit" ?disabled=${!this.online || this.#about.submitting}>${msg('profile.save')}</button></div>
      </form>
      ${c.encrypted ? nothing : this.#passwordForm(c)}`;
  }

  /** An encrypted channel stays private: a password would open it to whoever has one. */
  #passwordForm(c: Conversation) {
    return html`<form novalidate @submit=${this.#setPassword} aria-label=${msg('channel.passwordSettings')}>
        ${textField({ name: 'password', label: msg('channel.newPassword'), type: 'password', autocomplete: 'new-password', errors: this.#password.errorsFor('password') })}
        ${formError(this.#password.formError)} ${this.#done === 'password' ? html`<p class="done" role="status">${msg('profile.saved')}</p>` : nothing}
        <div class="buttons">
          <button type="submit" ?disabled=${!this.online || this.#password.submitting}>${msg(c.access === 'password' ? 'channel.changePassword' : 'channel.setPassword')}</button>
          ${c.access === 'password'
            ? html`<button type="button" class="secondary" ?disabled=${!this.online || this.#password.submitting} @click=${() => this.#savePassword(null)}>${msg('channel.removePassword')}</button>`
            : nothing}
        </div>
      </form>`;
  }

  readonly #saveAbout = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const { channels, conversation } = this;
    if (!channels || !conversation) return;
    const body = { name: String(data.get('name') ?? '').trim(), topic: String(data.get('topic') ?? '').trim() };
    this.#done = (await this.#about.submit(() => channels.update(conversation.id, body))) ? 'about' : null;
    this.requestUpdate();
  };

  readonly #setPassword = (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    return this.#savePassword(String(new FormData(form).get('password') ?? ''), form);
  };

  async #savePassword(password: string | null, form?: HTMLFormElement): Promise<void> {
    const { channels, conversation } = this;
    if (!channels || !conversation) return;
    this.#done = (await this.#password.submit(() => channels.setPassword(conversation.id, password))) ? 'password' : null;
    if (this.#done) form?.reset();
    this.requestUpdate();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-channel-settings': VolleyChannelSettings;
  }
}
