/**
 * Running the server, `/admin` (site moderators and admins): ban an account or an address range
 * for a while or until lifted, lift bans, read and resolve reported messages, find users (role, last address, last seen), kick them
 * out of every session, give roles (admins), manage the sticker packs (admins), and read the audit
 * log — who did what, and who sent which message, when and from where. Needs the server: offline it says so.
 */
import { consume } from '@lit/context';
import { AuditAction, type AdminUserView, type AuditEntryView, type SiteBanView, type SiteRole } from '@volley/shared';
import type { ApiClient } from '@volley/client';
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { apiContext } from '../../services/client.js';
import { FormController } from '../../controllers/form-controller.js';
import { formError, formStyles, textField } from '../../forms/text-field.js';
import { formatMessageTime } from '../../i18n/format.js';
import { msg, type Locale, type MessageKey, localeContext } from '../../i18n/i18n.js';
import { adminUsers, auditPage, banSite, kickSite, liftSiteBan, setSiteRole, siteBans, type AuditFilter } from '../../services/admin.js';
import { onlineContext, sessionStateContext, type SessionState } from '../../services/session.js';
import { pageStyles } from '../../styles/page.styles.js';
import { buttonStyles } from '../../styles/shared.styles.js';
import { tableStyles } from '../../styles/table.styles.js';
import type { VolleyConfirmDialog } from '../../components/ui/volley-confirm-dialog/volley-confirm-dialog.js';
import '../../components/ui/volley-confirm-dialog/volley-confirm-dialog.js';
import './volley-reports.js';
import './volley-sticker-packs.js';

/** The durations offered, as the api takes them, with their name in the user's language ('' : for good). */
/** Each audited action's name: an action the server gains without one here fails the type check. */
const ACTION_NAMES: Record<AuditAction, MessageKey> = {
  'site.ban': 'admin.action.site_ban',
  'site.unban': 'admin.action.site_unban',
  'site.kick': 'admin.action.site_kick',
  'site.role': 'admin.action.site_role',
  'channel.kick': 'admin.action.channel_kick',
  'channel.ban': 'admin.action.channel_ban',
  'channel.mute': 'admin.action.channel_mute',
  'channel.unban': 'admin.action.channel_unban',
  'channel.unmute': 'admin.action.channel_unmute',
  'message.sent': 'admin.action.message_sent',
  'message.reported': 'admin.action.message_reported',
  'report.resolved': 'admin.action.report_resolved',
  'stickers.pack_created': 'admin.action.stickers_pack_created',
  'stickers.pack_deleted': 'admin.action.stickers_pack_deleted',
  'stickers.pack_enabled': 'admin.action.stickers_pack_enabled',
  'stickers.pack_disabled': 'admin.action.stickers_pack_disabled',
};

const DURATIONS: readonly [string, MessageKey][] = [
  ['1h', 'duration.hour'],
  ['1d', 'duration.day'],
  ['7d', 'duration.week'],
  ['30d', 'duration.month'],
  ['', 'admin.ban.forever'],
];
const ROLES: SiteRole[] = ['user', 'moderator', 'admin'];

@customElement('page-admin')
export class PageAdmin extends LitElement {
  static override styles = [
    buttonStyles,
    formStyles,
    pageStyles,
    tableStyles,
    css`
      section {
        margin-block: var(--volley-space-5);
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: var(--volley-space-3);
        align-items: end;
      }
      /* The audit log's seven columns need more than a reading column: the page widens, and a
         narrower window scrolls the table itself, never the whole page. */
      main {
        max-width: 72rem;
      }
      .table-scroll {
        overflow-x: auto;
      }
      .audit td {
        overflow-wrap: anywhere;
      }
      td.detail {
        max-width: 18rem;
        overflow-wrap: anywhere;
      }
    `,
  ];

