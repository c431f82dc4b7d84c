/** Asks how long a ban or a mute lasts, one button per duration. `choose` resolves with the minutes (null: permanent), or undefined when cancelled. */
import { html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { msg, type Locale, type MessageKey } from '../../../i18n/i18n.js';
import { AskingDialog } from '../../ui/asking-dialog/asking-dialog.js';

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

interface DurationQuestion {
  title: string;
  choices: readonly DurationChoice[];
  consequence: string;
}

@customElement('volley-duration-dialog')
export class VolleyDurationDialog extends AskingDialog<DurationQuestion, number | null | undefined> {
  /** From the parent: a change of locale renders the element again (its text is `msg`'s). */
  @property({ attribute: false }) locale?: Locale;
  protected readonly dismissed = undefined;

  /** `consequence`: what follows, said under the question (a ban removes the member). */
  choose(title: string, choices: readonly DurationChoice[], consequence = ''): Promise<number | null | undefined> {
    return this.ask({ title, choices, consequence });
  }

  /** The choices exist only while the dialog is open. */
  protected override render() {
    const q = this.question;
    return html`<dialog aria-labelledby="duration-title" @close=${this.onClose}>
      ${q
        ? html`<div class="dialog-body">
            <h2 id="duration-title">${q.title}</h2>
            ${q.consequence ? html`<p>${q.consequence}</p>` : nothing}
            <div class="buttons">
              ${q.choices.map((choice) => html`<button type="button" class="secondary" @click=${() => this.answer(choice.minutes)}>${msg(choice.label)}</button>`)}
            </div>
            <div class="buttons"><button type="button" class="secondary" @click=${() => this.answer(undefined)}>${msg('common.cancel')}</button></div>
          </div>`
        : nothing}
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-duration-dialog': VolleyDurationDialog;
  }
}
