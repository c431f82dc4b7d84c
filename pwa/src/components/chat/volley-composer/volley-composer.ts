/**
 * Writes a message: Enter sends, Shift+Enter starts a new line. The text is my draft for the
 * conversation (a Y.Text in my user document, bound both ways), so it survives reloads and follows me
 * to my other devices. `@` completes members' usernames, `:` emoji shortcodes (`:thumbs` → 👍); the
 * emoji button opens the full picker, the sticker button beside it the sticker bank (a sticker picked
 * is sent at once, as its own message); ↑ in the empty field asks for my last message's editor
 * (`edit-last`); a quote above shows what I answer; text with Markdown shows a
 * preview rendered by the same rules as the message. What the text asks for (a message or a slash
 * command) is `submit`'s business: an error keeps the text. Files are staged here (the attach
 * button, a paste, or a drop on the conversation handed to `stage`), each shown with its size and a
 * remove button, and go with the text as its caption; each is staged once, whichever way it came.
 */
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { ATTACHMENTS_PER_MESSAGE, isWellFormedText, type MessageSticker } from '@volley/shared';
import type * as Y from 'yjs';
import type { ComposerResult } from '../../../chat/commands.js';
import { setDraftText } from '../../../chat/draft-text.js';
import { formatBytes } from '../../../i18n/format.js';
import { msg, type Locale } from '../../../i18n/i18n.js';
import { fileIcon } from '../../../services/attachment-kinds.js';
import { icons } from '../../ui/icons.js';
import { bodyTree, markdownLoaded, messageBody } from '../volley-message/message-body.js';
import { bodyStyles } from '../volley-message/volley-message.styles.js';
import type { EmojiPickEvent } from '../volley-emoji-picker/volley-emoji-picker.js';
import type { StickerPickEvent } from '../volley-sticker-picker/volley-sticker-picker.js';
import { aboveStyles, pickerStyles, stagedStyles, styles } from './volley-composer.styles.js';

export interface MemberName {
  id: string;
  username: string;
}

/** `@` and the start of a username right before the caret. */
const MENTION_AT_CARET = /(?:^|\s)@([\w.-]{0,40})$/;
/** `:` and at least two letters of a shortcode right before the caret. */
const SHORTCODE_AT_CARET = /(?:^|\s):([a-z0-9_+-]{2,30})$/i;

/** A completion offered above the field: what it shows, and what replaces the word before the caret. */
interface Suggestion {
  label: string;
  insert: string;
  word: RegExp;
}

/** The preview shows only when the text has more than plain paragraphs of words. */
const formatted = (text: string): boolean => bodyTree(text).some((node) => node.kind !== 'wrap' || node.tag !== 'p' || node.children.some((child) => child.kind !== 'text' && child.kind !== 'break'));

@customElement('volley-composer')
export class VolleyComposer extends LitElement {
  static override styles = [styles, aboveStyles, pickerStyles, stagedStyles, bodyStyles];

  /** The conversation written to: text typed for one is never kept in another's draft. */
  @property() convId = '';
  @property({ attribute: false }) draft: Y.Text | null = null;
  /** Creates my draft for the conversation on the first keystroke. */
  @property({ attribute: false }) ensureDraft: () => Y.Text | null = () => null;
  @property({ attribute: false }) replyTo: { authorName: string; excerpt: string } | null = null;
  @property({ attribute: false }) findMembers: (prefix: string) => Promise<MemberName[]> = async () => [];
  /** Sends the text, with the files staged (the text is then their caption). */
  @property({ attribute: false }) submit: (text: string, files: readonly File[]) => Promise<ComposerResult> = async () => ({ ok: true });
  /** Sends a sticker picked from the bank, answering what I answer. */
  @property({ attribute: false }) sendSticker: (sticker: MessageSticker) => Promise<ComposerResult> = async () => ({ ok: true });
  /** From the parent: a change of locale renders the element again (its text is `msg`'s). */
  @property({ attribute: false }) locale?: Locale;
  @state() private feedback: ComposerResult | null = null;
  @state() private suggestions: Suggestion[] = [];
  /** What the list completes: members or emoji. */
  @state() private suggesting: 'members' | 'emoji' = 'members';
  @state() private active = 0;
  /** The picker open over the field, if any. */
  @state() private picking: 'emoji' | 'sticker' | null = null;
  /** A narrow screen: the emoji, sticker and attach buttons, folded into the "+" menu, shown. */
  @state() private toolsOpen = false;
  /** The text shown rendered above the field (its Markdown), or null. */
  @state() private preview: string | null = null;
  /** Files to go with the next message. */
  @state() private staged: readonly File[] = [];
  @query('textarea') private textarea!: HTMLTextAreaElement;
  /** Typed while there was no draft to keep it in (the user's room not open yet). */
  #typedWithoutDraft = false;
  @query('input[type=file]') private picker!: HTMLInputElement;

