/**
 * Asks before an action that cannot be taken back or that harms someone (kick, ban, block, hand a
 * channel over, leave, delete), saying what will follow. `ask` resolves true on the red button,
 * false on Cancel, Escape or a new question.
 */
import { html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { msg, type Locale } from '../../../i18n/i18n.js';
import { AskingDialog } from '../asking-dialog/asking-dialog.js';

export interface Confirmation {
  title: string;
  /** What follows, in plain words: "They lose the channel's history…". */
  consequence: string;
  /** The red button's label: the action's own name, never a bare "OK". */
  confirm: string;
}

@customElement('volley-confirm-dialog')
export class VolleyConfirmDialog extends AskingDialog<Confirmation, boolean> {
  /** From the parent: a change of locale renders the element again (its text is `msg`'s). */
  @property({ attribute: false }) locale?: Locale;
  protected readonly dismissed = false;

  protected override render() {
    const q = this.question;
    return html`<dialog role="alertdialog" aria-labelledby="confirm-title" aria-describedby="confirm-consequence" @close=${this.onClose}>
      ${q
        ? html`<div class="dialog-body">
            <h2 id="confirm-title">${q.title}</h2>
            <p id="confirm-consequence">${q.consequence}</p>
            <div class="buttons">
              <button type="button" class="danger-button" data-testid="confirm" @click=${() => this.answer(true)}>${q.confirm}</button>
              <button type="button" class="secondary" autofocus @click=${() => this.answer(false)}>${msg('common.cancel')}</button>
            </div>
          </div>`
        : nothing}
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-confirm-dialog': VolleyConfirmDialog;
  }
}
