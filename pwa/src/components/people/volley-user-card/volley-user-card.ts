/**
 * Someone's card, opened from their name or avatar in the log (a modal dialog: Escape closes it):
 * picture, display name, username, presence, how we relate; Message (their DM), Challenge to Pong
 * (an invitation card in this conversation), Add friend, Block (asks first, saying what it does),
 * Verify (compare emoji, when our DM is encrypted), View profile. Shows the profile cached here, which the API's answer and every change of our
 * relation (services/social.ts) update while it is open.
 */
import { consume } from '@lit/context';
import type { PresenceStatus, UserProfile } from '@volley/shared';
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { ApiClient, VolleyClient } from '@volley/client';
import { FormController } from '../../../controllers/form-controller.js';
import { LiveQueryController } from '../../../controllers/live-query-controller.js';
import { dbContext, type VolleyDB } from '../../../db/db.js';
import { MessageActionEvent } from '../../../events/message-action-event.js';
import { formError } from '../../../forms/text-field.js';
import { msg, type Locale, localeContext } from '../../../i18n/i18n.js';
import { routerContext, type Router } from '../../../router/router.js';
import { channelsContext, showDm, type Channels } from '../../../services/channels.js';
import { apiContext, volleyContext } from '../../../services/client.js';
import type { Person } from '../../../services/members.js';
import { fetchProfile } from '../../../services/profiles.js';
import { onlineContext } from '../../../services/session.js';
import { presenceContext, socialContext, type Social } from '../../../services/social.js';
import { dialogStyles } from '../../../styles/dialog.styles.js';
import { buttonStyles } from '../../../styles/shared.styles.js';
import '../volley-avatar/volley-avatar.js';
import '../volley-bot-badge/volley-bot-badge.js';
import '../volley-presence-dot/volley-presence-dot.js';
import { cardStyles } from './volley-user-card.styles.js';

@customElement('volley-user-card')
export class VolleyUserCard extends LitElement {
  static override styles = [buttonStyles, dialogStyles, cardStyles];

