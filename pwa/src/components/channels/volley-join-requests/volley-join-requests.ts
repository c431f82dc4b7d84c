/** A private channel's join requests, for its admins: the pending ones with their words, to accept or reject; below, the decided ones with their outcome. */
import { consume } from '@lit/context';
import type { JoinRequest } from '@volley/shared';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { onlineContext } from '../../../services/session.js';
import { FormController } from '../../../controllers/form-controller.js';
import { formError } from '../../../forms/text-field.js';
import { msg, type Locale, localeContext } from '../../../i18n/i18n.js';
import { channelsContext, type Channels } from '../../../services/channels.js';
import { listStyles } from '../../../styles/list.styles.js';
import { buttonStyles } from '../../../styles/shared.styles.js';
import '../../people/volley-user-row/volley-user-row.js';

/** The latest decisions shown under the pending requests. */
const DECIDED_SHOWN = 5;

@customElement('volley-join-requests')
export class VolleyJoinRequests extends LitElement {
  static override styles = [
    buttonStyles,
    listStyles,
    css`
      .request-message {
        margin: 0 0 var(--volley-space-2);
        overflow-wrap: anywhere;
        white-space: pre-wrap;
      }
    `,
  ];

  @property() convId = '';
  @consume({ context: channelsContext }) channels?: Channels;
  @consume({ context: onlineContext, subscribe: true }) online = false;
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;
  @state() private requests: JoinRequest[] = [];
  readonly #action = new FormController(this, () => []);

  /** Fetches the pending requests again; on failure the list shown stays (until the next change signalled). */
  async load(): Promise<void> {
    const channels = this.channels;
    if (!channels || !this.convId) return;
    const requests = await channels.joinRequests(this.convId).catch(() => null);
    // Newest first: the decided ones are a history, the pending ones wait at the top.
    if (requests) this.requests = requests.reverse();
  }

  protected override render() {
    const disabled = !this.online || this.#action.submitting;
    const pending = this.requests.filter((r) => r.status === 'pending');
    const decided = this.requests.filter((r) => r.status !== 'pending').slice(0, DECIDED_SHOWN);
    return html`${formError(this.#action.formError)}
      ${pending.length === 0
        ? html`<p class="hint">${msg('channel.noJoinRequests')}</p>`
        : html`<ul>
            ${pending.map((r) => html`<li>
              <volley-user-row .locale=${this.locale} data-testid="join-request" data-status="pending" data-user-id=${r.user.id} .user=${r.user}>
                <button type="button" class="small" ?disabled=${disabled} @click=${() => this.#decide(r, true)}>${msg('people.accept')}</button>
                <button type="button" class="small secondary" ?disabled=${disabled} @click=${() => this.#decide(r, false)}>${msg('channel.reject')}</button>
              </volley-user-row>
              ${r.message ? html`<p class="request-message">“${r.message}”</p>` : nothing}
            </li>`)}
          </ul>`}
      ${decided.length
        ? html`<ul aria-label=${msg('channel.decidedRequests')}>
            ${decided.map((r) => html`<li>
              <volley-user-row .locale=${this.locale} data-testid="join-request" data-status=${r.status} data-user-id=${r.user.id} .user=${r.user}>
                <span class="hint">${msg(r.status === 'accepted' ? 'channel.requestAccepted' : 'channel.requestRejected')}</span>
              </volley-user-row>
            </li>`)}
          </ul>`
        : nothing}`;
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