  override focus(): void {
    this.textarea?.focus();
  }

  /** Adds files to the next message, up to a message's limit. */
  stage(files: Iterable<File>): void {
    const added = [...files];
    if (added.length === 0) return;
    const room = ATTACHMENTS_PER_MESSAGE - this.staged.length;
    this.staged = [...this.staged, ...added.slice(0, Math.max(0, room))];
    this.feedback = added.length > room ? { ok: false, error: msg('attachment.tooMany', { max: ATTACHMENTS_PER_MESSAGE }) } : null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('convId')) this.#typedWithoutDraft = false;
    if (!changed.has('draft')) return;
    changed.get('draft')?.unobserve(this.#onRemoteDraft);
    this.draft?.observe(this.#onRemoteDraft);
    this.feedback = null;
    this.suggestions = [];
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!changed.has('draft')) return;
    // Text typed before the stored draft had come (the user's room still opening) is kept, after it.
    const typed = this.#typedWithoutDraft ? this.textarea.value : '';
    this.#typedWithoutDraft = false;
    if (this.draft && typed !== '' && this.draft.toString() !== typed) {
      const stored = this.draft.toString();
      setDraftText(this.draft, stored === '' ? typed : `${stored}\n${typed}`, this);
    }
    this.textarea.value = this.draft?.toString() ?? typed;
    this.#showPreview();
  }

