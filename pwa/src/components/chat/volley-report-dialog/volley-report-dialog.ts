/**
 * Reports a message to the site's moderators: why, a word to add, and — in an end-to-end encrypted
 * conversation, where the server cannot read the message — whether to share its text as this
 * device reads it (shared by default, and said so). The report is sent from the dialog, which says
 * there whether it went (a refusal stays beside the button, the choices kept); `ask` resolves true
 * once it went.
 */
import type { ReportBody, ReportReason } from '@volley/shared';
import { css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { FormController } from '../../../controllers/form-controller.js';
import { formError, formStyles, textField } from '../../../forms/text-field.js';
import { msg } from '../../../i18n/i18n.js';
import { AskingDialog, appDialogStyles } from '../../ui/asking-dialog/asking-dialog.js';

export interface ReportQuestion {
  /** The start of the message, to show which one is reported. */
  excerpt: string;
  /** The text this device reads, for an encrypted message; undefined for a plain one (the moderators read the server's copy). */
  encryptedText?: string;
  send(report: ReportBody): Promise<void>;
}

const REASONS: readonly ReportReason[] = ['spam', 'abuse', 'other'];

@customElement('volley-report-dialog')
export class VolleyReportDialog extends AskingDialog<ReportQuestion, boolean> {
  static override styles = [
    ...appDialogStyles,
    formStyles,
    css`
      blockquote {
        margin: 0;
        padding-inline-start: var(--volley-space-3);
        border-inline-start: 3px solid var(--volley-border);
        color: var(--volley-text-muted);
        overflow-wrap: anywhere;
      }
      fieldset {
        margin: 0;
        padding: 0;
        border: 0;
        display: grid;
        gap: var(--volley-space-2);
      }
      legend {
        padding: 0;
        margin-block-end: var(--volley-space-2);
        font-weight: 600;
      }
      label.choice {
        display: flex;
        gap: var(--volley-space-2);
        align-items: baseline;
        min-height: 2rem;
      }
    `,
  ];

  protected readonly dismissed = false;
  @state() private sent = false;
  readonly #form = new FormController(this, () => ['note']);

  protected override render() {
    const q = this.question;
    return html`<dialog aria-labelledby="report-title" @close=${this.#closed}>
      ${q ? (this.sent ? this.#done() : this.#asking(q)) : nothing}
    </dialog>`;
  }

  #asking(q: ReportQuestion) {
    const encrypted = q.encryptedText !== undefined;
    return html`<form class="dialog-body" data-testid="report-form" @submit=${this.#submit}>
      <h2 id="report-title">${msg('report.title')}</h2>
      <blockquote>${q.excerpt}</blockquote>
      <p>${msg('report.who')}</p>
      <fieldset>
        <legend>${msg('report.reason')}</legend>
        ${REASONS.map((reason, i) => html`<label class="choice"><input type="radio" name="reason" value=${reason} ?checked=${i === 0} />${msg(`report.reason.${reason}`)}</label>`)}
      </fieldset>
      ${textField({ name: 'note', label: msg('report.note'), errors: this.#form.errorsFor('note'), multiline: true })}
      ${encrypted
        ? html`<p>${msg('report.encrypted')}</p>
            <label class="choice"><input type="checkbox" name="disclose" checked />${msg('report.disclose')}</label>`
        : html`<p>${msg('report.plain')}</p>`}
      ${formError(this.#form.formError)}
      <div class="buttons">
        <button type="submit" class="danger-button" ?disabled=${this.#form.submitting}>${msg('report.send')}</button>
        <button type="button" class="secondary" @click=${() => this.answer(false)}>${msg('common.cancel')}</button>
      </div>
    </form>`;
  }

  #done() {
    return html`<div class="dialog-body">
      <h2 id="report-title">${msg('report.title')}</h2>
      <p role="status">${msg('report.done')}</p>
      <div class="buttons"><button type="button" autofocus @click=${() => this.answer(true)}>${msg('common.close')}</button></div>
    </div>`;
  }

  readonly #submit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const q = this.question;
    if (!q) return;
    const data = new FormData(event.target as HTMLFormElement);
    const note = String(data.get('note') ?? '').trim();
    const report: ReportBody = {
      reason: String(data.get('reason') ?? 'other') as ReportReason,
      ...(note ? { note } : {}),
      ...(q.encryptedText !== undefined && data.get('disclose') ? { disclosed: q.encryptedText } : {}),
    };
    if (await this.#form.submit(() => q.send(report))) this.sent = true;
  };

  readonly #closed = (): void => {
    // Closed by Escape after it went: it went all the same.
    if (this.sent) this.answer(true);
    this.onClose();
    this.sent = false;
    this.#form.reset();
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-report-dialog': VolleyReportDialog;
  }
}
