/**
 * A modal question in the app's own dialog whose answer `ask` resolves: the button pressed, or the
 * element's `dismissed` answer on Cancel, Escape or a newer question (never left pending). A
 * subclass renders the question inside `<dialog … @close=${this.onClose}>` and answers with `answer`.
 */
import { LitElement, css } from 'lit';
import { query, state } from 'lit/decorators.js';
import { dialogStyles } from '../../../styles/dialog.styles.js';
import { buttonStyles } from '../../../styles/shared.styles.js';

/** A dialog of the app's own: its buttons, its frame, paragraphs without margins. */
export const appDialogStyles = [
  buttonStyles,
  dialogStyles,
  css`
    p {
      margin: 0;
    }
  `,
];

export abstract class AskingDialog<Question, Answer> extends LitElement {
  static override styles = appDialogStyles;

  @state() protected question: Question | null = null;
  @query('dialog') protected dialog!: HTMLDialogElement;
  /** What Cancel, Escape or a newer question answers. */
  protected abstract readonly dismissed: Answer;
  #resolve: ((answer: Answer) => void) | null = null;

  async ask(question: Question): Promise<Answer> {
    this.#settle(this.dismissed);
    this.question = question;
    const answered = new Promise<Answer>((resolve) => (this.#resolve = resolve));
    await this.updateComplete;
    this.dialog.showModal();
    return answered;
  }

  protected answer(answer: Answer): void {
    this.#settle(answer);
    this.dialog.close();
  }

  protected readonly onClose = (): void => {
    this.#settle(this.dismissed);
    this.question = null;
  };

  #settle(answer: Answer): void {
    this.#resolve?.(answer);
    this.#resolve = null;
  }
}
