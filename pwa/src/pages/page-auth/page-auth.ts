/** Sign in (`mode="login"`) or create an account (`mode="register"`): one form, two sets of fields. */
import { consume } from '@lit/context';
import { LitElement, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { localeContext, routerContext, sessionContext } from '../../context.js';
import { FormController } from '../../controllers/form-controller.js';
import { formError, textField, type TextFieldOptions } from '../../forms/text-field.js';
import { msg, type Locale, type MessageKey } from '../../i18n/i18n.js';
import type { Router } from '../../router/router.js';
import type { Session } from '../../services/session.js';
import '../../components/volley-locale-picker/volley-locale-picker.js';
import { styles } from './page-auth.styles.js';

type Field = Omit<TextFieldOptions, 'label' | 'errors'> & { label: MessageKey };

interface Mode {
  title: MessageKey;
  submit: MessageKey;
  fields: Field[];
  other: { text: MessageKey; link: MessageKey; href: string };
  send: (session: Session, values: Record<string, string>) => Promise<void>;
}

const password = (autocomplete: string): Field => ({ name: 'password', label: 'auth.password', type: 'password', autocomplete });

const MODES: Record<'login' | 'register', Mode> = {
  login: {
    title: 'auth.login.title',
    submit: 'auth.login.submit',
    fields: [{ name: 'login', label: 'auth.login.login', autocomplete: 'username' }, password('current-password')],
    other: { text: 'auth.login.toRegister', link: 'auth.login.toRegisterLink', href: '/register' },
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
  @consume({ context: routerContext }) router?: Router;

  readonly #form = new FormController(this, () => MODES[this.mode].fields.map((field) => field.name));

  protected override render() {
    const mode = MODES[this.mode];
    const form = this.#form;
    return html`<main>
      <h1 class="brand"><img src="/icons/icon-192.png" alt="" />${msg('app.name')}</h1>
      <section class="card" aria-labelledby="title">
        <h2 id="title">${msg(mode.title)}</h2>
        <form novalidate @submit=${this.#onSubmit}>
          ${mode.fields.map((field, i) =>
            textField({ ...field, label: msg(field.label), errors: form.errorsFor(field.name), autofocus: i === 0 }),
          )}
          ${formError(form.formError)}
          <button type="submit" ?disabled=${form.submitting}>${msg(form.submitting ? 'auth.submitting' : mode.submit)}</button>
        </form>
        <p class="other">${msg(mode.other.text)} <a href=${mode.other.href}>${msg(mode.other.link)}</a></p>
      </section>
      <volley-locale-picker></volley-locale-picker>
    </main>`;
  }

  async #onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const values = Object.fromEntries([...new FormData(event.currentTarget as HTMLFormElement)].map(([k, v]) => [k, String(v)]));
    const { session, router } = this;
    if (!session) return;
    if (await this.#form.submit(() => MODES[this.mode].send(session, values))) router?.navigate('/', { replace: true });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'page-auth': PageAuth;
  }
}
