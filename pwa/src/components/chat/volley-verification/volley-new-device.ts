/**
 * Asked before a message is encrypted for a device of the other person's that this device has not
 * seen before and nobody verified (they signed in somewhere new, or someone did as them): verify it
 * with them first, or send anyway. `ask` (given the person's name) resolves null on Cancel or
 * Escape; the text stays unsent.
 */
import { html, nothing } from 'lit';
import { customElement } from 'lit/decorators.js';
import { msg } from '../../../i18n/i18n.js';
import { AskingDialog } from '../../ui/asking-dialog/asking-dialog.js';

export type NewDeviceAnswer = 'verify' | 'send' | null;

@customElement('volley-new-device')
export class VolleyNewDevice extends AskingDialog<string, NewDeviceAnswer> {
  protected readonly dismissed = null;

  protected override render() {
    const name = this.question;
    return html`<dialog role="alertdialog" aria-labelledby="new-device-title" aria-describedby="new-device-text" data-testid="new-device" @close=${this.onClose}>
      ${name === null
        ? nothing
        : html`<div class="dialog-body">
            <h2 id="new-device-title">${msg('e2ee.newDeviceTitle', { name })}</h2>
            <p id="new-device-text">${msg('e2ee.newDeviceText', { name })}</p>
            <div class="buttons">
              <button type="button" autofocus @click=${() => this.answer('verify')}>${msg('verify.start')}</button>
              <button type="button" class="secondary" @click=${() => this.answer('send')}>${msg('e2ee.sendAnyway')}</button>
              <button type="button" class="secondary" @click=${() => this.answer(null)}>${msg('common.cancel')}</button>
            </div>
          </div>`}
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-new-device': VolleyNewDevice;
  }
}
