/** Writes a message: Enter sends, Shift+Enter starts a new line. Emits `SendMessageEvent`. */
import { consume } from '@lit/context';
import { LitElement, html } from 'lit';
import { customElement, query } from 'lit/decorators.js';
import { localeContext } from '../../context.js';
import { SendMessageEvent } from '../../events/send-message-event.js';
import { msg, type Locale } from '../../i18n/i18n.js';
import { styles } from './volley-composer.styles.js';

@customElement('volley-composer')
export class VolleyComposer extends LitElement {
  static override styles = styles;

  @consume({ context: localeContext, subscribe: true }) locale?: Locale;
  @query('textarea') private textarea!: HTMLTextAreaElement;

  override focus(): void {
    this.textarea?.focus();
  }

  protected override render() {
    return html`<form @submit=${this.#onSubmit}>
      <label for="message" class="visually-hidden">${msg('chat.message')}</label>
      <textarea
        id="message"
        name="message"
        rows="1"
        placeholder=${msg('chat.message')}
        aria-describedby="hint"
        enterkeyhint="send"
        @keydown=${this.#onKeyDown}
      ></textarea>
      <span id="hint" class="visually-hidden">${msg('chat.composerHint')}</span>
      <button type="submit">${msg('chat.send')}</button>
    </form>`;
  }

  #onKeyDown(event: KeyboardEvent): void {
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
    event.preventDefault();
    this.#send();
  }

  #onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    this.#send();
    this.textarea.focus();
  }

  #send(): void {
    const body = this.textarea.value;
    if (body.trim() === '') return;
    this.dispatchEvent(new SendMessageEvent(body));
    this.textarea.value = '';
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-composer': VolleyComposer;
  }
}
