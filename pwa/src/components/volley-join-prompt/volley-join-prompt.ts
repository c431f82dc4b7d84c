/**
 * A conversation I am not in, opened by its link or from an invitation: a listed channel offers
 * Join (asking for the password when it has one); one the server does not show me (private)
 * offers Join (works with an invitation) and Request to join. Once joined, the refreshed
 * conversation list holds it and the chat shows it.
 */
import { consume } from '@lit/context';
import type { Conversation } from '@volley/shared';
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { onlineContext } from '../../services/session.js';
import { FormController } from '../../controllers/form-controller.js';
import { formError } from '../../forms/text-field.js';
import { msg, type Locale, localeContext } from '../../i18n/i18n.js';
import { channelsContext, type Channels } from '../../services/channels.js';
import { buttonStyles } from '../../styles/shared.styles.js';
import type { VolleyJoinDialog } from '../volley-join-dialog/volley-join-dialog.js';
import '../volley-join-dialog/volley-join-dialog.js';

@customElement('volley-join-prompt')
export class VolleyJoinPrompt extends LitElement {
  static override styles = [
    buttonStyles,
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
  @consume({ context: onlineContext, subscribe: true }) @state() online = false;
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;
  /** The channel as the server shows it; null when it does not (private, or gone). */
  @state() private channel: Conversation | null = null;
  @state() private requested = false;
  @query('volley-join-dialog') private passwordDialog!: VolleyJoinDialog;
  readonly #action = new FormController(this, () => []);

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('convId') && !(changed.has('online') && this.online)) return;
    this.channel = null;
    this.requested = false;
    const channels = this.channels;
    if (channels && this.online && this.convId) void channels.get(this.convId).then((c) => (this.channel = c.kind === 'channel' ? c : null), () => undefined);
  }

  protected override render() {
    if (!this.online) return html`<p>${msg('chat.unknownConversation')}</p><p>${msg('common.offline')}</p>`;
    const c = this.channel;
    const disabled = this.#action.submitting;
    return html`${c ? html`<p class="name">#${c.name}</p>${c.topic ? html`<p>${c.topic}</p>` : nothing}` : html`<p>${msg('chat.notMember')}</p>`}
      <div class="buttons">
        <button type="button" ?disabled=${disabled} @click=${this.#join}>${msg('channels.join')}</button>
        ${c || this.requested ? nothing : html`<button type="button" class="secondary" ?disabled=${disabled} @click=${this.#request}>${msg('channels.requestToJoin')}</button>`}
      </div>
      ${this.requested ? html`<p role="status">${msg('channels.requested')}</p>` : nothing} ${formError(this.#action.formError)}
      <volley-join-dialog></volley-join-dialog>`;
  }

  readonly #join = async (): Promise<void> => {
    const { channels, channel } = this;
    if (!channels) return;
    if (channel?.access === 'password') return void this.passwordDialog.show(channel);
    await this.#action.submit(() => channels.join(this.convId));
  };

  readonly #request = async (): Promise<void> => {
    const channels = this.channels;
    if (channels) this.requested = await this.#action.submit(() => channels.requestToJoin(this.convId));
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-join-prompt': VolleyJoinPrompt;
  }
}
