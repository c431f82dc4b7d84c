/**
 * A conversation I am not in, opened by its link, from the directory or from a notification: a
 * public channel offers Join, a password channel asks its password; a private one shows its name
 * and topic and my request to join: none yet (a few words for its admins, then Request to join,
 * or Join when I hold an invitation), pending (nothing to press: the admins decide), or declined
 * (ask again). The request's state follows the admins' decision live; once accepted, the
 * refreshed conversation list holds the channel and the chat shows it.
 */
import { consume } from '@lit/context';
import type { Conversation, JoinRequest } from '@volley/shared';
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { myUserRoom, onlineContext, type SessionState, sessionStateContext } from '../../../services/session.js';
import { FormController } from '../../../controllers/form-controller.js';
import { NotifiedController } from '../../../controllers/notified-controller.js';
import { formError, formStyles, textField } from '../../../forms/text-field.js';
import { msg, type Locale, localeContext } from '../../../i18n/i18n.js';
import { channelsContext, type Channels } from '../../../services/channels.js';
import { buttonStyles } from '../../../styles/shared.styles.js';
import { syncContext, type SyncManager } from '../../../sync/sync-manager.js';
import type { VolleyJoinDialog } from '../volley-join-dialog/volley-join-dialog.js';
import '../volley-join-dialog/volley-join-dialog.js';

const DECIDED = new Set(['join_request_decided', 'channel_invite'] as const);

@customElement('volley-join-prompt')
export class VolleyJoinPrompt extends LitElement {
  static override styles = [
    buttonStyles,
    formStyles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        align-items: center;
        gap: var(--volley-space-3);
        margin: auto;
        padding: var(--volley-space-6);
        text-align: center;
        color: var(--volley-text-muted);
      }
      p {
        margin: 0;
      }
      .name {
        color: var(--volley-text);
        font-weight: 650;
        font-size: 1.125rem;
      }
      form {
        width: min(28rem, 100%);
        text-align: start;
      }
      .buttons {
        display: flex;
        flex-wrap: wrap;
        justify-content: center;
        gap: var(--volley-space-2);
      }
    `,
  ];

  @property() convId = '';
  @consume({ context: channelsContext }) channels?: Channels;
  @consume({ context: syncContext, subscribe: true }) sync?: SyncManager;
  @consume({ context: sessionStateContext, subscribe: true }) sessionState?: SessionState;
  @consume({ context: onlineContext, subscribe: true }) @state() online = false;
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;
  /** The channel as the server shows it; null when it does not (a DM that is not mine, or gone). */
  @state() private channel: Conversation | null = null;
  /** My latest request to join a private channel; null when none. */
  @state() private request: JoinRequest | null = null;
  @query('volley-join-dialog') private passwordDialog!: VolleyJoinDialog;
  @query('form') private form?: HTMLFormElement;
  readonly #action = new FormController(this, () => ['message']);

  constructor() {
    super();
    // The admins decided (or someone invited me): read my request again, in place.
    new NotifiedController(this, {
      sync: () => this.sync,
      room: () => myUserRoom(this.sessionState),
      kinds: DECIDED,
      onNotified: (n) => {
        if ('conversation' in n && n.conversation.id === this.convId) void this.#load();
      },
    });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('convId') && !(changed.has('online') && this.online)) return;
    this.channel = null;
    this.request = null;
    void this.#load();
  }

  async #load(): Promise<void> {
    const { channels, convId } = this;
    if (!channels || !this.online || !convId) return;
    const channel = await channels.get(convId).catch(() => null);
    if (convId !== this.convId) return;
    this.channel = channel?.kind === 'channel' ? channel : null;
    if (this.channel?.access === 'private') this.request = await channels.myJoinRequest(convId).catch(() => this.request);
  }

  protected override render() {
    if (!this.online) return html`<p>${msg('chat.unknownConversation')}</p><p>${msg('common.offline')}</p>`;
    const c = this.channel;
    if (!c) return html`<p>${msg('chat.unknownConversation')}</p>`;
    return html`<p class="name">#${c.name}</p>
      ${c.topic ? html`<p>${c.topic}</p>` : nothing}
      ${c.access === 'private' ? this.#private() : this.#open()} ${formError(this.#action.formError)}
      <volley-join-dialog></volley-join-dialog>`;
  }

  #open() {
    return html`<div class="buttons"><button type="button" ?disabled=${this.#action.submitting} @click=${this.#join}>${msg('channels.join')}</button></div>`;
  }

  #private() {
    const disabled = this.#action.submitting;
    const status = this.request?.status;
    if (status === 'pending') return html`<p role="status" data-testid="join-request-status" data-status="pending">${msg('channels.requestPending')}</p>`;
    return html`${status === 'rejected' ? html`<p role="status" data-testid="join-request-status" data-status="rejected">${msg('channels.requestRejected')}</p>` : nothing}
      <form novalidate @submit=${this.#request}>
        ${textField({ name: 'message', label: msg('channels.requestMessage'), errors: this.#action.errorsFor('message'), multiline: true })}
        <div class="buttons">
          <button type="submit" ?disabled=${disabled}>${msg('channels.requestToJoin')}</button>
          <button type="button" class="secondary" ?disabled=${disabled} @click=${this.#join}>${msg('channels.joinInvited')}</button>
        </div>
      </form>`;
  }

  readonly #join = async (): Promise<void> => {
    const { channels, channel } = this;
    if (!channels) return;
    if (channel?.access === 'password') return void this.passwordDialog.show(channel);
    await this.#action.submit(() => channels.join(this.convId));
  };

  readonly #request = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const channels = this.channels;
    const message = String(new FormData(this.form).get('message') ?? '');
    if (!channels) return;
    let sent: JoinRequest | null = null;
    if (await this.#action.submit(async () => void (sent = await channels.requestToJoin(this.convId, message)))) this.request = sent;
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-join-prompt': VolleyJoinPrompt;
  }
}
