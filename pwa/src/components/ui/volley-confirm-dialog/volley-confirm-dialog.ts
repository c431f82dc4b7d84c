/**
 * Asks before an action that cannot be taken back or that harms someone (kick, ban, block, hand a
 * channel over, leave, delete), saying what will follow. `ask` resolves true on the red button,
 * false on Cancel, Escape or a new question.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { msg, type Locale } from '../../../i18n/i18n.js';
import { dialogStyles } from '../../../styles/dialog.styles.js';
import { buttonStyles } from '../../../styles/shared.styles.js';

export interface Confirmation {
  title: string;
  /** What follows, in plain words: "They lose the channel's history…". */
  consequence: string;
  /** The red button's label: the action's own name, never a bare "OK". */
  confirm: string;
}

@customElement('volley-confirm-dialog')
export class VolleyConfirmDialog extends LitElement {
  static override styles = [
    buttonStyles,
    dialogStyles,
    css`
      p {
        margin: 0;
      }
    `,
  ];

  /** From the parent: a change of locale renders the element again (its text is `msg`'s). */
  @property({ attribute: false }) locale?: Locale;
  @state() private question: Confirmation | null = null;
  @query('dialog') private dialog!: HTMLDialogElement;
  #resolve: ((confirmed: boolean) => void) | null = null;

  async ask(question: Confirmation): Promise<boolean> {
    this.#settle(false);
    this.question = question;
    const answered = new Promise<boolean>((resolve) => (this.#resolve = resolve));
    await this.updateComplete;
    this.dialog.showModal();
    return answered;
  }

  protected override render() {
    const q = this.question;
    return html`<dialog role="alertdialog" aria-labelledby="confirm-title" aria-describedby="confirm-consequence" @close=${this.#onClose}>
      ${q
        ? html`<div class="dialog-body">
            <h2 id="confirm-title">${q.title}</h2>
            <p id="confirm-consequence">${q.consequence}</p>
            <div class="buttons">
              <button type="button" class="danger-button" data-testid="confirm" @click=${this.#confirm}>${q.confirm}</button>
              <button type="button" class="secondary" autofocus @click=${() => this.dialog.close()}>${msg('common.cancel')}</button>
            </div>
          </div>`
        : nothing}
    </dialog>`;
  }

  readonly #confirm = (): void => {
    this.#settle(true);
    this.dialog.close();
  };

  readonly #onClose = (): void => {
    this.#settle(false);
    this.question = null;
  };

  #settle(confirmed: boolean): void {
    this.#resolve?.(confirmed);
    this.#resolve = null;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-confirm-dialog': VolleyConfirmDialog;
  }
}