  @property() userId = '';
  @property() username = '';
  /** What the log knows of them already. */
  @property({ attribute: false }) person?: Person;
  @consume({ context: apiContext }) api?: ApiClient;
  @consume({ context: volleyContext }) volley?: VolleyClient;
  @consume({ context: dbContext }) db?: VolleyDB;
  @consume({ context: socialContext }) social?: Social;
  @consume({ context: channelsContext }) channels?: Channels;
  @consume({ context: routerContext }) router?: Router;
  @consume({ context: onlineContext, subscribe: true }) online = false;
  @consume({ context: presenceContext, subscribe: true }) presence: Readonly<Record<string, PresenceStatus>> = {};
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;
  @state() private confirmBlock = false;
  /** The challenge this device could not keep (its storage full): not sent. */
  @state() private unsaved = false;
  @query('dialog') private dialog!: HTMLDialogElement;
  readonly #action = new FormController(this, () => []);
  readonly #profile = new LiveQueryController<UserProfile | undefined>(
    this,
    () => this.db?.users.get(this.userId),
    () => [this.userId, this.db],
  );

  /** Our DM with them, when it is end-to-end encrypted: then they can be verified from here. */
  readonly #encryptedDm = new LiveQueryController(
    this,
    async () => (await this.db?.conversations.filter((conversation) => conversation.peer?.id === this.userId && conversation.encrypted === true).first()) ?? null,
    () => [this.userId, this.db],
  );

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('userId')) {
      this.confirmBlock = false;
      this.unsaved = false;
      void this.#fetch();
    }
  }

  protected override firstUpdated(): void {
    this.dialog.showModal();
  }

  protected override render() {
    // The query answers for the user it was started with; another user's answer is not shown.
    const profile = this.#profile.value?.id === this.userId ? this.#profile.value : undefined;
    const name = profile?.displayName || this.person?.displayName || this.username;
    const relation = profile?.relation;
    // Presence reaches me for friends only (sync-server's friend-presence.ts), and only while connected:
    // for anyone else, or offline, the card says nothing rather than a false "Offline".
    const status = relation === 'friend' && this.online ? (this.presence[this.userId] ?? 'offline') : null;
    return html`<dialog aria-labelledby="card-name" data-testid="user-card" @close=${this.#closed} @click=${this.#onBackdrop}>
      <div class="dialog-body card">
        <div class="who">
          <volley-avatar .name=${name} .src=${profile?.avatarUrl ?? this.person?.avatarUrl ?? null}></volley-avatar>
          <div>
            <h2 id="card-name">${name} ${profile?.bot ? html`<volley-bot-badge .locale=${this.locale}></volley-bot-badge>` : nothing}</h2>
            <p class="username">@${profile?.username ?? this.username}</p>
            ${status === null ? nothing : html`<p class="status" data-testid="card-presence" data-status=${status}><volley-presence-dot .locale=${this.locale} status=${status}></volley-presence-dot> ${msg(`presence.${status}`)}</p>`}
            ${relation === 'friend' ? html`<p class="relation">${msg('userCard.friend')}</p>` : nothing}
            ${relation === 'request_sent' ? html`<p class="relation">${msg('userCard.requestSent')}</p>` : nothing}
            ${relation === 'blocked' ? html`<p class="relation">${msg('userCard.blocked')}</p>` : nothing}
          </div>
        </div>
        ${this.confirmBlock ? this.#confirm(name) : this.#actions(relation)} ${formError(this.unsaved ? msg('unsaved.challenge') : this.#action.formError)}
      </div>
    </dialog>`;
  }

  /** Compares emoji with one of their devices (one not verified yet, if any): the crypto is fetched only now. */
  readonly #verify = async (): Promise<void> => {
    const { volley, db, userId } = this;
    const me = volley?.user?.id;
    if (!volley || !db || !me) return;
    this.dialog.close();
    const [{ deviceOf }, { verifyDevice }] = await Promise.all([import('../../../e2ee/e2ee.js'), import('../../../e2ee/verify.js')]);
    const device = await deviceOf(volley, db);
    const devices = await device.devicesOf(userId).catch(() => []);
    const target = devices.find((one) => !one.verified) ?? devices[0];
    if (target) await verifyDevice(db, device, me, userId, target.deviceId).catch(() => undefined);
  };

  #actions(relation: UserProfile['relation'] | undefined) {
    const offline = !this.online || this.#action.submitting;
    return html`<div class="actions">
      ${relation === 'self'
        ? nothing
        : html`<button type="button" data-testid="card-message" ?disabled=${offline || relation === 'blocked'} @click=${this.#message}>${msg('people.message')}</button>
            <button type="button" data-testid="card-challenge" ?disabled=${relation === 'blocked'} @click=${this.#challenge}>${msg('userCard.challenge')}</button>
            ${this.#encryptedDm.value ? html`<button type="button" class="secondary" data-testid="card-verify" ?disabled=${offline} @click=${this.#verify}>${msg('verify.start')}</button>` : nothing}
            ${relation === 'none' || relation === 'request_received'
              ? html`<button type="button" class="secondary" data-testid="card-add-friend" ?disabled=${offline} @click=${this.#addFriend}>${msg('people.addFriend')}</button>`
              : nothing}
            ${relation === 'blocked'
              ? html`<button type="button" class="secondary" ?disabled=${offline} @click=${this.#unblock}>${msg('people.unblock')}</button>`
              : html`<button type="button" class="secondary danger" data-testid="card-block" ?disabled=${offline} @click=${() => (this.confirmBlock = true)}>${msg('people.block')}</button>`}`}
      <a class="button secondary" href=${`/u/${this.userId}`} @click=${() => this.dialog.close()}>${msg('userMenu.profile')}</a>
      <button type="button" class="secondary" @click=${() => this.dialog.close()}>${msg('common.close')}</button>
    </div>`;
  }

  #confirm(name: string) {
    return html`<div role="alert" class="confirm">
      <p>${msg('userCard.blockConsequence', { name })}</p>
      <div class="actions">
        <button type="button" class="danger-button" data-testid="card-block-confirm" ?disabled=${!this.online || this.#action.submitting} @click=${this.#block}>${msg('people.block')}</button>
        <button type="button" class="secondary" @click=${() => (this.confirmBlock = false)}>${msg('common.cancel')}</button>
      </div>
    </div>`;
  }

  async #fetch(): Promise<void> {
    if (this.api && this.db && this.online) await fetchProfile(this.api, this.db, this.userId).catch(() => null);
  }

  readonly #message = async (): Promise<void> => {
    const channels = this.channels;
    if (!channels) return;
    if (await this.#action.submit(() => showDm(channels, this.router, this.userId))) this.dialog.close();
  };

  /** The card closes once the invitation is kept on this device; otherwise it says so. */
  readonly #challenge = async (): Promise<void> => {
    const event = new MessageActionEvent({ action: 'challenge', userId: this.userId });
    this.dispatchEvent(event);
    this.unsaved = !(await event.stored.then(() => true, () => false));
    if (!this.unsaved) this.dialog.close();
  };

  readonly #addFriend = (): Promise<void> => this.#relate((social) => social.sendRequest(this.userId));
  readonly #unblock = (): Promise<void> => this.#relate((social) => social.unblock(this.userId));
  readonly #block = async (): Promise<void> => {
    await this.#relate((social) => social.block(this.userId));
    this.confirmBlock = false;
  };

  async #relate(act: (social: Social) => Promise<void>): Promise<void> {
    const social = this.social;
    if (!social) return;
    if (await this.#action.submit(() => act(social))) await this.#fetch();
  }

  /** A click on the backdrop (the dialog itself, outside its body) closes it. */
  readonly #onBackdrop = (event: MouseEvent): void => {
    if (event.target === this.dialog) this.dialog.close();
  };

  readonly #closed = (): void => {
    this.dispatchEvent(new Event('close'));
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-user-card': VolleyUserCard;
  }
}
