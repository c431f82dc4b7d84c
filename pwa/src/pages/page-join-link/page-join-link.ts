/**
 * `/join/<token>`, a private channel's invite link: says which channel it leads to, and joins it on
 * a click (the server still refuses someone banned or blocked, and says why). A link revoked or
 * unknown says so, with the way to a working one.
 */
import { consume } from '@lit/context';
import type { InviteLinkPreview } from '@volley/shared';
import { ApiError } from '@volley/client';
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { FormController } from '../../controllers/form-controller.js';
import { formError } from '../../forms/text-field.js';
import { msg, type Locale, localeContext } from '../../i18n/i18n.js';
import { routerContext, type Router } from '../../router/router.js';
import { channelsContext, type Channels } from '../../services/channels.js';
import { onlineContext } from '../../services/session.js';
import { pageStyles } from '../../styles/page.styles.js';
import { buttonStyles } from '../../styles/shared.styles.js';

@customElement('page-join-link')
export class PageJoinLink extends LitElement {
  static override styles = [buttonStyles, pageStyles];

  @property() token = '';
  @consume({ context: channelsContext }) channels?: Channels;
  @consume({ context: routerContext }) router?: Router;
  @consume({ context: onlineContext, subscribe: true }) @state() online = false;
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;
  @state() private preview: InviteLinkPreview | null = null;
  @state() private broken = false;
  readonly #action = new FormController(this, () => []);

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('token') && !(changed.has('online') && this.online)) return;
    const channels = this.channels;
    if (!channels || !this.online || !this.token) return;
    this.broken = false;
    void channels.previewInviteLink(this.token).then(
      (preview) => (this.preview = preview),
      (error: unknown) => (this.broken = error instanceof ApiError && (error.code === 'not_found' || error.code === 'validation_failed')),
    );
  }

  protected override render() {
    return html`<main>
      <h1>${msg('joinLink.title')}</h1>
      ${this.online ? nothing : html`<p role="status">${msg('common.offline')}</p>`}
      ${this.broken ? html`<p role="alert" data-testid="join-link-broken">${msg('joinLink.invalid')}</p>` : nothing}
      ${this.preview
        ? html`<section>
            ${this.preview.topic ? html`<p>${this.preview.topic}</p>` : nothing}
            <button type="button" ?disabled=${!this.online || this.#action.submitting} @click=${this.#join}>${msg('joinLink.join', { name: this.preview.name })}</button>
            ${formError(this.#action.formError)}
          </section>`
        : nothing}
    </main>`;
  }

  readonly #join = async (): Promise<void> => {
    const channels = this.channels;
    if (!channels) return;
    let joined: string | null = null;
    if (await this.#action.submit(async () => void (joined = (await channels.joinByLink(this.token)).id))) this.router?.navigate(`/c/${joined}`, { replace: true });
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'page-join-link': PageJoinLink;
  }
}
