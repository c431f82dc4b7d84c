/**
 * Two-factor authentication in my settings: turn it on (scan the QR code, confirm with a first
 * code, note the recovery codes shown this once) or off (with a current code).
 */
import { consume } from '@lit/context';
import type { TwoFactorSetup } from '@volley/shared';
import type { ApiClient } from '@volley/client';
import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { apiContext } from '../../../services/client.js';
import { FormController } from '../../../controllers/form-controller.js';
import { formError, formStyles, textField } from '../../../forms/text-field.js';
import { msg, type Locale, localeContext } from '../../../i18n/i18n.js';
import { disableTwoFactor, enableTwoFactor, setUpTwoFactor, twoFactorEnabled } from '../../../services/two-factor.js';
import { buttonStyles } from '../../../styles/shared.styles.js';

@customElement('volley-two-factor')
export class VolleyTwoFactor extends LitElement {
  static override styles = [
    buttonStyles,
    formStyles,
    css`
      h3 {
        font-size: 1rem;
        margin: var(--volley-space-4) 0 var(--volley-space-2);
      }
      img {
        width: 200px;
        height: 200px;
        image-rendering: pixelated;
      }
      code {
        word-break: break-all;
      }
      ol {
        font-family: monospace;
      }
    `,
  ];

  @consume({ context: apiContext }) api?: ApiClient;
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;
  @state() private enabled: boolean | null = null;
  @state() private setup: TwoFactorSetup | null = null;
  @state() private recoveryCodes: string[] | null = null;

  readonly #form = new FormController(this, () => ['code']);

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.api) void twoFactorEnabled(this.api).then((enabled) => (this.enabled = enabled), () => undefined);
  }

  protected override render() {
    const form = this.#form;
    const code = (label = msg('account.twoFactor.code')) =>
      html`${textField({ name: 'code', label, autocomplete: 'one-time-code', errors: form.errorsFor('code') })}${formError(form.formError)}`;
    let body: TemplateResult | undefined;
    if (this.recoveryCodes) {
      body = html`<p role="status">${msg('account.twoFactor.on')}</p>
        <p>${msg('account.twoFactor.recoveryIntro')}</p>
        <ol data-testid="recovery-codes">${this.recoveryCodes.map((c) => html`<li>${c}</li>`)}</ol>
        <button @click=${() => (this.recoveryCodes = null)}>${msg('account.twoFactor.saved')}</button>`;
    } else if (this.setup) {
      body = html`<p>${msg('account.twoFactor.scan')}</p>
        <img src=${this.setup.qrCode} alt=${msg('account.twoFactor.qrAlt')} />
        <p>${msg('account.twoFactor.orKey')} <code data-testid="totp-secret">${this.setup.secret}</code></p>
        <form novalidate @submit=${this.#enable}>${code()}<button type="submit" ?disabled=${form.submitting}>${msg('account.twoFactor.enable')}</button></form>`;
    } else if (this.enabled) {
      body = html`<p>${msg('account.twoFactor.on')}</p>
        <form novalidate @submit=${this.#disable}>${code(msg('account.twoFactor.codeOrRecovery'))}<button type="submit" class="secondary danger" ?disabled=${form.submitting}>${msg('account.twoFactor.disable')}</button></form>`;
    } else if (this.enabled === false) {
      body = html`<p>${msg('account.twoFactor.off')}</p>
        ${formError(form.formError)}<button @click=${this.#start} ?disabled=${form.submitting}>${msg('account.twoFactor.start')}</button>`;
    }
    return html`<section aria-labelledby="two-factor"><h3 id="two-factor">${msg('account.twoFactor.title')}</h3>${body ?? nothing}</section>`;
  }

  readonly #start = async (): Promise<void> => {
    const api = this.api;
    if (api) await this.#form.submit(async () => void (this.setup = await setUpTwoFactor(api)));
  };

  readonly #enable = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const api = this.api;
    const code = codeOf(event);
    if (!api) return;
    await this.#form.submit(async () => {
      this.recoveryCodes = await enableTwoFactor(api, code);
      this.setup = null;
      this.enabled = true;
    });
  };

  readonly #disable = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const api = this.api;
    const value = codeOf(event);
    if (!api) return;
    if (await this.#form.submit(() => disableTwoFactor(api, value))) this.enabled = false;
  };
}

const codeOf = (event: SubmitEvent): string => String(new FormData(event.currentTarget as HTMLFormElement).get('code') ?? '').trim();

declare global {
  interface HTMLElementTagNameMap {
    'volley-two-factor': VolleyTwoFactor;
  }
}
