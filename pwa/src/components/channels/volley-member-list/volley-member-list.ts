/**
 * A channel's members with their roles. Admins kick, ban and mute members; the owner also acts on
 * admins, sets roles and hands over ownership. Nobody acts on the owner or on themselves.
 */
import { consume } from '@lit/context';
import type { Conversation, Member, PublicUser } from '@volley/shared';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { onlineContext } from '../../../services/session.js';
import { FormController } from '../../../controllers/form-controller.js';
import { formError } from '../../../forms/text-field.js';
import { msg, type Locale, type MessageKey, localeContext } from '../../../i18n/i18n.js';
import { formatTimeLeft, timeLeft } from '../../../i18n/time-left.js';
import { channelsContext, type Channels, type ModerationAction } from '../../../services/channels.js';
import { listStyles } from '../../../styles/list.styles.js';
import { buttonStyles } from '../../../styles/shared.styles.js';
import { BAN_DURATIONS, MUTE_DURATIONS, type VolleyDurationDialog } from '../volley-duration-dialog/volley-duration-dialog.js';
import '../volley-duration-dialog/volley-duration-dialog.js';
import type { Confirmation, VolleyConfirmDialog } from '../../ui/volley-confirm-dialog/volley-confirm-dialog.js';
import '../../ui/volley-confirm-dialog/volley-confirm-dialog.js';
import '../../people/volley-user-row/volley-user-row.js';

const RANK = { owner: 0, admin: 1, member: 2 } as const;

@customElement('volley-member-list')
export class VolleyMemberList extends LitElement {
  static override styles = [
    buttonStyles,
    listStyles,
    css`
      .role {
        font-size: 0.75rem;
        font-weight: 650;
        color: var(--volley-brand);
        text-transform: uppercase;
      }
      .muted {
        font-size: 0.75rem;
        color: var(--volley-warning);
      }
    `,
  ];

  @property({ attribute: false }) conversation: Conversation | null = null;
  @property({ attribute: false }) me: PublicUser | null = null;
  @consume({ context: channelsContext }) channels?: Channels;
  @consume({ context: onlineContext, subscribe: true }) online = false;
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;
  @state() private members: Member[] | null = null;
  @query('volley-duration-dialog') private durations!: VolleyDurationDialog;
  @query('volley-confirm-dialog') private confirm!: VolleyConfirmDialog;
  readonly #action = new FormController(this, () => []);

  /** Fetches the members again; on failure the list shown stays (until the next change signalled). */
  async load(): Promise<void> {
    const { channels, conversation } = this;
    if (!channels || !conversation) return;
    const members = await channels.members(conversation.id).catch(() => null);
    if (members) this.members = members.sort((a, b) => RANK[a.role] - RANK[b.role] || a.user.displayName.localeCompare(b.user.displayName));
  }

  protected override render() {
    return html`${formError(this.#action.formError)}
      ${this.members === null
        ? html`<p class="hint">${msg(this.online ? 'app.loading' : 'common.offline')}</p>`
        : html`<ul>
            ${this.members.map((m) => html`<li>
              <volley-user-row .locale=${this.locale} data-testid="member" data-user-id=${m.user.id} data-role=${m.role} .user=${m.user}>
                ${m.role === 'member' ? nothing : html`<span class="role">${msg(`role.${m.role}`)}</span>`} ${this.#mutedFor(m)} ${this.#actions(m)}
              </volley-user-row>
            </li>`)}
          </ul>`}
      <volley-duration-dialog .locale=${this.locale}></volley-duration-dialog>
      <volley-confirm-dialog .locale=${this.locale}></volley-confirm-dialog>`;
  }

  #mutedFor(m: Member) {
    const left = m.mutedUntil ? timeLeft(m.mutedUntil) : null;
    return left ? html`<span class="muted">${msg('channel.mutedFor', { left: formatTimeLeft(left) })}</span>` : nothing;
  }

  #actions(m: Member) {
    const myRole = this.conversation?.myRole;
    if (!myRole || myRole === 'member' || m.user.id === this.me?.id || RANK[m.role] <= RANK[myRole]) return nothing;
    const owner = myRole === 'owner';
    const muted = !!(m.mutedUntil && timeLeft(m.mutedUntil));
    const name = m.user.displayName;
    return html`${this.#button('channel.kick', m, async () => this.#confirmed({ title: msg('channel.kickTitle', { name }), consequence: msg('channel.kickConsequence', { name }), confirm: msg('channel.kick') }, { action: 'kick' }), true)}
    ${this.#button('channel.ban', m, async () => this.#choose('channel.banTitle', m, BAN_DURATIONS, (minutes) => ({ action: 'ban', minutes }), msg('channel.banConsequence', { name })), true)}
    ${muted
      ? this.#button('channel.unmute', m, async () => ({ action: 'unmute' }))
      : this.#button('channel.mute', m, async () => this.#choose('channel.muteTitle', m, MUTE_DURATIONS, (minutes) => ({ action: 'mute', minutes: minutes ?? 0 })))}
    ${owner
      ? html`${this.#button(m.role === 'admin' ? 'channel.makeMember' : 'channel.makeAdmin', m, async () => ({ action: 'role', role: m.role === 'admin' ? 'member' : 'admin' }))}
        ${this.#button('channel.transfer', m, async () => this.#confirmed({ title: msg('channel.transferTitle', { name }), consequence: msg('channel.transferConsequence', { name }), confirm: msg('channel.transfer') }, { action: 'transfer' }), true)}`
      : nothing}`;
  }

  async #choose(title: MessageKey, m: Member, choices: typeof BAN_DURATIONS, act: (minutes: number | null) => ModerationAction, consequence?: string): Promise<ModerationAction | null> {
    const minutes = await this.durations.choose(msg(title, { name: m.user.displayName }), choices, consequence);
    return minutes === undefined ? null : act(minutes);
  }

  async #confirmed(question: Confirmation, act: ModerationAction): Promise<ModerationAction | null> {
    return (await this.confirm.ask(question)) ? act : null;
  }

  /** `harmful`: shown in red; what it does is asked first. */
  #button(label: MessageKey, m: Member, decide: () => Promise<ModerationAction | null>, harmful = false) {
    const run = async (): Promise<void> => {
      const act = await decide();
      const { channels, conversation } = this;
      if (!act || !channels || !conversation) return;
      if (await this.#action.submit(() => channels.moderate(conversation.id, m.user.id, act))) await this.load();
    };
    return html`<button type="button" class="small secondary ${harmful ? 'danger' : ''}" ?disabled=${!this.online || this.#action.submitting} @click=${run}>${msg(label)}</button>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-member-list': VolleyMemberList;
  }
}
