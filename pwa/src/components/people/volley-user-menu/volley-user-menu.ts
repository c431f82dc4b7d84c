/** A message author's name as a small menu: view their profile, block (asked first) or unblock them. Escape or a click elsewhere closes it. */
import { consume } from '@lit/context';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { onlineContext } from '../../../services/session.js';
import { FormController } from '../../../controllers/form-controller.js';
import { formError } from '../../../forms/text-field.js';
import { msg, type Locale, localeContext } from '../../../i18n/i18n.js';
import { socialContext, type Social } from '../../../services/social.js';
import { menuStyles } from '../../../styles/menu.styles.js';
import { buttonStyles } from '../../../styles/shared.styles.js';
import type { VolleyConfirmDialog } from '../../ui/volley-confirm-dialog/volley-confirm-dialog.js';
import '../../ui/volley-confirm-dialog/volley-confirm-dialog.js';

@customElement('volley-user-menu')
export class VolleyUserMenu extends LitElement {
  static override styles = [
    buttonStyles,
    menuStyles,
    css`
      .name {
        all: unset;
        font-weight: 650;
        cursor: pointer;
        border-radius: 2px;
      }
      .name:hover {
        text-decoration: underline;
      }
      .name:focus-visible {
        box-shadow: var(--volley-focus);
      }
      [role='menu'] {
        inset-inline-start: 0;
        min-width: 11rem;
      }
      .form-error {
        margin: 0;
        padding: var(--volley-space-2);
        color: var(--volley-danger);
        font-size: 0.875rem;
      }
    `,
  ];

  @property() userId = '';
  @property() name = '';
  @property({ type: Boolean }) blocked = false;
  @consume({ context: socialContext }) social?: Social;
  @consume({ context: onlineContext, subscribe: true }) online = false;
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;
  @state() private open = false;
  @query('volley-confirm-dialog') private confirm!: VolleyConfirmDialog;
  readonly #action = new FormController(this, () => []);

  protected override render() {
    return html`<button type="button" class="name" aria-haspopup="menu" aria-expanded=${this.open ? 'true' : 'false'} @click=${this.#toggle}>${this.name}</button>
      ${this.open
        ? html`<div role="menu" aria-label=${this.name} @keydown=${this.#onKey} @focusout=${this.#onFocusOut}>
            <a role="menuitem" class="button" href=${`/u/${this.userId}`}>${msg('userMenu.profile')}</a>
            <button type="button" role="menuitem" ?disabled=${!this.online || this.#action.submitting} @click=${this.#block}>
              ${msg(this.blocked ? 'people.unblock' : 'people.block')}
            </button>
            ${this.online ? nothing : html`<p class="form-error">${msg('common.offline')}</p>`} ${formError(this.#action.formError)}
          </div>`
        : nothing}
      <volley-confirm-dialog .locale=${this.locale}></volley-confirm-dialog>`;
  }

  protected override updated(): void {
    if (this.open && !this.renderRoot.querySelector('[role="menu"]')?.contains(this.shadowRoot!.activeElement)) {
      this.renderRoot.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    }
  }

  readonly #toggle = (): void => {
    this.#action.reset();
    this.open = !this.open;
  };

  readonly #onKey = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    this.open = false;
    this.renderRoot.querySelector<HTMLElement>('.name')?.focus();
  };

  readonly #onFocusOut = (event: FocusEvent): void => {
    const next = event.relatedTarget as Node | null;
    if (!next || !this.shadowRoot!.contains(next)) this.open = false;
  };

  readonly #block = async (): Promise<void> => {
    const social = this.social;
    if (!social) return;
    const name = this.name;
    if (!this.blocked && !(await this.confirm.ask({ title: msg('people.blockTitle', { name }), consequence: msg('people.blockConsequence', { name }), confirm: msg('people.block') }))) return;
    const done = await this.#action.submit(() => (this.blocked ? social.unblock(this.userId) : social.block(this.userId)));
    if (done) this.open = false;
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-user-menu': VolleyUserMenu;
  }
}
