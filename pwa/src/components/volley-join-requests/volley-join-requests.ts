/** A private channel's pending join requests, for its admins: accept or reject each. */
import { consume } from '@lit/context';
import type { JoinRequest } from '@volley/shared';
import { LitElement, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { onlineContext } from '../../services/session.js';
import { FormController } from '../../controllers/form-controller.js';
import { formError } from '../../forms/text-field.js';
import { msg, type Locale, localeContext } from '../../i18n/i18n.js';
import { channelsContext, type Channels } from '../../services/channels.js';
import { listStyles } from '../../styles/list.styles.js';
import { buttonStyles } from '../../styles/shared.styles.js';
import '../volley-user-row/volley-user-row.js';

@customElement('volley-join-requests')
export class VolleyJoinRequests extends LitElement {
  static override styles = [buttonStyles, listStyles];

  @property() convId = '';
  @consume({ context: channelsContext }) channels?: Channels;
  @consume({ context: onlineContext, subscribe: true }) online = false;
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;
  @state() private requests: JoinRequest[] = [];
  readonly #action = new FormController(this, () => []);

  /** Fetches the pending requests again; on failure the list shown stays (the panel fetches again soon). */
  async load(): Promise<void> {
    const channels = this.channels;
    if (!channels || !this.convId) return;
    const requests = await channels.joinRequests(this.convId).catch(() => null);
    if (requests) this.requests = requests.filter((r) => r.status === 'pending');
  }

  protected override render() {
    const disabled = !this.online || this.#action.submitting;
    return html`${formError(this.#action.formError)}
      ${this.requests.length === 0
        ? html`<p class="hint">${msg('channel.noJoinRequests')}</p>`
        : html`<ul>
            ${this.requests.map((r) => html`<li>
              <volley-user-row .locale=${this.locale} data-testid="join-request" data-user-id=${r.user.id} .user=${r.user}>
                <button type="button" class="small" ?disabled=${disabled} @click=${() => this.#decide(r, true)}>${msg('people.accept')}</button>
                <button type="button" class="small secondary" ?disabled=${disabled} @click=${() => this.#decide(r, false)}>${msg('channel.reject')}</button>
              </volley-user-row>
            </li>`)}
          </ul>`}`;
  }

  async #decide(request: JoinRequest, accept: boolean): Promise<void> {
    const channels = this.channels;
    if (channels && (await this.#action.submit(() => channels.decideJoinRequest(request.id, accept)))) await this.load();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-join-requests': VolleyJoinRequests;
  }
}