  constructor() {
    super();
    // Captured, before the field's own Escape (which drops a reply being written) sees it.
    this.addEventListener('keydown', this.#onPickerKey, { capture: true });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // A draft with Markdown, restored before the reader arrived, gets its preview once it has.
    void markdownLoaded().then(() => this.textarea && this.#showPreview());
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
        ? html`<ul id="suggestions" role="listbox" aria-label=${msg(this.suggesting === 'members' ? 'composer.members' : 'composer.emojiList')}>
            ${this.suggestions.map(
              (m, i) => html`<li id=${`suggestion-${i}`} role="option" aria-selected=${i === this.active ? 'true' : 'false'} @mousedown=${(e: Event) => this.#pick(e, m)}>${m.label}</li>`,
            )}
          </ul>`
        : nothing}
      ${this.picking === 'emoji'
        ? html`<div class="picker"><volley-emoji-picker @emoji-pick=${({ emoji }: EmojiPickEvent) => this.#insert(emoji)}></volley-emoji-picker></div>`
        : nothing}
      ${this.picking === 'sticker'
        ? html`<div class="picker"><volley-sticker-picker data-testid="sticker-picker" @sticker-pick=${({ sticker }: StickerPickEvent) => this.#sticker(sticker)}></volley-sticker-picker></div>`
        : nothing}
      ${this.staged.length > 0
        ? html`<ul class="staged" aria-label=${msg('attachment.staged')} data-testid="staged-files">
            ${this.staged.map(
              (file) => html`<li data-testid="staged-file">
                <span aria-hidden="true">${fileIcon(file.type)}</span><span class="name" title=${file.name}>${file.name}</span><span class="size">${formatBytes(file.size)}</span>
                <button type="button" class="small secondary" aria-label=${msg('attachment.unstage', { name: file.name })} title=${msg('attachment.unstage', { name: file.name })}
                  @click=${() => (this.staged = this.staged.filter((f) => f !== file))}>×</button>
              </li>`,
            )}
          </ul>`
        : nothing}
      ${this.preview !== null
        ? html`<section class="preview" aria-label=${msg('composer.preview')} data-testid="composer-preview"><div class="body">${messageBody(this.preview, '')}</div></section>`
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
          aria-controls=${listOpen ? 'suggestions' : nothing}
          aria-activedescendant=${listOpen ? `suggestion-${this.active}` : nothing}
          enterkeyhint="send"
          @keydown=${this.#onKeyDown}
          @input=${this.#onInput}
          @paste=${this.#onPaste}
        ></textarea>
        <span id="hint" class="visually-hidden">${msg('chat.composerHint')}</span>
        <button type="button" class="more-tools emoji-button secondary" data-testid="composer-more" aria-label=${msg('composer.more')} title=${msg('composer.more')}
          aria-expanded=${this.toolsOpen ? 'true' : 'false'} aria-controls="tools" @click=${() => (this.toolsOpen = !this.toolsOpen)}>+</button>
        <span class="tools" id="tools" ?data-open=${this.toolsOpen} @click=${this.#onToolChosen}>
        <button type="button" class="emoji-button secondary" data-testid="composer-emoji" aria-label=${msg('composer.emoji')} title=${msg('composer.emoji')}
          aria-expanded=${this.picking === 'emoji' ? 'true' : 'false'} @click=${() => this.#toggle('emoji')}>☺</button>
        <button type="button" class="emoji-button secondary" data-testid="composer-sticker" aria-label=${msg('sticker.picker')} title=${msg('sticker.picker')}
          aria-expanded=${this.picking === 'sticker' ? 'true' : 'false'} @click=${() => this.#toggle('sticker')}>🐱</button>
        <input type="file" multiple hidden data-testid="composer-file-input" @change=${this.#onPicked} />
        <button type="button" class="attach-button secondary" data-testid="composer-attach" aria-label=${msg('attachment.attach')} title=${msg('attachment.attach')}
          @click=${() => this.picker.click()}>${icons.files}</button>
        </span>
        <button type="submit" class="send" aria-label=${msg('chat.send')}><span class="send-label">${msg('chat.send')}</span><span class="send-icon" aria-hidden="true">➤</span></button>
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
    // ↑ in an empty field edits my last message, as in the chat apps people know (the conversation finds it).
    if (event.key === 'ArrowUp' && !event.shiftKey && !event.altKey && !event.ctrlKey && !event.metaKey && this.textarea.value === '' && this.staged.length === 0) {
      event.preventDefault();
      return void this.dispatchEvent(new Event('edit-last'));
    }
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
    event.preventDefault();
    void this.#send();
  }

  readonly #onPicked = (): void => {
    this.stage(this.picker.files ?? []);
    // Emptied, so that picking the same file again is a change, and nothing is read twice.
    this.picker.value = '';
    this.textarea.focus();
  };

  /** A pasted picture (a screenshot) or file is staged; pasted text goes in the field as usual. */
  readonly #onPaste = (event: ClipboardEvent): void => {
    const files = [...(event.clipboardData?.files ?? [])];
    if (files.length === 0) return;
    event.preventDefault();
    this.stage(files);
  };

  #onInput(): void {
    const draft = this.draft ?? this.ensureDraft();
    if (draft) setDraftText(draft, this.textarea.value, this);
    else this.#typedWithoutDraft = true;
    this.feedback = null;
    this.dispatchEvent(new Event('typing'));
    this.#showPreview();
    void this.#suggest();
  }

  #showPreview(): void {
    const text = this.textarea.value;
    this.preview = text.trim() !== '' && !text.startsWith('/') && formatted(text) ? text : null;
  }

  /** The word before the caret, as its completion list sees it. */
  #beforeCaret(): string {
    return this.textarea.value.slice(0, this.textarea.selectionStart);
  }

  async #suggest(): Promise<void> {
    const before = this.#beforeCaret();
    const name = MENTION_AT_CARET.exec(before)?.[1];
    const shortcode = name === undefined ? SHORTCODE_AT_CARET.exec(before)?.[1] : undefined;
    let found: Suggestion[] = [];
    if (name !== undefined) {
      found = (await this.findMembers(name)).map((m) => ({ label: `@${m.username}`, insert: `@${m.username} `, word: /@[\w.-]*$/ }));
    } else if (shortcode !== undefined) {
      const { findByShortcode } = await import('../volley-emoji-picker/emoji-picker-loader.js');
      const matches = await findByShortcode(shortcode).catch(() => []);
      found = matches.map((m) => ({ label: `${m.unicode} :${m.shortcode}:`, insert: m.unicode, word: /:[\w+-]*$/ }));
    }
    // The text moved on while the list was being found: a later call answers.
    if (this.#beforeCaret() !== before) return;
    this.suggesting = name !== undefined ? 'members' : 'emoji';
    this.suggestions = found.slice(0, 8);
    this.active = 0;
  }

  /** A pressed suggestion completes the word before the field loses focus. */
  #pick(event: Event, suggestion: Suggestion): void {
    event.preventDefault();
    this.#complete(suggestion);
  }

  #complete(suggestion: Suggestion): void {
    const caret = this.textarea.selectionStart;
    const before = this.textarea.value.slice(0, caret).replace(suggestion.word, suggestion.insert);
    this.textarea.value = before + this.textarea.value.slice(caret);
    this.textarea.setSelectionRange(before.length, before.length);
    this.suggestions = [];
    this.#onInput();
  }

  /** An emoji from the picker goes in at the caret; the picker closes and the field has the focus again. */
  #insert(emoji: string): void {
    const { selectionStart, selectionEnd, value } = this.textarea;
    this.textarea.value = value.slice(0, selectionStart) + emoji + value.slice(selectionEnd);
    const caret = selectionStart + emoji.length;
    this.picking = null;
    this.textarea.focus();
    this.textarea.setSelectionRange(caret, caret);
    this.#onInput();
  }

  /**
   * Escape closes an open picker wherever the focus is in the composer: in the picker, on its
   * button, or in the field (an empty sticker bank has nothing to focus).
   */
  readonly #onPickerKey = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape' || this.picking === null) return;
    event.stopPropagation();
    event.preventDefault();
    this.picking = null;
    this.textarea.focus();
  };

