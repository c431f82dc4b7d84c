/**
 * A channel's panel (a modal dialog; Escape closes it): topic, the owner's settings, join requests
 * for admins, a private channel's invite link, the members with their roles and moderation,
 * invite, unban, and Leave (asked first).
 * While open, the lists are fetched again each time the server signals that the channel's members
 * or join requests changed (`Channels.changed`).
 */
import { consume } from '@lit/context';
import type { Conversation, PublicUser } from '@volley/shared';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { onlineContext } from '../../../services/session.js';
import { FormController } from '../../../controllers/form-controller.js';
import { formError } from '../../../forms/text-field.js';
import { msg, type Locale, type MessageKey, localeContext } from '../../../i18n/i18n.js';
import { routerContext, type Router } from '../../../router/router.js';
import { channelsContext, type Channels } from '../../../services/channels.js';
import { dialogStyles } from '../../../styles/dialog.styles.js';
import { buttonStyles } from '../../../styles/shared.styles.js';
import type { VolleyJoinRequests } from '../volley-join-requests/volley-join-requests.js';
import type { VolleyMemberList } from '../volley-member-list/volley-member-list.js';
import type { VolleyConfirmDialog } from '../../ui/volley-confirm-dialog/volley-confirm-dialog.js';
import '../volley-channel-settings/volley-channel-settings.js';
import '../../ui/volley-confirm-dialog/volley-confirm-dialog.js';
import '../volley-invite-link/volley-invite-link.js';
import '../volley-join-requests/volley-join-requests.js';
import '../volley-member-list/volley-member-list.js';
import '../../people/volley-find-user/volley-find-user.js';

@customElement('volley-channel-panel')
export class VolleyChannelPanel extends LitElement {
  static override styles = [
    buttonStyles,
    dialogStyles,
    css`
      dialog {
        width: min(36rem, calc(100vw - 2 * var(--volley-space-3)));
      }
      h3 {
        margin: 0 0 var(--volley-space-2);
        font-size: 1rem;
      }
      .topic {
        margin: 0;
        white-space: pre-wrap;
        overflow-wrap: anywhere;
      }
      .form-error {
        margin: 0;
        color: var(--volley-danger);
      }
    `,
  ];

  @property({ attribute: false }) conversation: Conversation | null = null;
  @property({ attribute: false }) me: PublicUser | null = null;
  @consume({ context: channelsContext }) channels?: Channels;
  @consume({ context: routerContext }) router?: Router;
  @consume({ context: onlineContext, subscribe: true }) online = false;
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;
  @query('dialog') private dialog!: HTMLDialogElement;
  @query('volley-member-list') private members?: VolleyMemberList;
  @query('volley-join-requests') private joinRequests?: VolleyJoinRequests;
  @query('volley-confirm-dialog') private confirm!: VolleyConfirmDialog;
  readonly #leave = new FormController(this, () => []);
  #unfollow: (() => void) | undefined;

  show(): void {
    this.#leave.reset();
    this.dialog.showModal();
    this.#fetch();
    this.#unfollow?.();
    this.#unfollow = this.channels?.changed.add((convId) => convId === this.conversation?.id && this.#fetch());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stopFollowing();
  }

  #stopFollowing(): void {
    this.#unfollow?.();
    this.#unfollow = undefined;
  }

  #fetch(): void {
    void this.members?.load();
    void this.joinRequests?.load();
  }

  protected override render() {
    const { conversation: c, channels } = this;
    if (!c || !channels) return nothing;
    const role = c.myRole;
    return html`<dialog aria-labelledby="panel-title" @close=${() => this.#stopFollowing()}>
      <header class="dialog-header">
        <h2 id="panel-title">#${c.name}</h2>
        <button type="button" class="secondary small" @click=${() => this.dialog.close()}>${msg('common.close')}</button>
      </header>
      <div class="dialog-body">
        ${this.online ? nothing : html`<p role="status">${msg('common.offline')}</p>`}
        <section>
          <h3>${msg('channels.topic')}</h3>
          <p class="topic">${c.topic || msg('channel.noTopic')}</p>
        </section>
        ${role === 'owner' ? html`<section><h3>${msg('channel.settings')}</h3><volley-channel-settings .conversation=${c}></volley-channel-settings></section>` : nothing}
        ${(role === 'owner' || role === 'admin') && c.access === 'private'
          ? html`<section><h3>${msg('channel.joinRequests')}</h3><volley-join-requests .convId=${c.id}></volley-join-requests></section>`
          : nothing}
        ${c.access === 'private'
          ? html`<section><h3>${msg('inviteLink.title')}</h3><volley-invite-link .convId=${c.id} ?manager=${role === 'owner' || role === 'admin'}></volley-invite-link></section>`
          : nothing}
        <section>
          <h3>${msg('channel.members')}</h3>
          <volley-member-list .conversation=${c} .me=${this.me}></volley-member-list>
        </section>
        ${role === 'owner' || role === 'admin' ? this.#findUser('channel.invite', 'channel.inviteSearch', 'channel.invited', (id) => channels.invite(c.id, id)) : nothing}
        ${role === 'owner' || role === 'admin'
          ? this.#findUser('channel.unban', 'channel.unbanSearch', 'channel.unbanned', (id) => channels.moderate(c.id, id, { action: 'unban' }))
          : nothing}
        ${formError(this.#leave.formError)}
        <div class="buttons">
          <button type="button" class="secondary danger" ?disabled=${!this.online || this.#leave.submitting} @click=${this.#onLeave}>${msg('channel.leave')}</button>
        </div>
      </div>
      <volley-confirm-dialog .locale=${this.locale}></volley-confirm-dialog>
    </dialog>`;
  }

  #findUser(action: MessageKey, label: MessageKey, done: MessageKey, act: (userId: string) => Promise<void>) {
    return html`<section>
      <h3>${msg(action)}</h3>
      <volley-find-user .label=${msg(label)} .actionLabel=${msg(action)} .doneLabel=${msg(done)} .action=${act}></volley-find-user>
    </section>`;
  }

  readonly #onLeave = async (): Promise<void> => {
    const { channels, conversation } = this;
    if (!channels || !conversation) return;
    const name = conversation.name;
    if (!(await this.confirm.ask({ title: msg('channel.leaveTitle', { name }), consequence: msg('channel.leaveConsequence'), confirm: msg('channel.leave') }))) return;
    if (!(await this.#leave.submit(() => channels.leave(conversation.id)))) return;
    this.dialog.close();
    this.router?.navigate('/', { replace: true });
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-channel-panel': VolleyChannelPanel;
  }
}