  @consume({ context: apiContext }) api?: ApiClient;
  @consume({ context: onlineContext, subscribe: true }) @state() online = false;
  @consume({ context: sessionStateContext, subscribe: true }) sessionState?: SessionState;
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;
  @state() private bans: SiteBanView[] = [];
  @state() private users: AdminUserView[] = [];
  @state() private audit: AuditEntryView[] = [];
  @state() private auditNext: string | null = null;
  @state() private banTarget: 'username' | 'address' = 'username';
  @query('volley-confirm-dialog') private confirm!: VolleyConfirmDialog;
  #filter: AuditFilter = {};
  readonly #ban = new FormController(this, () => ['username', 'address', 'reason']);
  readonly #act = new FormController(this, () => []);

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('online') && this.online) void this.#act.submit(() => this.#load());
  }

  protected override render() {
    const admin = this.sessionState?.status === 'signed-in' && this.sessionState.user.role === 'admin';
    return html`<main>
      <h1>${msg('admin.title')}</h1>
      ${this.online ? nothing : html`<p class="offline" role="status">${msg('common.offline')}</p>`} ${formError(this.#act.formError)}
      <section aria-labelledby="ban-title">
        <h2 id="ban-title">${msg('admin.ban.title')}</h2>
        <form @submit=${this.#submitBan} data-testid="site-ban-form">
          <div class="row">
            <label><input type="radio" name="target" value="username" .checked=${this.banTarget === 'username'} @change=${() => (this.banTarget = 'username')} /> ${msg('admin.ban.account')}</label>
            <label><input type="radio" name="target" value="address" .checked=${this.banTarget === 'address'} @change=${() => (this.banTarget = 'address')} /> ${msg('admin.ban.address')}</label>
          </div>
          ${this.banTarget === 'username'
            ? textField({ name: 'username', label: msg('auth.username'), errors: this.#ban.errorsFor('username') })
            : textField({ name: 'address', label: msg('admin.ban.addressLabel'), errors: this.#ban.errorsFor('address') })}
          <div class="field">
            <label for="duration">${msg('admin.ban.duration')}</label>
            <select id="duration" name="duration">
              ${DURATIONS.map(([value, label]) => html`<option value=${value}>${msg(label)}</option>`)}
            </select>
          </div>
          ${textField({ name: 'reason', label: msg('admin.ban.reason'), errors: this.#ban.errorsFor('reason') })} ${formError(this.#ban.formError)}
          <div class="buttons"><button type="submit" class="danger-button" ?disabled=${!this.online || this.#ban.submitting}>${msg('admin.ban.submit')}</button></div>
        </form>
      </section>
      <section aria-labelledby="bans-title">
        <h2 id="bans-title">${msg('admin.bans.title')}</h2>
        ${this.bans.length === 0 ? html`<p>${msg('admin.bans.none')}</p>` : nothing}
        <table data-testid="site-bans">
          <tbody>
            ${this.bans.map(
              (ban) => html`<tr data-testid="site-ban">
                <td>${ban.user?.username ?? ban.address}</td>
                <td>${ban.until ? formatMessageTime(ban.until) : msg('admin.ban.forever')}</td>
                <td>${ban.reason}</td>
                <td><button type="button" ?disabled=${!this.online} @click=${() => this.#run(() => liftSiteBan(this.api!, ban.id))}>${msg('admin.bans.lift')}</button></td>
              </tr>`,
            )}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="reports-title">
        <h2 id="reports-title">${msg('admin.reports.title')}</h2>
        <volley-reports @reports-changed=${() => void this.#act.submit(() => this.#loadAudit(false))}></volley-reports>
      </section>
      <section aria-labelledby="users-title">
        <h2 id="users-title">${msg('admin.users.title')}</h2>
        <input type="search" aria-label=${msg('admin.users.search')} placeholder=${msg('admin.users.search')} ?disabled=${!this.online} @change=${this.#searchUsers} />
        <table data-testid="admin-users">
          <thead>
            <tr>
              <th scope="col">${msg('auth.username')}</th>
              <th scope="col">${msg('admin.users.role')}</th>
              <th scope="col">${msg('admin.users.lastSeen')}</th>
              <th scope="col"></th>
            </tr>
          </thead>
          <tbody>
            ${this.users.map((user) => this.#userRow(user, admin))}
          </tbody>
        </table>
      </section>
      ${admin
        ? html`<section aria-labelledby="stickers-title">
            <h2 id="stickers-title">${msg('admin.stickers.title')}</h2>
            <volley-sticker-packs @sticker-packs-changed=${() => void this.#act.submit(() => this.#loadAudit(false))}></volley-sticker-packs>
          </section>`
        : nothing}
      <section aria-labelledby="audit-title">
        <h2 id="audit-title">${msg('admin.audit.title')}</h2>
        <form class="row" @submit=${this.#filterAudit} data-testid="audit-filter">
          ${textField({ name: 'user', label: msg('auth.username'), errors: [] })} ${textField({ name: 'address', label: msg('admin.ban.addressLabel'), errors: [] })}
          <div class="field">
            <label for="action">${msg('admin.audit.action')}</label>
            <select id="action" name="action">
              <option value="">${msg('admin.audit.any')}</option>
              ${AuditAction.options.map((a) => html`<option value=${a}>${this.#action(a)}</option>`)}
            </select>
          </div>
          <button type="submit" ?disabled=${!this.online}>${msg('admin.audit.filter')}</button>
        </form>
        <div class="table-scroll">
        <table data-testid="audit-log" class="audit">
          <thead>
            <tr>
              <th scope="col">${msg('admin.audit.when')}</th>
              <th scope="col">${msg('admin.audit.action')}</th>
              <th scope="col">${msg('admin.audit.who')}</th>
              <th scope="col">${msg('admin.audit.from')}</th>
              <th scope="col">${msg('admin.audit.target')}</th>
              <th scope="col">${msg('admin.audit.where')}</th>
              <th scope="col">${msg('admin.audit.detail')}</th>
            </tr>
          </thead>
          <tbody>
            ${this.audit.map(
              (e) => html`<tr data-testid="audit-entry" data-action=${e.action}>
                <td><time datetime=${e.at}>${new Date(e.at).toLocaleString(this.locale)}</time></td>
                <td>${this.#action(e.action)}</td>
                <td>${e.actor?.username ?? msg('admin.audit.operator')}</td>
                <td>${e.address ?? ''}</td>
                <td>${e.target?.username ?? e.targetAddress ?? ''}</td>
                <td data-testid="audit-where">${e.conversation ? html`<a href=${`/c/${e.conversation.id}`}>${e.conversation.kind === 'dm' ? msg('notifications.inDm') : `#${e.conversation.name}`}</a>` : ''}</td>
                <td class="detail">${typeof e.detail.body === 'string' ? e.detail.body : typeof e.detail.reason === 'string' ? e.detail.reason : ''}</td>
              </tr>`,
            )}
          </tbody>
        </table>
        </div>
        ${this.auditNext ? html`<button type="button" @click=${() => this.#run(() => this.#loadAudit(true))}>${msg('admin.audit.more')}</button>` : nothing}
      </section>
      <volley-confirm-dialog .locale=${this.locale}></volley-confirm-dialog>
    </main>`;
  }

  #userRow(user: AdminUserView, admin: boolean) {
    return html`<tr data-testid="admin-user" data-username=${user.username}>
      <td><a href=${`/u/${user.id}`}>${user.username}</a> ${user.bannedUntil ? html`<strong>${msg('admin.users.banned')}</strong>` : nothing}</td>
      <td>
        ${admin
          ? html`<select aria-label=${msg('admin.users.role')} @change=${(e: Event) => this.#run(() => setSiteRole(this.api!, user.username, (e.target as HTMLSelectElement).value as SiteRole))}>
              ${ROLES.map((role) => html`<option value=${role} ?selected=${role === user.role}>${msg(`admin.role.${role}`)}</option>`)}
            </select>`
          : msg(`admin.role.${user.role}`)}
      </td>
      <td>${user.lastSeenAt ? `${formatMessageTime(user.lastSeenAt)} · ${user.lastAddress ?? ''}` : ''}</td>
      <td><button type="button" ?disabled=${!this.online} @click=${() => this.#run(() => kickSite(this.api!, user.username))}>${msg('admin.users.kick')}</button></td>
    </tr>`;
  }

  #action(action: AuditAction): string {
    return msg(ACTION_NAMES[action]);
  }

  readonly #submitBan = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    const target = this.banTarget === 'username' ? { username: text('username') } : { address: text('address') };
    const who = target.username ?? target.address ?? '';
    if (!(await this.confirm.ask({ title: msg('admin.ban.confirmTitle', { who }), consequence: msg('admin.ban.confirmConsequence'), confirm: msg('admin.ban.submit') }))) return;
    const done = await this.#ban.submit(() => banSite(this.api!, { ...target, duration: text('duration') || null, ...(text('reason') ? { reason: text('reason') } : {}) }).then(() => this.#load()));
    if (done) form.reset();
  };

  readonly #searchUsers = (event: Event): void => {
    const q = (event.target as HTMLInputElement).value.trim();
    void this.#act.submit(async () => void (this.users = await adminUsers(this.api!, q)));
  };

  readonly #filterAudit = (event: SubmitEvent): void => {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const value = (name: string) => String(data.get(name) ?? '').trim() || undefined;
    this.#filter = { ...(value('user') ? { user: value('user') } : {}), ...(value('address') ? { address: value('address') } : {}), ...(value('action') ? { action: value('action') as AuditAction } : {}) };
    void this.#run(() => this.#loadAudit(false));
  };

  /** An action, then everything shown read again. */
  #run(action: () => Promise<unknown>): Promise<boolean> {
    return this.#act.submit(async () => {
      await action();
      await this.#load();
    });
  }

  async #load(): Promise<void> {
    if (!this.api) return;
    [this.bans, this.users] = await Promise.all([siteBans(this.api), adminUsers(this.api, '')]);
    await this.#loadAudit(false);
  }

  async #loadAudit(more: boolean): Promise<void> {
    const page = await auditPage(this.api!, { ...this.#filter, ...(more && this.auditNext ? { before: this.auditNext } : {}) });
    this.audit = more ? [...this.audit, ...page.entries] : page.entries;
    this.auditNext = page.next;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'page-admin': PageAdmin;
  }
}
