/**
 * "Invite to Pong" from a conversation's header: whom (a DM's other person, or a member of the
 * channel picked by name) and how (ball speed, paddle size, points to win). Sending queues the
 * `invite` op through the client library, so it works offline like a message; the card shows at once.
 * The dialog closes once the op is kept on this device, or says it could not be (its storage full).
 */
import { consume } from '@lit/context';
import { DEFAULT_GAME_SETTINGS, type Conversation, type GameSettings } from '@volley/shared';
import { LitElement, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { VolleyClient } from '@volley/client';
import type { StoredMember } from '../../../db/db.js';
import { formError, formStyles, textField } from '../../../forms/text-field.js';
import { msg, type Locale, type MessageKey, localeContext } from '../../../i18n/i18n.js';
import { membersContext, type Members } from '../../../services/members.js';
import { dialogStyles } from '../../../styles/dialog.styles.js';
import { buttonStyles } from '../../../styles/shared.styles.js';
import { volleyContext } from '../../../services/client.js';

const BALL_SPEEDS = ['slow', 'normal', 'fast'] as const;
const PADDLE_SIZES = ['small', 'normal', 'large'] as const;

@customElement('volley-invite-dialog')
export class VolleyInviteDialog extends LitElement {
  static override styles = [buttonStyles, formStyles, dialogStyles];

  @property({ attribute: false }) conversation: Conversation | null = null;
  @property() myId = '';
  @consume({ context: volleyContext, subscribe: true }) volley?: VolleyClient;
  @consume({ context: membersContext }) members?: Members;
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;
  @state() private open = false;
  @state() private found: StoredMember[] = [];
  @state() private playerError = '';
  /** The invitation this device could not keep (its storage full): not sent, the dialog stays. */
  @state() private unsaved = false;
  @query('dialog') private dialog!: HTMLDialogElement;

  async show(): Promise<void> {
    this.open = true;
    this.playerError = '';
    this.unsaved = false;
    await this.updateComplete;
    this.dialog.showModal();
    if (!this.conversation?.peer) void this.#find('');
  }

  /** The form exists only while the dialog is open (DESIGN: its labels never clash with the page's). */
  protected override render() {
    const peer = this.conversation?.peer;
    return html`<dialog aria-labelledby="invite-title" @close=${() => (this.open = false)}>
      ${this.open
        ? html`<form class="dialog-body" novalidate @submit=${this.#submit} @input=${this.#onInput}>
            <h2 id="invite-title">${msg('invite.title')}</h2>
            ${peer
              ? html`<p>${msg('invite.whom', { name: peer.username })}</p>`
              : html`${textField({ name: 'player', label: msg('invite.player'), errors: this.playerError ? [this.playerError] : [], autofocus: true })}
                  <datalist id="members">${this.found.filter((m) => m.userId !== this.myId).map((m) => html`<option value=${m.username}></option>`)}</datalist>`}
            ${this.#select('ballSpeed', BALL_SPEEDS)} ${this.#select('paddleSize', PADDLE_SIZES)}
            <div class="field">
              <label for="scoreLimit">${msg('gameSettings.scoreLimit')}</label>
              <input id="scoreLimit" name="scoreLimit" type="number" min="1" max="21" step="1" .value=${String(DEFAULT_GAME_SETTINGS.scoreLimit)} />
            </div>
            ${formError(this.unsaved ? msg('unsaved.challenge') : null)}
            <div class="buttons">
              <button type="submit">${msg('invite.send')}</button>
              <button type="button" class="secondary" @click=${() => this.dialog.close()}>${msg('common.cancel')}</button>
            </div>
          </form>`
        : nothing}
    </dialog>`;
  }

  protected override updated(): void {
    this.renderRoot.querySelector('#player')?.setAttribute('list', 'members');
  }

  /** A select whose label is `gameSettings.<name>` and options `gameSettings.<name>.<value>`. */
  #select(name: 'ballSpeed' | 'paddleSize', values: readonly string[]) {
    return html`<div class="field">
      <label for=${name}>${msg(`gameSettings.${name}`)}</label>
      <select id=${name} name=${name}>
        ${values.map((v) => html`<option value=${v} ?selected=${v === DEFAULT_GAME_SETTINGS[name]}>${msg(`gameSettings.${name}.${v}` as MessageKey)}</option>`)}
      </select>
    </div>`;
  }

  readonly #submit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const conversation = this.conversation;
    const volley = this.volley;
    if (!conversation || !volley?.user) return;
    const form = new FormData(event.target as HTMLFormElement);
    const to = conversation.peer?.id ?? (await this.#member(String(form.get('player') ?? '')));
    if (!to) return;
    const limit = Math.round(Number(form.get('scoreLimit')));
    const settings: GameSettings = {
      ballSpeed: form.get('ballSpeed') as GameSettings['ballSpeed'],
      paddleSize: form.get('paddleSize') as GameSettings['paddleSize'],
      scoreLimit: Number.isFinite(limit) ? Math.min(21, Math.max(1, limit)) : DEFAULT_GAME_SETTINGS.scoreLimit,
    };
    const { stored } = volley.outbox().invite(conversation.id, to, settings);
    this.unsaved = !(await stored.then(() => true, () => false));
    if (!this.unsaved) this.dialog.close();
  };

  async #member(typed: string): Promise<string | null> {
    const username = typed.trim().replace(/^@/, '');
    const member = username && this.conversation && this.members ? await this.members.byUsername(this.conversation.id, username) : null;
    this.playerError = member ? '' : msg('command.noSuchMember', { name: username });
    return member?.userId ?? null;
  }

  /** Typing a name narrows the members offered. */
  readonly #onInput = (event: Event): void => {
    const input = event.target as HTMLInputElement;
    if (input.id === 'player') void this.#find(input.value.trim().replace(/^@/, ''));
  };

  async #find(prefix: string): Promise<void> {
    if (this.conversation && this.members) this.found = await this.members.find(this.conversation.id, prefix);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-invite-dialog': VolleyInviteDialog;
  }
}
