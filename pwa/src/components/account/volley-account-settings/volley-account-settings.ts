/** My account in my settings: change the password (other sessions end), change the email, two-factor authentication, export my data, delete the account. */
import { consume } from '@lit/context';
import type { ApiClient } from '@volley/client';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { changeEmail, changePassword, deleteAccount, exportMyData } from '../../../services/account.js';
import { apiContext } from '../../../services/client.js';
import { FormController } from '../../../controllers/form-controller.js';
import { formError, formStyles, textField } from '../../../forms/text-field.js';
import { msg, type Locale, localeContext } from '../../../i18n/i18n.js';
import { routerContext, type Router } from '../../../router/router.js';
import { sessionContext, type Session } from '../../../services/session.js';
import { buttonStyles } from '../../../styles/shared.styles.js';
import type { VolleyConfirmDialog } from '../../ui/volley-confirm-dialog/volley-confirm-dialog.js';
import '../../ui/volley-confirm-dialog/volley-confirm-dialog.js';
import '../volley-two-factor/volley-two-factor.js';

@customElement('volley-account-settings')
export class VolleyAccountSettings extends LitElement {
  static override styles = [
    buttonStyles,
    formStyles,
    css`
      h2,
      h3 {
        font-size: 1rem;
        margin: var(--volley-space-4) 0 var(--volley-space-2);
      }
      .danger {
        border: 1px solid var(--volley-danger);
        border-radius: var(--volley-radius);
        padding: var(--volley-space-3);
      }
    `,
  ];

  @consume({ context: apiContext }) api?: ApiClient;
  @consume({ context: sessionContext }) session?: Session;
  @consume({ context: routerContext }) router?: Router;
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;
  @state() private emailSentTo: string | null = null;
  @state() private passwordChanged = false;
  @state() private exportFailed = false;
  @query('volley-confirm-dialog') private confirm!: VolleyConfirmDialog;

  readonly #password = new FormController(this, () => ['current', 'next']);
  readonly #email = new FormController(this, () => ['email', 'password']);
  readonly #delete = new FormController(this, () => ['password']);

  protected override render() {
    const email = this.#email;
    const del = this.#delete;
    return html`<section aria-labelledby="account">
      <h2 id="account">${msg('account.title')}</h2>
      <h3>${msg('account.password.title')}</h3>
      <form novalidate @submit=${this.#changePassword} data-testid="change-password">
        ${textField({ name: 'current', label: msg('account.currentPassword'), type: 'password', autocomplete: 'current-password', errors: this.#password.errorsFor('current') })}
        ${textField({ name: 'next', label: msg('account.password.new'), type: 'password', autocomplete: 'new-password', errors: this.#password.errorsFor('next') })}
        ${formError(this.#password.formError)}
        ${this.passwordChanged ? html`<p class="done" role="status">${msg('account.password.done')}</p>` : nothing}
        <button type="submit" ?disabled=${this.#password.submitting}>${msg('account.password.submit')}</button>
      </form>
      <h3>${msg('account.email.title')}</h3>
      <form novalidate @submit=${this.#changeEmail}>
        ${textField({ name: 'email', label: msg('account.email.new'), type: 'email', autocomplete: 'email', errors: email.errorsFor('email') })}
        ${textField({ name: 'password', label: msg('account.currentPassword'), type: 'password', autocomplete: 'current-password', errors: email.errorsFor('password') })}
        ${formError(email.formError)}
        ${this.emailSentTo ? html`<p class="done" role="status">${msg('account.email.sent', { email: this.emailSentTo })}</p>` : nothing}
        <button type="submit" ?disabled=${email.submitting}>${msg('account.email.submit')}</button>
      </form>
      <volley-two-factor></volley-two-factor>
      <h3>${msg('account.export.title')}</h3>
      <p>${msg('account.export.intro')}</p>
      <button type="button" @click=${this.#export}>${msg('account.export.submit')}</button>
      ${formError(this.exportFailed ? msg('account.export.failed') : null)}
      <h3>${msg('account.delete.title')}</h3>
      <div class="danger">
        <p>${msg('account.delete.kept')}</p>
        <p>${msg('account.delete.gone')}</p>
        <form novalidate @submit=${this.#deleteAccount}>
          ${textField({ name: 'password', id: 'delete-password', label: msg('account.currentPassword'), type: 'password', autocomplete: 'current-password', errors: del.errorsFor('password') })}
          ${formError(del.formError)}
          <button type="submit" class="danger-button" ?disabled=${del.submitting}>${msg('account.delete.submit')}</button>
        </form>
      </div>
      <volley-confirm-dialog .locale=${this.locale}></volley-confirm-dialog>
    </section>`;
  }

  /** The server checks the current password and ends every other session; this one goes on. */
  readonly #changePassword = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const values = new FormData(form);
    const body = { current: String(values.get('current') ?? ''), next: String(values.get('next') ?? '') };
    const api = this.api;
    this.passwordChanged = false;
    if (api && (await this.#password.submit(() => changePassword(api, body)))) {
      this.passwordChanged = true;
      form.reset();
    }
  };

  readonly #changeEmail = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const values = new FormData(event.currentTarget as HTMLFormElement);
    const body = { email: String(values.get('email') ?? ''), password: String(values.get('password') ?? '') };
    const api = this.api;
    this.emailSentTo = null;
    if (api && (await this.#email.submit(() => changeEmail(api, body)))) this.emailSentTo = body.email;
  };

  /** Downloaded as a file: the data stays on this device. */
  readonly #export = async (): Promise<void> => {
    if (!this.api) return;
    this.exportFailed = false;
    const archive = await exportMyData(this.api).catch(() => null);
    if (!archive) return void (this.exportFailed = true);
    const link = document.createElement('a');
    link.href = URL.createObjectURL(archive);
    link.download = 'volley-export.zip';
    link.click();
    URL.revokeObjectURL(link.href);
  };

  readonly #deleteAccount = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const password = String(new FormData(event.currentTarget as HTMLFormElement).get('password') ?? '');
    const { api, session, router } = this;
    if (!api || !session) return;
    const sure = await this.confirm.ask({ title: msg('account.delete.confirm'), consequence: msg('account.delete.gone'), confirm: msg('account.delete.submit') });
    if (!sure || !(await this.#delete.submit(() => deleteAccount(api, password)))) return;
    // Nothing of the account is kept here either.
    await session.logout({ deleted: true });
    router?.navigate('/login', { replace: true });
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-account-settings': VolleyAccountSettings;
  }
}
