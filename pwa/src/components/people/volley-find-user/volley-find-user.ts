/**
 * Finds people by name as you type (debounced), twenty at a time with "Load more"; each result
 * links to the profile and, when an action is given, carries its button: invite to a channel,
 * lift a ban (banned people are no longer members and the API lists no bans).
 */
import { consume } from '@lit/context';
import type { UserSummary } from '@volley/shared';
import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { apiContext } from '../../../services/client.js';
import { onlineContext } from '../../../services/session.js';
import { FormController } from '../../../controllers/form-controller.js';
import { SearchController } from '../../../controllers/search-controller.js';
import { formError } from '../../../forms/text-field.js';
import { msg, type Locale, localeContext } from '../../../i18n/i18n.js';
import type { ApiClient } from '@volley/client';
import { searchUsers } from '../../../services/profiles.js';
import { listStyles } from '../../../styles/list.styles.js';
import { buttonStyles } from '../../../styles/shared.styles.js';
import '../volley-user-row/volley-user-row.js';

let fieldIds = 0;

@customElement('volley-find-user')
export class VolleyFindUser extends LitElement {
  static override styles = [buttonStyles, listStyles];

  /** The search field's label; the action's button label and what a row says once done (no action: no button). */
  @property() label = '';
  @property() actionLabel = '';
  @property() doneLabel = '';
  @property({ attribute: false }) action: ((userId: string) => Promise<void>) | null = null;
  @consume({ context: apiContext }) api?: ApiClient;
  @consume({ context: onlineContext, subscribe: true }) online = false;
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;
  /** People acted on during this visit. */
  @state() private done = new Set<string>();
  readonly #fieldId = `find-user-${++fieldIds}`;
  readonly #form = new FormController(this, () => []);
  readonly #search = new SearchController<UserSummary>(this, { fetch: (q, cursor) => searchUsers(this.api!, q, cursor) });

  protected override render() {
    const search = this.#search;
    return html`<label class="search-label" for=${this.#fieldId}>${this.label}</label>
      <input id=${this.#fieldId} class="search" type="search" autocomplete="off" ?disabled=${!this.online} @input=${search.onInput} />
      ${formError(search.form.formError)}
      ${formError(this.#form.formError)}
      ${search.searched && search.results.length === 0 ? html`<p class="hint">${msg('people.noResults')}</p>` : nothing}
      <ul>
        ${search.results.map((user) => html`<li>
          <volley-user-row .locale=${this.locale} data-testid="search-result" data-user-id=${user.id} .user=${user}>${this.#action(user.id)}</volley-user-row>
        </li>`)}
      </ul>
      ${search.nextCursor
        ? html`<button type="button" class="secondary small" ?disabled=${search.form.submitting} @click=${() => search.load({ more: true })}>${msg('common.loadMore')}</button>`
        : nothing}`;
  }

  #action(userId: string) {
    const action = this.action;
    if (!action) return nothing;
    if (this.done.has(userId)) return html`<span role="status">${this.doneLabel}</span>`;
    const act = async (): Promise<void> => {
      if (await this.#form.submit(() => action(userId))) this.done = new Set([...this.done, userId]);
    };
    return html`<button type="button" class="small secondary" ?disabled=${!this.online || this.#form.submitting} @click=${act}>${this.actionLabel}</button>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-find-user': VolleyFindUser;
  }
}
