/**
 * Sign in (`mode="login"`) or create an account (`mode="register"`): one form, two sets of fields.
 * A two-factor account signs in in two steps: the password, then a code (or a recovery code).
 */
import { banText } from '../../i18n/ban-text.js';
import { consume } from '@lit/context';
import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError, type ApiClient } from '@volley/client';
import type { AuthProviders } from '@volley/shared';
import { apiContext } from '../../services/client.js';
import { FormController } from '../../controllers/form-controller.js';
import { formError, textField, type TextFieldOptions } from '../../forms/text-field.js';
import { msg, type Locale, type MessageKey, localeContext } from '../../i18n/i18n.js';
import { routerContext, type Router } from '../../router/router.js';
import { authProviders, OAUTH_ERROR_MESSAGES, OAUTH_START, oauthErrorIn } from '../../services/oauth.js';
import { nextPathIn } from '../../router/next-path.js';
import { sessionContext, sessionStateContext, type Session, type SessionState } from '../../services/session.js';
import '../../components/ui/volley-locale-picker/volley-locale-picker.js';
import { styles } from './page-auth.styles.js';

type Field = Omit<TextFieldOptions, 'label' | 'errors'> & { label: MessageKey };

interface Mode {
  title: MessageKey;
  submit: MessageKey;
  fields: Field[];
  other: { text: MessageKey; link: MessageKey; href: string };
  forgot?: true;
  send: (session: Session, values: Record<string, string>) => Promise<void>;
}

const password = (autocomplete: string): Field => ({ name: 'password', label: 'auth.password', type: 'password', autocomplete });

const MODES: Record<'login' | 'register', Mode> = {
  login: {
    title: 'auth.login.title',
    submit: 'auth.login.submit',
    fields: [{ name: 'login', label: 'auth.login.login', autocomplete: 'username' }, password('current-password')],
    other: { text: 'auth.login.toRegister', link: 'auth.login.toRegisterLink', href: '/register' },
    forgot: true,
    send: (session, { login = '', password = '' }) => session.login({ login, password }),
  },
  register: {
    title: 'auth.register.title',
    submit: 'auth.register.submit',
    fields: [
      { name: 'username', label: 'auth.username', autocomplete: 'username' },
      { name: 'email', label: 'auth.email', type: 'email', autocomplete: 'email' },
      password('new-password'),
    ],
    other: { text: 'auth.register.toLogin', link: 'auth.register.toLoginLink', href: '/login' },
    send: (session, { username = '', email = '', password = '' }) => session.register({ username, email, password }),
  },
};

@customElement('page-auth')
export class PageAuth extends LitElement {
  static override styles = styles;

