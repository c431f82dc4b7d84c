/** Asks how long a ban or a mute lasts, one button per duration. `choose` resolves with the minutes (null: permanent), or undefined when cancelled. */
import { LitElement, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { msg, type Locale, type MessageKey } from '../../../i18n/i18n.js';
import { dialogStyles } from '../../../styles/dialog.styles.js';
import { buttonStyles } from '../../../styles/shared.styles.js';

export interface DurationChoice {
  label: MessageKey;
  minutes: number | null;
}

const HOUR = 60;
const DAY = 24 * HOUR;
export const BAN_DURATIONS: readonly DurationChoice[] = [
  { label: 'duration.hour', minutes: HOUR },
  { label: 'duration.day', minutes: DAY },
  { label: 'duration.week', minutes: 7 * DAY },
  { label: 'duration.permanent', minutes: null },
];
export const MUTE_DURATIONS: readonly DurationChoice[] = [
  { label: 'duration.tenMinutes', minutes: 10 },
  { label: 'duration.hour', minutes: HOUR },
  { label: 'duration.day', minutes: DAY },
];

@customElement('volley-duration-dialog')
export class VolleyDurationDialog extends LitElement {
  static override styles = [buttonStyles, dialogStyles];

  /** From the parent: a change of locale renders the element again (its text is `msg`'s). */
  @property({ attribute: false }) locale?: Locale;
  @state() private heading = '';
  @state() private consequence = '';
  @state() private choices: readonly DurationChoice[] = [];
  @query('dialog') private dialog!: HTMLDialogElement;
  #resolve: ((minutes: number | null | undefined) => void) | null = null;

  /** `consequence`: what follows, said under the question (a ban removes the member). */
  async choose(title: string, choices: readonly DurationChoice[], consequence = ''): Promise<number | null | undefined> {
    this.#settle(undefined);
    this.heading = title;
    this.consequence = consequence;
    this.choices = choices;
    const chosen = new Promise<number | null | undefined>((resolve) => (this.#resolve = resolve));
    await this.updateComplete;
    this.dialog.showModal();
    return chosen;
  }

  /** The choices exist only while the dialog is open. */
  protected override render() {
    return html`<dialog aria-labelledby="duration-title" @close=${this.#onClose}>
      ${this.choices.length
        ? html`<div class="dialog-body">
            <h2 id="duration-title">${this.heading}</h2>
            ${this.consequence ? html`<p>${this.consequence}</p>` : nothing}
            <div class="buttons">
              ${this.choices.map((choice) => html`<button type="button" class="secondary" @click=${() => this.#pick(choice.minutes)}>${msg(choice.label)}</button>`)}
            </div>
            <div class="buttons"><button type="button" class="secondary" @click=${() => this.dialog.close()}>${msg('common.cancel')}</button></div>
          </div>`
        : nothing}
    </dialog>`;
  }

  #pick(minutes: number | null): void {
    this.#settle(minutes);
    this.dialog.close();
  }

  readonly #onClose = (): void => {
    this.#settle(undefined);
    this.choices = [];
  };

  #settle(minutes: number | null | undefined): void {
    this.#resolve?.(minutes);
    this.#resolve = null;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-duration-dialog': VolleyDurationDialog;
  }
}
