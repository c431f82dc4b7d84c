/**
 * A private channel's invite link, in its panel: any member shows it and copies it; the channel's
 * admins also revoke it (asked first), after which the next one shown is a new link.
 */
import { consume } from '@lit/context';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { FormController } from '../../../controllers/form-controller.js';
import { formError } from '../../../forms/text-field.js';
import { msg, type Locale, localeContext } from '../../../i18n/i18n.js';
import { channelsContext, type Channels } from '../../../services/channels.js';
import { onlineContext } from '../../../services/session.js';
import { buttonRowStyles, buttonStyles } from '../../../styles/shared.styles.js';
import type { VolleyConfirmDialog } from '../../ui/volley-confirm-dialog/volley-confirm-dialog.js';
import '../../ui/volley-confirm-dialog/volley-confirm-dialog.js';

@customElement('volley-invite-link')
export class VolleyInviteLink extends LitElement {
  static override styles = [
    buttonStyles,
    buttonRowStyles,
    css`
      input {
        font: inherit;
        width: 100%;
        box-sizing: border-box;
        margin-bottom: var(--volley-space-2);
      }
      p {
        margin: 0 0 var(--volley-space-2);
      }
    `,
  ];

  @property() convId = '';
  /** An admin or the owner: may revoke. */
  @property({ type: Boolean }) manager = false;
  @consume({ context: channelsContext }) channels?: Channels;
  @consume({ context: onlineContext, subscribe: true }) online = false;
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;
  @state() private link: string | null = null;
  @state() private copied = false;
  @query('volley-confirm-dialog') private confirm!: VolleyConfirmDialog;
  readonly #action = new FormController(this, () => []);

  protected override render() {
    const disabled = !this.online || this.#action.submitting;
    return html`<p>${msg('inviteLink.intro')}</p>
      ${this.link ? html`<input readonly aria-label=${msg('inviteLink.label')} data-testid="invite-link" .value=${this.link} @focus=${(e: Event) => (e.target as HTMLInputElement).select()} />` : nothing}
      <div class="buttons">
        <button type="button" class="small" ?disabled=${disabled} @click=${this.#copy}>${msg('inviteLink.copy')}</button>
        ${this.manager ? html`<button type="button" class="small secondary danger" ?disabled=${disabled} @click=${this.#revoke}>${msg('inviteLink.revoke')}</button>` : nothing}
      </div>
      ${this.copied ? html`<p role="status">${msg('inviteLink.copied')}</p>` : nothing} ${formError(this.#action.formError)}
      <volley-confirm-dialog .locale=${this.locale}></volley-confirm-dialog>`;
  }

  readonly #copy = async (): Promise<void> => {
    const channels = this.channels;
    if (!channels) return;
    this.copied = false;
    if (!(await this.#action.submit(async () => void (this.link = await channels.inviteLink(this.convId))))) return;
    // Shown either way: a browser without clipboard access still lets the link be selected and copied.
    this.copied = await navigator.clipboard?.writeText(this.link ?? '').then(
      () => true,
      () => false,
    );
  };

  readonly #revoke = async (): Promise<void> => {
    const channels = this.channels;
    if (!channels) return;
    const sure = await this.confirm.ask({ title: msg('inviteLink.revokeTitle'), consequence: msg('inviteLink.revokeConsequence'), confirm: msg('inviteLink.revoke') });
    if (sure && (await this.#action.submit(() => channels.revokeInviteLink(this.convId)))) {
      this.link = null;
      this.copied = false;
    }
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-invite-link': VolleyInviteLink;
  }
}