  @property() mode: keyof typeof MODES = 'login';
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;
  @consume({ context: sessionContext }) session?: Session;
  @consume({ context: sessionStateContext, subscribe: true }) sessionState?: SessionState;
  @consume({ context: routerContext }) router?: Router;
  @consume({ context: apiContext }) api?: ApiClient;
  /** Sign-in providers (OAuth): a button each; none offline or unconfigured. */
  @state() private providers: AuthProviders['providers'] = [];
  /** Why a provider's sign-in came back refused, read once from the address. */
  readonly #oauthError = oauthErrorIn(location.search);

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.api) authProviders(this.api).then((providers) => (this.providers = providers), () => undefined);
  }

  /** Set once the password was right for a two-factor account: the code step shows. */
  @state() private challenge: string | null = null;

  readonly #form = new FormController(this, () => (this.challenge ? ['code'] : MODES[this.mode].fields.map((field) => field.name)));

  protected override render() {
    const mode = MODES[this.mode];
    const form = this.#form;
    if (this.challenge) return this.#secondFactor();
    return html`<main>
      <h1 class="brand"><img src="/icons/icon-192.png" alt="" />${msg('app.name')}</h1>
      <section class="card" aria-labelledby="title">
        <h2 id="title">${msg(mode.title)}</h2>
        ${this.#notice()}
        <form novalidate @submit=${this.#onSubmit}>
          ${mode.fields.map((field, i) =>
            textField({ ...field, label: msg(field.label), errors: form.errorsFor(field.name), autofocus: i === 0 }),
          )}
          ${formError(form.formError)}
          <button type="submit" ?disabled=${form.submitting}>${msg(form.submitting ? 'auth.submitting' : mode.submit)}</button>
        </form>
        ${mode.forgot ? html`<p class="other"><a href="/forgot-password">${msg('account.forgot.link')}</a></p>` : null}
        ${this.providers.length > 0
          ? html`<p class="or">${msg('auth.oauth.or')}</p>
              ${this.providers.map((p) => html`<a class="button provider" href=${OAUTH_START}>${msg('auth.oauth.signIn', { name: p.name })}</a>`)}`
          : nothing}
        ${this.#oauthError ? formError(msg(OAUTH_ERROR_MESSAGES[this.#oauthError])) : nothing}
        <p class="other">${msg(mode.other.text)} <a href=${mode.other.href + location.search}>${msg(mode.other.link)}</a></p>
      </section>
      <volley-locale-picker .locale=${this.locale}></volley-locale-picker>
    </main>`;
  }

  /** Why nobody is signed in here any more, when the page knows it: a site ban (its end and reason), the account deleted, or the session ended elsewhere. */
  #notice() {
    const state = this.sessionState;
    if (state?.status !== 'signed-out' || !(state.banned || state.deleted || state.ended)) return nothing;
    if (state.banned) return html`<div class="notice banned" role="alert"><strong>${msg('ban.siteTitle')}</strong><p data-testid="site-banned">${banText('site', state.banned)}</p></div>`;
    return state.deleted
      ? html`<p class="notice" role="status" data-testid="account-deleted">${msg('auth.accountDeleted')}</p>`
      : html`<p class="notice" role="status" data-testid="session-ended">${msg('auth.sessionEnded')}</p>`;
  }

  #secondFactor() {
    const form = this.#form;
    return html`<main>
      <h1 class="brand"><img src="/icons/icon-192.png" alt="" />${msg('app.name')}</h1>
      <section class="card" aria-labelledby="title">
        <h2 id="title">${msg('account.twoFactor.loginTitle')}</h2>
        <form novalidate @submit=${this.#onCode}>
          ${textField({ name: 'code', label: msg('account.twoFactor.codeOrRecovery'), autocomplete: 'one-time-code', errors: form.errorsFor('code'), autofocus: true })}
          ${formError(form.formError)}
          <button type="submit" ?disabled=${form.submitting}>${msg(form.submitting ? 'auth.submitting' : 'auth.login.submit')}</button>
        </form>
        <p class="other"><a href="/login" @click=${this.#back}>${msg('account.twoFactor.back')}</a></p>
      </section>
    </main>`;
  }

  readonly #back = (event: Event): void => {
    event.preventDefault();
    this.challenge = null;
    this.#form.reset();
  };

  async #onCode(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const value = String(new FormData(event.currentTarget as HTMLFormElement).get('code') ?? '').trim();
    const { session, router, challenge } = this;
    if (!session || !challenge) return;
    // Six digits come from the app; anything longer is one of the recovery codes.
    const proof = /^\d{6}$/.test(value) ? { code: value } : { recoveryCode: value };
    if (await this.#form.submit(() => session.loginSecondFactor({ challenge, ...proof }))) router?.navigate(nextPathIn(location.search), { replace: true });
  }

  async #onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const values = Object.fromEntries([...new FormData(event.currentTarget as HTMLFormElement)].map(([k, v]) => [k, String(v)]));
    const { session, router } = this;
    if (!session) return;
    let challenge: string | undefined;
    const send = () =>
      MODES[this.mode].send(session, values).catch((error: unknown) => {
        if (!(error instanceof ApiError && error.code === 'two_factor_required' && error.challenge)) throw error;
        challenge = error.challenge;
      });
    const done = await this.#form.submit(send);
    if (challenge) this.challenge = challenge;
    else if (done) router?.navigate(nextPathIn(location.search), { replace: true });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'page-auth': PageAuth;
  }
}
