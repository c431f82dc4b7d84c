/**
 * Asked before a message is encrypted for a device of the other person's that this device has not
 * seen before and nobody verified (they signed in somewhere new, or someone did as them): verify it
 * with them first, or send anyway. `ask` resolves null on Cancel or Escape; the text stays unsent.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { msg } from '../../../i18n/i18n.js';
import { dialogStyles } from '../../../styles/dialog.styles.js';
import { buttonStyles } from '../../../styles/shared.styles.js';

export type NewDeviceAnswer = 'verify' | 'send' | null;

@customElement('volley-new-device')
export class VolleyNewDevice extends LitElement {
  static override styles = [
    buttonStyles,
    dialogStyles,
    css`
      p {
        margin: 0;
      }
    `,
  ];

  @state() private name: string | null = null;
  @query('dialog') private dialog!: HTMLDialogElement;
  #answer: NewDeviceAnswer = null;
  #resolve: ((answer: NewDeviceAnswer) => void) | null = null;

  /** `name`: the person whose new device it is. */
  async ask(name: string): Promise<NewDeviceAnswer> {
    this.name = name;
    this.#answer = null;
    const answered = new Promise<NewDeviceAnswer>((resolve) => (this.#resolve = resolve));
    await this.updateComplete;
    this.dialog.showModal();
    return answered;
  }

  protected override render() {
    const name = this.name;
    return html`<dialog role="alertdialog" aria-labelledby="new-device-title" aria-describedby="new-device-text" data-testid="new-device" @close=${this.#onClose}>
      ${name === null
        ? nothing
        : html`<div class="dialog-body">
            <h2 id="new-device-title">${msg('e2ee.newDeviceTitle', { name })}</h2>
            <p id="new-device-text">${msg('e2ee.newDeviceText', { name })}</p>
            <div class="buttons">
              <button type="button" autofocus @click=${() => this.#close('verify')}>${msg('verify.start')}</button>
              <button type="button" class="secondary" @click=${() => this.#close('send')}>${msg('e2ee.sendAnyway')}</button>
              <button type="button" class="secondary" @click=${() => this.#close(null)}>${msg('common.cancel')}</button>
            </div>
          </div>`}
    </dialog>`;
  }

  #close(answer: NewDeviceAnswer): void {
    this.#answer = answer;
    this.dialog.close();
  }

  readonly #onClose = (): void => {
    this.#resolve?.(this.#answer);
    this.#resolve = null;
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-new-device': VolleyNewDevice;
  }
}
