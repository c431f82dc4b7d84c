/**
 * The reported messages on the admin page (moderators and admins), the longest waiting first: where
 * and by whom the message was written, why it was reported and by whom, and the message — as the
 * server keeps it, or for an encrypted one the text its reporter chose to share, said to be
 * unverifiable. Resolve takes a report off the list (the audit log keeps who did). Banning its
 * author is the page's ban form.
 */
import { consume } from '@lit/context';
import type { ReportView } from '@volley/shared';
import type { ApiClient } from '@volley/client';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { messageHref } from '../../chat/message-link.js';
import { FormController } from '../../controllers/form-controller.js';
import { formError, formStyles } from '../../forms/text-field.js';
import { formatMessageTime } from '../../i18n/format.js';
import { msg, type Locale, localeContext } from '../../i18n/i18n.js';
import { openReports, resolveReport } from '../../services/admin.js';
import { apiContext } from '../../services/client.js';
import { onlineContext } from '../../services/session.js';
import { buttonStyles } from '../../styles/shared.styles.js';

@customElement('volley-reports')
export class VolleyReports extends LitElement {
  static override styles = [
    buttonStyles,
    formStyles,
    css`
      :host {
        display: block;
      }
      article {
        display: grid;
        gap: var(--volley-space-2);
        margin-block: var(--volley-space-3);
        padding: var(--volley-space-3);
        border: 1px solid var(--volley-border);
        border-radius: var(--volley-radius);
      }
      p {
        margin: 0;
        overflow-wrap: anywhere;
      }
      .meta {
        color: var(--volley-text-muted);
        font-size: 0.875rem;
      }
      blockquote {
        margin: 0;
        padding-inline-start: var(--volley-space-3);
        border-inline-start: 3px solid var(--volley-border);
        white-space: pre-wrap;
        overflow-wrap: anywhere;
      }
      .empty {
        color: var(--volley-text-muted);
      }
    `,
  ];

  @consume({ context: apiContext }) api?: ApiClient;
  @consume({ context: onlineContext, subscribe: true }) @state() online = false;
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;
  @state() private reports: ReportView[] = [];
  readonly #act = new FormController(this, () => []);

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#act.submit(() => this.#load());
  }

  protected override render() {
    return html`${formError(this.#act.formError)}
      ${this.reports.length === 0 ? html`<p class="empty">${msg('admin.reports.none')}</p>` : nothing} ${this.reports.map((report) => this.#report(report))}`;
  }

  #report(r: ReportView) {
    // A DM is its two members' alone: no link a moderator could follow.
    const where = r.conversation.kind === 'dm' ? msg('notifications.inDm') : `#${r.conversation.name}`;
    return html`<article data-testid="report" aria-label=${msg('admin.reports.message')}>
      <p class="meta">
        ${r.conversation.kind === 'dm' ? where : html`<a href=${messageHref(r.conversation.id, r.message)}>${where}</a>`} · <a href=${`/u/${r.author.id}`}>${r.author.username}</a> ·
        <time datetime=${r.message.at}>${formatMessageTime(r.message.at)}</time>
      </p>
      ${this.#message(r)}
      <p><strong>${msg('admin.reports.reason')}:</strong> ${msg(`report.reason.${r.reason}`)}${r.note ? ` — ${r.note}` : ''}</p>
      <p class="meta">${msg('admin.reports.by', { name: r.reporter?.username ?? '—' })} · <time datetime=${r.at}>${formatMessageTime(r.at)}</time></p>
      <div class="buttons">
        <button type="button" ?disabled=${!this.online || this.#act.submitting} @click=${() => this.#resolve(r)}>${msg('admin.reports.resolve')}</button>
      </div>
    </article>`;
  }

  /** A plain message as stored (gone once deleted); an encrypted one's disclosed text stays, deleted or not: the reporter gave it. */
  #message(r: ReportView) {
    const deleted = r.message.deleted ? html`<p class="empty">${msg('admin.reports.deleted')}</p>` : nothing;
    if (!r.message.encrypted) return r.message.deleted ? deleted : html`<blockquote data-testid="report-text">${r.message.stored}</blockquote>`;
    if (r.disclosed === null) return html`${deleted}<p class="empty">${msg('admin.reports.notDisclosed')}</p>`;
    return html`${deleted}<p class="meta">${msg('admin.reports.disclosed')}</p>
      <blockquote data-testid="report-text">${r.disclosed}</blockquote>`;
  }

  #resolve(r: ReportView): void {
    void this.#act.submit(async () => {
      await resolveReport(this.api!, r.id);
      this.dispatchEvent(new Event('reports-changed', { bubbles: true, composed: true }));
      await this.#load();
    });
  }

  async #load(): Promise<void> {
    if (this.api) this.reports = await openReports(this.api);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-reports': VolleyReports;
  }
}
