/**
 * Writes a message: Enter sends, Shift+Enter starts a new line. The text is my draft for the
 * conversation (a Y.Text in my user document, bound both ways), so it survives reloads and follows me
 * to my other devices. `@` completes members' usernames; a quote above shows what I answer. What
 * the text asks for (a message or a slash command) is `submit`'s business: an error keeps the text.
 */
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type * as Y from 'yjs';
import type { ComposerResult } from '../../chat/commands.js';
import { setDraftText } from '../../chat/draft-text.js';
import { msg, type Locale } from '../../i18n/i18n.js';
import { aboveStyles, styles } from './volley-composer.styles.js';

export interface MemberName {
  id: string;
  username: string;
}

/** `@` and the start of a username right before the caret. */
const MENTION_AT_CARET = /(?:^|\s)@([\w.-]{0,40})$/;

@customElement('volley-composer')
export class VolleyComposer extends LitElement {
  static override styles = [styles, aboveStyles];

  @property({ attribute: false }) draft: Y.Text | null = null;
  /** Creates my draft for the conversation on the first keystroke. */
  @property({ attribute: false }) ensureDraft: () => Y.Text | null = () => null;
  @property({ attribute: false }) replyTo: { authorName: string; excerpt: string } | null = null;
  @property({ attribute: false }) findMembers: (prefix: string) => Promise<MemberName[]> = async () => [];
  @property({ attribute: false }) submit: (text: string) => Promise<ComposerResult> = async () => ({ ok: true });
  /** From the parent: a change of locale renders the element again (its text is `msg`'s). */
  @property({ attribute: false }) locale?: Locale;
  @state() private feedback: ComposerResult | null = null;
  @state() private suggestions: MemberName[] = [];
  @state() private active = 0;
  @query('textarea') private textarea!: HTMLTextAreaElement;

  override focus(): void {
    this.textarea?.focus();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('draft')) return;
    changed.get('draft')?.unobserve(this.#onRemoteDraft);
    this.draft?.observe(this.#onRemoteDraft);
    this.feedback = null;
    this.suggestions = [];
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('draft')) this.textarea.value = this.draft?.toString() ?? '';
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.draft?.unobserve(this.#onRemoteDraft);
  }

  protected override render() {
    const listOpen = this.suggestions.length > 0;
    return html`${this.replyTo
        ? html`<div class="replying">
            <span class="quote">${msg('composer.replyingTo', { name: this.replyTo.authorName })} <span class="excerpt">${this.replyTo.excerpt}</span></span>
            <button type="button" class="small secondary" @click=${() => this.dispatchEvent(new Event('cancel-reply'))}>${msg('composer.cancelReply')}</button>
          </div>`
        : nothing}
      ${this.feedback?.ok === false ? html`<p class="error" role="alert" data-testid="command-error">${this.feedback.error}</p>` : nothing}
      ${this.feedback?.ok && this.feedback.note ? html`<p class="note" role="status" data-testid="command-note">${this.feedback.note}</p>` : nothing}
      ${listOpen
        ? html`<ul id="mentions" role="listbox" aria-label=${msg('composer.members')}>
            ${this.suggestions.map(
              (m, i) => html`<li id=${`mention-${i}`} role="option" aria-selected=${i === this.active ? 'true' : 'false'} @mousedown=${(e: Event) => this.#pick(e, m)}>@${m.username}</li>`,
            )}
          </ul>`
        : nothing}
      <form @submit=${this.#onSubmit}>
        <label for="message" class="visually-hidden">${msg('chat.message')}</label>
        <textarea
          id="message"
          name="message"
          rows="1"
          placeholder=${msg('chat.message')}
          aria-describedby="hint"
          aria-autocomplete="list"
          aria-controls=${listOpen ? 'mentions' : nothing}
          aria-activedescendant=${listOpen ? `mention-${this.active}` : nothing}
          enterkeyhint="send"
          @keydown=${this.#onKeyDown}
          @input=${this.#onInput}
        ></textarea>
        <span id="hint" class="visually-hidden">${msg('chat.composerHint')}</span>
        <button type="submit">${msg('chat.send')}</button>
      </form>`;
  }

  #onKeyDown(event: KeyboardEvent): void {
    if (this.suggestions.length > 0) {
      const step = { ArrowDown: 1, ArrowUp: -1 }[event.key];
      if (step) this.active = (this.active + step + this.suggestions.length) % this.suggestions.length;
      else if (event.key === 'Enter' || event.key === 'Tab') this.#complete(this.suggestions[this.active]!);
      else if (event.key === 'Escape') this.suggestions = [];
      else return;
      return event.preventDefault();
    }
    if (event.key === 'Escape' && this.replyTo) return void this.dispatchEvent(new Event('cancel-reply'));
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
    event.preventDefault();
    void this.#send();
  }

  #onInput(): void {
    const draft = this.draft ?? this.ensureDraft();
    if (draft) setDraftText(draft, this.textarea.value, this);
    this.feedback = null;
    this.dispatchEvent(new Event('typing'));
    void this.#suggest();
  }

  async #suggest(): Promise<void> {
    const before = this.textarea.value.slice(0, this.textarea.selectionStart);
    const prefix = MENTION_AT_CARET.exec(before)?.[1];
    const found = prefix === undefined ? [] : await this.findMembers(prefix);
    if (MENTION_AT_CARET.exec(this.textarea.value.slice(0, this.textarea.selectionStart))?.[1] !== prefix) return;
    this.suggestions = found.slice(0, 8);
    this.active = 0;
  }

  /** A pressed suggestion completes the name before the field loses focus. */
  #pick(event: Event, member: MemberName): void {
    event.preventDefault();
    this.#complete(member);
  }

  #complete(member: MemberName): void {
    const caret = this.textarea.selectionStart;
    const before = this.textarea.value.slice(0, caret).replace(/@[\w.-]*$/, `@${member.username} `);
    this.textarea.value = before + this.textarea.value.slice(caret);
    this.textarea.setSelectionRange(before.length, before.length);
    this.suggestions = [];
    this.#onInput();
  }

  #onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    void this.#send();
    this.textarea.focus();
  }

  async #send(): Promise<void> {
    const text = this.textarea.value;
    if (text.trim() === '') return;
    const result = await this.submit(text);
    this.feedback = result;
    if (!result.ok || this.textarea.value !== text) return;
    this.textarea.value = '';
    if (this.draft) setDraftText(this.draft, '', this);
  }

  /** Another device (or tab) changed the draft: show it, keeping my caret where it was. */
  readonly #onRemoteDraft = (event: Y.YTextEvent): void => {
    if (event.transaction.origin === this || !this.textarea) return;
    const { selectionStart, selectionEnd } = this.textarea;
    this.textarea.value = this.draft?.toString() ?? '';
    this.textarea.setSelectionRange(selectionStart, selectionEnd);
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-composer': VolleyComposer;
  }
}
