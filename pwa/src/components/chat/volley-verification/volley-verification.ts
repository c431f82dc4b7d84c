/**
 * One emoji verification on screen (docs/architecture.md §11), from the request to its end: the
 * other side asked to accept or decline; both shown the same seven emoji, each with its name in
 * the reader's language, to compare aloud or side by side; "They match" or "They don't match".
 * It follows the verification as this device's inbox moves it on. Closing it before the end
 * cancels the verification: nothing is marked verified.
 */
import type { Verification, Verifications } from '@volley/client/e2ee';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { msg, type MessageKey } from '../../../i18n/i18n.js';
import { appDialogStyles } from '../../ui/asking-dialog/asking-dialog.js';

@customElement('volley-verification')
export class VolleyVerification extends LitElement {
  static override styles = [
    ...appDialogStyles,
    css`
      ol {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(5.5rem, 1fr));
        gap: var(--volley-space-2);
        margin: 0;
        padding: 0;
        list-style: none;
      }
      li {
        display: flex;
        flex-direction: column;
        align-items: center;
        gap: var(--volley-space-1);
        padding: var(--volley-space-2) var(--volley-space-1);
        border-radius: var(--volley-radius);
        background: var(--volley-surface);
        text-align: center;
        font-size: 0.875rem;
      }
      .symbol {
        font-size: 2rem;
        line-height: 1.2;
      }
    `,
  ];

  @state() private verification: Verification | null = null;
  /** Whom the verification is with, as the text names them: a person, or "your other device". */
  @state() private name = '';
  /** With another device of one's own, not another person. */
  #own = false;
  @query('dialog') private dialog!: HTMLDialogElement;
  #stop: (() => void) | null = null;
  #resolve: ((verified: boolean) => void) | null = null;
  #busy = false;

  /** Shows the verification until it ends or the dialog is closed; resolves true once verified. */
  async follow(verification: Verification, verifications: Verifications, other: { name: string; own: boolean }): Promise<boolean> {
    this.verification = verification;
    this.name = other.name;
    this.#own = other.own;
    this.#stop?.();
    this.#stop = verifications.onChange(() => this.requestUpdate());
    const ended = new Promise<boolean>((resolve) => (this.#resolve = resolve));
    await this.updateComplete;
    this.dialog.showModal();
    return ended;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stop?.();
  }

  protected override render() {
    return html`<dialog aria-labelledby="verify-title" data-testid="verification" @close=${this.#onClose}>${this.#body()}</dialog>`;
  }

  #body() {
    const verification = this.verification;
    if (!verification) return nothing;
    const name = this.name;
    const state = verification.state;
    const title = (key: MessageKey) => html`<h2 id="verify-title">${msg(key, { name })}</h2>`;
    const close = (label: MessageKey, secondary = true) =>
      html`<button type="button" class=${secondary ? 'secondary' : ''} @click=${() => this.dialog.close()}>${msg(label)}</button>`;
    if (state === 'verified')
      return html`<div class="dialog-body">${title('verify.doneTitle')}<p>${msg(this.#own ? 'verify.doneOwn' : 'verify.doneText', { name })}</p>
        <div class="buttons">${close('verify.done', false)}</div></div>`;
    if (state === 'cancelled')
      return html`<div class="dialog-body">${title('verify.cancelledTitle')}<p>${msg('verify.cancelledText')}</p><div class="buttons">${close('common.close')}</div></div>`;
    if (state === 'requested' && verification.incoming)
      return html`<div class="dialog-body">${title('verify.incoming')}<p>${msg('verify.incomingText')}</p>
        <div class="buttons">
          <button type="button" data-testid="verify-accept" @click=${() => this.#act((v) => v.accept())}>${msg('verify.accept')}</button>
          ${close('verify.decline')}
        </div></div>`;
    const emoji = state === 'comparing' ? verification.emoji() : undefined;
    if (emoji)
      return html`<div class="dialog-body">${title('verify.title')}<p>${msg('verify.compareText', { name })}</p>
        <ol data-testid="verify-emoji">
          ${emoji.map((one) => html`<li><span class="symbol" aria-hidden="true">${one.symbol}</span><span>${one.index >= 0 ? msg(`sas.${one.index}` as MessageKey) : one.description}</span></li>`)}
        </ol>
        <div class="buttons">
          <button type="button" data-testid="verify-match" ?disabled=${this.#busy} @click=${() => this.#act((v) => v.confirm())}>${msg('verify.match')}</button>
          <button type="button" class="danger-button" data-testid="verify-no-match" @click=${() => this.#act((v) => v.cancel())}>${msg('verify.noMatch')}</button>
        </div></div>`;
    const waiting = state === 'confirmed' ? 'verify.waitingConfirm' : verification.incoming ? 'verify.starting' : 'verify.waitingAccept';
    return html`<div class="dialog-body">${title('verify.title')}<p role="status">${msg(waiting, { name })}</p><div class="buttons">${close('common.cancel')}</div></div>`;
  }

  async #act(step: (verification: Verification) => Promise<void>): Promise<void> {
    const verification = this.verification;
    if (!verification || this.#busy) return;
    this.#busy = true;
    this.requestUpdate();
    try {
      await step(verification);
    } finally {
      this.#busy = false;
      this.requestUpdate();
    }
  }

  readonly #onClose = (): void => {
    const verification = this.verification;
    this.#stop?.();
    this.#stop = null;
    const verified = verification?.state === 'verified';
    // Closed before the end (declined, "They don't match", cancelled): the other side is told, and nothing is trusted.
    if (verification && !verified && verification.state !== 'cancelled') void verification.cancel().catch(() => undefined);
    this.#resolve?.(verified);
    this.#resolve = null;
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-verification': VolleyVerification;
  }
}
