/**
 * One bot's tokens: make one with a name and a scope (read or read and write; all the bot's
 * conversations or some of mine), shown once with a copy button; the live ones with their last use;
 * revoke one (its sockets close at once).
 */
import { consume } from '@lit/context';
import type { ApiClient } from '@volley/client';
import type { BotToken, Conversation, CreatedBotToken, TokenAccess } from '@volley/shared';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { apiContext } from '../../../services/client.js';
import { onlineContext } from '../../../services/session.js';
import { FormController } from '../../../controllers/form-controller.js';
import { formError, formStyles, textField } from '../../../forms/text-field.js';
import { formatMessageTime } from '../../../i18n/format.js';
import { msg, type Locale, localeContext } from '../../../i18n/i18n.js';
import { createToken, listTokens, revokeToken } from '../../../services/bots.js';
import { buttonStyles } from '../../../styles/shared.styles.js';
import { conversationTitle } from '../../../services/conversations.js';

const ACCESS: readonly TokenAccess[] = ['read', 'read_write'];

@customElement('volley-bot-tokens')
export class VolleyBotTokens extends LitElement {
  static override styles = [
    buttonStyles,
    formStyles,
    css`
      :host {
        display: block;
        padding: var(--volley-space-3);
        border: 1px solid var(--volley-border);
        border-radius: var(--volley-radius);
      }
      .secret {
        display: flex;
        gap: var(--volley-space-2);
        align-items: center;
        flex-wrap: wrap;
      }
      code {
        font-family: var(--volley-font-mono);
        word-break: break-all;
      }
      .hint {
        color: var(--volley-text-muted);
      }
    `,
  ];

  @property() botId = '';
  @consume({ context: apiContext }) api?: ApiClient;
  @consume({ context: onlineContext, subscribe: true }) online = false;
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;
  @state() private tokens: BotToken[] | null = null;
  @state() private conversations: Conversation[] = [];
  /** The token just made: shown this once, never again. */
  @state() private created: CreatedBotToken | null = null;
  @state() private copied = false;
  readonly #form = new FormController(this, () => ['name', 'scope.access', 'scope.conversations']);
  readonly #action = new FormController(this, () => []);

  override connectedCallback(): void {
    super.connectedCallback();
    const { api } = this;
    if (!api) return;
    void listTokens(api, this.botId).then((tokens) => (this.tokens = tokens), () => undefined);
    void api.conversations().then((all) => (this.conversations = all), () => undefined);
  }

  protected override render() {
    const busy = !this.online || this.#form.submitting;
    return html`${this.created
        ? html`<div class="secret" role="status" data-testid="new-token">
            <code>${this.created.token}</code>
            <button type="button" class="secondary" @click=${this.#copy}>${msg(this.copied ? 'bots.copied' : 'bots.copy')}</button>
            <p class="hint">${msg('bots.shownOnce')}</p>
          </div>`
        : nothing}
      <form novalidate @submit=${this.#create} data-testid="create-token">
        ${textField({ name: 'name', label: msg('bots.tokenName'), errors: this.#form.errorsFor('name') })}
        <div class="field">
          <label for="access">${msg('bots.access')}</label>
          <select id="access" name="access">
            ${ACCESS.map((access) => html`<option value=${access}>${msg(`bots.access.${access}`)}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for="conversations">${msg('bots.conversations')}</label>
          <select id="conversations" name="conversations" multiple size="4">
            ${this.conversations.map((c) => html`<option value=${c.id}>${conversationTitle(c)}</option>`)}
          </select>
          <span class="hint">${msg('bots.conversationsHint')}</span>
        </div>
        ${formError(this.#form.formError)}
        <div class="buttons"><button type="submit" ?disabled=${busy}>${msg('bots.createToken')}</button></div>
      </form>
      ${formError(this.#action.formError)}
      <ul>
        ${(this.tokens ?? []).map((token) => html`<li data-testid="token">
          <strong>${token.name}</strong> · ${msg(`bots.access.${token.scope.access}`)} ·
          ${token.scope.conversations ? msg('bots.someConversations', { count: token.scope.conversations.length }) : msg('bots.allConversations')} ·
          ${token.lastUsedAt ? msg('bots.lastUsed', { at: formatMessageTime(token.lastUsedAt), address: token.lastUsedAddress ?? '' }) : msg('bots.neverUsed')}
          <button type="button" class="secondary danger" ?disabled=${!this.online || this.#action.submitting} @click=${() => this.#revoke(token)}>${msg('bots.revoke')}</button>
        </li>`)}
      </ul>`;
  }

  readonly #create = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const { api } = this;
    if (!api) return;
    const picked = data.getAll('conversations').map(String);
    await this.#form.submit(async () => {
      const access = String(data.get('access')) as TokenAccess;
      const created = await createToken(api, this.botId, { name: String(data.get('name') ?? '').trim(), scope: { access, conversations: picked.length > 0 ? picked : null } });
      const { token: _secret, ...listed } = created;
      this.created = created;
      this.copied = false;
      this.tokens = [...(this.tokens ?? []), listed];
      form.reset();
    });
  };

  readonly #copy = async (): Promise<void> => {
    if (!this.created) return;
    await navigator.clipboard.writeText(this.created.token);
    this.copied = true;
  };

  async #revoke(token: BotToken): Promise<void> {
    const { api } = this;
    if (!api) return;
    await this.#action.submit(async () => {
      await revokeToken(api, this.botId, token.id);
      this.tokens = (this.tokens ?? []).filter((t) => t.id !== token.id);
      if (this.created?.id === token.id) this.created = null;
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-bot-tokens': VolleyBotTokens;
  }
}
