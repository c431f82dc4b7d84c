/**
 * My bots, in my settings: make one (username, display name, description, picture), see them, open a bot's
 * tokens, delete a bot (its tokens are revoked and its sockets closed). Online only.
 */
import { consume } from '@lit/context';
import type { ApiClient } from '@volley/client';
import { AVATAR_TYPES, type Bot } from '@volley/shared';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { apiContext } from '../../../services/client.js';
import { onlineContext } from '../../../services/session.js';
import { FormController } from '../../../controllers/form-controller.js';
import { formError, formStyles, textField } from '../../../forms/text-field.js';
import { msg, type Locale, localeContext } from '../../../i18n/i18n.js';
import { createBot, deleteBot, listBots, setBotAvatar } from '../../../services/bots.js';
import { buttonStyles } from '../../../styles/shared.styles.js';
import type { VolleyConfirmDialog } from '../../ui/volley-confirm-dialog/volley-confirm-dialog.js';
import '../../ui/volley-confirm-dialog/volley-confirm-dialog.js';
import '../volley-bot-tokens/volley-bot-tokens.js';
import '../../people/volley-user-row/volley-user-row.js';

@customElement('volley-bots')
export class VolleyBots extends LitElement {
  static override styles = [
    buttonStyles,
    formStyles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        gap: var(--volley-space-4);
      }
      h2 {
        margin: 0;
        font-size: 1.0625rem;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      .description {
        margin: 0 0 var(--volley-space-2);
        color: var(--volley-text-muted);
      }
    `,
  ];

  @consume({ context: apiContext }) api?: ApiClient;
  @consume({ context: onlineContext, subscribe: true }) online = false;
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;
  @state() private bots: Bot[] | null = null;
  /** The bot whose tokens are open. */
  @state() private open: string | null = null;
  @query('volley-confirm-dialog') private confirm!: VolleyConfirmDialog;
  readonly #form = new FormController(this, () => ['username', 'displayName', 'description']);
  readonly #action = new FormController(this, () => []);

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  async #load(): Promise<void> {
    if (this.api) this.bots = await listBots(this.api).catch(() => this.bots);
  }

  protected override render() {
    const busy = !this.online || this.#form.submitting;
    return html`<form novalidate @submit=${this.#create} aria-labelledby="bots-title" data-testid="create-bot">
        <h2 id="bots-title">${msg('bots.title')}</h2>
        <p class="description">${msg('bots.intro')}</p>
        ${textField({ name: 'username', label: msg('auth.username'), errors: this.#form.errorsFor('username') })}
        ${textField({ name: 'displayName', label: msg('profile.displayName'), errors: this.#form.errorsFor('displayName') })}
        ${textField({ name: 'description', label: msg('bots.description'), multiline: true, errors: this.#form.errorsFor('description') })}
        <div class="field">
          <label for="bot-avatar">${msg('profile.avatar')}</label>
          <input id="bot-avatar" name="avatar" type="file" accept=${AVATAR_TYPES.join(',')} aria-describedby="bot-avatar-hint" />
          <span id="bot-avatar-hint">${msg('profile.avatarHint')}</span>
        </div>
        ${formError(this.#form.formError)}
        <div class="buttons"><button type="submit" ?disabled=${busy}>${msg('bots.create')}</button></div>
      </form>
      ${formError(this.#action.formError)}
      ${this.bots === null
        ? html`<p>${msg(this.online ? 'app.loading' : 'common.offline')}</p>`
        : this.bots.length === 0
          ? html`<p class="description">${msg('bots.none')}</p>`
          : html`<ul>
              ${this.bots.map((bot) => html`<li data-testid="bot" data-bot-id=${bot.id}>
                <volley-user-row .locale=${this.locale} .user=${bot}>
                  <button type="button" class="secondary" aria-expanded=${this.open === bot.id ? 'true' : 'false'} @click=${() => (this.open = this.open === bot.id ? null : bot.id)}>
                    ${msg('bots.tokens')}
                  </button>
                  <button type="button" class="secondary danger" ?disabled=${!this.online || this.#action.submitting} @click=${() => this.#delete(bot)}>${msg('bots.delete')}</button>
                </volley-user-row>
                ${bot.description ? html`<p class="description">${bot.description}</p>` : nothing}
                ${this.open === bot.id ? html`<volley-bot-tokens .botId=${bot.id}></volley-bot-tokens>` : nothing}
              </li>`)}
            </ul>`}
      <volley-confirm-dialog .locale=${this.locale}></volley-confirm-dialog>`;
  }

  readonly #create = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const { api } = this;
    if (!api) return;
    const text = (name: string) => String(data.get(name) ?? '').trim();
    const done = await this.#form.submit(async () => {
      const made = await createBot(api, { username: text('username'), ...(text('displayName') ? { displayName: text('displayName') } : {}), description: text('description') });
      this.bots = [...(this.bots ?? []), made];
      this.open = made.id;
      // The bot exists whatever becomes of its picture: a refused image leaves it listed, without one.
      const avatar = data.get('avatar');
      if (!(avatar instanceof File) || avatar.size === 0) return;
      const pictured = await setBotAvatar(api, made.id, avatar);
      this.bots = this.bots.map((bot) => (bot.id === pictured.id ? pictured : bot));
    });
    if (done) form.reset();
  };

  async #delete(bot: Bot): Promise<void> {
    const { api } = this;
    if (!api || !(await this.confirm.ask({ title: msg('bots.confirmDelete', { name: bot.displayName }), consequence: msg('bots.deleteConsequence'), confirm: msg('bots.delete') }))) return;
    await this.#action.submit(async () => {
      await deleteBot(api, bot.id);
      this.bots = (this.bots ?? []).filter((b) => b.id !== bot.id);
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-bots': VolleyBots;
  }
}