  /** A tool chosen from the "+" menu folds it again. */
  readonly #onToolChosen = (event: Event): void => {
    if (event.target !== event.currentTarget) this.toolsOpen = false;
  };

  #toggle(picker: 'emoji' | 'sticker'): void {
    // The pickers are out of the chat's first load: each comes when first opened.
    void (picker === 'sticker' ? import('../volley-sticker-picker/volley-sticker-picker.js') : import('../volley-emoji-picker/volley-emoji-picker.js'));
    this.picking = this.picking === picker ? null : picker;
  }

  /** A sticker from the bank goes at once, as its own message; the text being written stays. */
  #sticker(sticker: MessageSticker): void {
    this.picking = null;
    void this.sendSticker(sticker).then((result) => (this.feedback = result));
    this.textarea.focus();
  }

  #onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    void this.#send();
    this.textarea.focus();
  }

  async #send(): Promise<void> {
    const text = this.textarea.value;
    const files = this.staged;
    if (text.trim() === '' && files.length === 0) return;
    // Sent as UTF-8, a lone surrogate would arrive as U+FFFD and a NUL cannot be stored: refused here, the text kept.
    if (!isWellFormedText(text)) return void (this.feedback = { ok: false, error: msg('field.not_well_formed') });
    const result = await this.submit(text, files);
    this.feedback = result;
    if (!result.ok) return;
    // Sent: a picker left open (an empty sticker bank, say) has nothing more to offer this message.
    this.picking = null;
    this.staged = this.staged.filter((file) => !files.includes(file));
    if (this.textarea.value !== text) return;
    this.textarea.value = '';
    this.preview = null;
    if (this.draft) setDraftText(this.draft, '', this);
  }

  /** Another device (or tab) changed the draft: show it, keeping my caret where it was. */
  readonly #onRemoteDraft = (event: Y.YTextEvent): void => {
    if (event.transaction.origin === this || !this.textarea) return;
    const { selectionStart, selectionEnd } = this.textarea;
    this.textarea.value = this.draft?.toString() ?? '';
    this.textarea.setSelectionRange(selectionStart, selectionEnd);
    this.#showPreview();
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-composer': VolleyComposer;
  }
}
