/**
 * Linked sign-in, in my settings: link the configured OAuth provider to my account (a visit to
 * the provider, which sends me back here), or unlink it when I have a password to sign in with.
 * Online only; hidden when no provider is configured.
 */
import { consume } from '@lit/context';
import type { ApiClient } from '@volley/client';
import type { MyOAuthLinks } from '@volley/shared';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { apiContext } from '../../../services/client.js';
import { onlineContext } from '../../../services/session.js';
import { FormController } from '../../../controllers/form-controller.js';
import { formError, formStyles } from '../../../forms/text-field.js';
import { msg, type Locale, localeContext } from '../../../i18n/i18n.js';
import { linkUrl, myOAuthLinks, OAUTH_ERROR_MESSAGES, oauthErrorIn, unlink } from '../../../services/oauth.js';
import { buttonStyles } from '../../../styles/shared.styles.js';

@customElement('volley-linked-sign-in')
export class VolleyLinkedSignIn extends LitElement {
  static override styles = [
    buttonStyles,
    formStyles,
    css`
      h2 {
        margin: 0 0 var(--volley-space-2);
        font-size: 1rem;
      }
      p {
        margin: 0 0 var(--volley-space-2);
      }
    `,
  ];

  @consume({ context: apiContext }) api?: ApiClient;
  @consume({ context: onlineContext, subscribe: true }) online = false;
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;
  @state() private links: MyOAuthLinks | null = null;
  readonly #action = new FormController(this, () => []);
  /** Why linking came back refused, read once from the address. */
  readonly #returned = oauthErrorIn(location.search);

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  async #load(): Promise<void> {
    if (this.api) this.links = await myOAuthLinks(this.api).catch(() => null);
  }

  protected override render() {
    const provider = this.links?.providers[0];
    if (!this.links || !provider) return nothing;
    const name = { name: provider.name };
    const canUnlink = this.links.hasPassword;
    return html`<section aria-labelledby="linked-sign-in">
      <h2 id="linked-sign-in">${msg('oauth.title')}</h2>
      <p>${msg(provider.linked ? 'oauth.linked' : 'oauth.notLinked', name)}</p>
      ${this.links.emailLocked ? html`<p>${msg('oauth.emailLocked', name)}</p>` : nothing}
      ${provider.linked && !canUnlink ? html`<p>${msg('oauth.onlyWay', name)}</p>` : nothing}
      ${provider.linked
        ? canUnlink
          ? html`<button class="secondary danger" ?disabled=${!this.online || this.#action.submitting} @click=${this.#unlink}>${msg('oauth.unlink', name)}</button>`
          : nothing
        : html`<button ?disabled=${!this.online || this.#action.submitting} @click=${this.#link}>${msg('oauth.link', name)}</button>`}
      ${formError(this.#action.formError ?? (this.#returned ? msg(OAUTH_ERROR_MESSAGES[this.#returned]) : null))}
    </section>`;
  }

  readonly #link = async (): Promise<void> => {
    const api = this.api;
    if (!api) return;
    await this.#action.submit(async () => location.assign(await linkUrl(api)));
  };

  readonly #unlink = async (): Promise<void> => {
    const api = this.api;
    if (!api) return;
    if (await this.#action.submit(() => unlink(api))) await this.#load();
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-linked-sign-in': VolleyLinkedSignIn;
  }
}
