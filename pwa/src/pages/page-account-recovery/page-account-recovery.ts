/**
 * The pages a mailed link or a forgotten password leads to: ask for a reset link (`forgot`), choose
 * a new password (`reset`), confirm a new email (`confirm-email`). The token comes in the page's
 * fragment (`#token=…`), which the browser never sends to a server.
 */
import { consume } from '@lit/context';
import { LitElement, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ApiClient } from '@volley/client';
import { askPasswordReset, confirmEmail, resetPassword } from '../../services/account.js';
import { apiContext } from '../../services/client.js';
import { FormController } from '../../controllers/form-controller.js';
import { formError, textField } from '../../forms/text-field.js';
import { msg, type Locale, type MessageKey, localeContext } from '../../i18n/i18n.js';
import '../../components/ui/volley-locale-picker/volley-locale-picker.js';
import { styles } from '../page-auth/page-auth.styles.js';

type Mode = 'forgot' | 'reset' | 'confirm-email';

const TEXTS: Record<Mode, { title: MessageKey; intro: MessageKey; submit: MessageKey; done: MessageKey }> = {
  forgot: { title: 'account.forgot.title', intro: 'account.forgot.intro', submit: 'account.forgot.submit', done: 'account.forgot.done' },
  reset: { title: 'account.reset.title', intro: 'account.reset.intro', submit: 'account.reset.submit', done: 'account.reset.done' },
  'confirm-email': { title: 'account.confirmEmail.title', intro: 'account.confirmEmail.intro', submit: 'account.confirmEmail.submit', done: 'account.confirmEmail.done' },
};

@customElement('page-account-recovery')
export class PageAccountRecovery extends LitElement {
  static override styles = styles;

  @property() mode: Mode = 'forgot';
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;
  @consume({ context: apiContext }) api?: ApiClient;
  @state() private done = false;

  readonly #form = new FormController(this, () => (this.mode === 'forgot' ? ['login'] : this.mode === 'reset' ? ['password'] : []));
  /** Read once: the page drops the fragment from the address bar so the token does not linger in history. */
  readonly #token = new URLSearchParams(location.hash.slice(1)).get('token') ?? '';

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.#token) history.replaceState(history.state, '', location.pathname);
  }

  protected override render() {
    const text = TEXTS[this.mode];
    const form = this.#form;
    const field =
      this.mode === 'forgot'
        ? textField({ name: 'login', label: msg('auth.login.login'), autocomplete: 'username', errors: form.errorsFor('login'), autofocus: true })
        : this.mode === 'reset'
          ? textField({ name: 'password', label: msg('account.reset.password'), type: 'password', autocomplete: 'new-password', errors: form.errorsFor('password'), autofocus: true })
          : null;
    return html`<main>
      <h1 class="brand"><img src="/icons/icon-192.png" alt="" />${msg('app.name')}</h1>
      <section class="card" aria-labelledby="title">
        <h2 id="title">${msg(text.title)}</h2>
        ${this.done
          ? html`<p role="status" data-testid="account-done">${msg(text.done)}</p>`
          : html`<p class="other">${msg(text.intro)}</p>
              <form novalidate @submit=${this.#onSubmit}>
                ${field} ${formError(form.formError)}
                <button type="submit" ?disabled=${form.submitting}>${msg(form.submitting ? 'auth.submitting' : text.submit)}</button>
              </form>`}
        <p class="other"><a href="/login">${msg('account.toLogin')}</a></p>
      </section>
      <volley-locale-picker .locale=${this.locale}></volley-locale-picker>
    </main>`;
  }

  async #onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const values = new FormData(event.currentTarget as HTMLFormElement);
    const api = this.api;
    if (!api) return;
    const token = this.#token;
    const send = {
      forgot: () => askPasswordReset(api, String(values.get('login') ?? '')),
      reset: () => resetPassword(api, token, String(values.get('password') ?? '')),
      'confirm-email': () => confirmEmail(api, token),
    }[this.mode];
    this.done = await this.#form.submit(send);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'page-account-recovery': PageAccountRecovery;
  }
}
