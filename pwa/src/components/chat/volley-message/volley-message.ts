/**
 * One message: avatar and display name (each opens the author's card), time, or, continuing the
 * message above, only the time on hover; the quote it answers (a button jumping to it), body
 * (Markdown rendered as elements: links, mentions, code), its files (pictures inline, other files as
 * cards; mine still uploading with their progress and a cancel), its first link's preview card, "edited", "incomplete", or "message deleted"; a
 * message being streamed grows in place, marked "writing…", without actions until it is one; its reactions
 * (toggles, who reacted on hover and focus); the actions menu and the inline editor; "Seen" under my
 * last message the DM peer saw. My unsent messages say so; a refused one says why and offers Retry
 * and Discard, like my refused edits, deletes and reactions on it, and like a change of mine this
 * device could not keep (its storage full), which did not happen: an edit's text stays in the editor.
 */
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { isTombstoneUsername } from '@volley/shared';
import type { TimelineItem } from '../../../chat/timeline.js';
import { MessageActionEvent, type MessageAction } from '../../../events/message-action-event.js';
import { UserCardEvent } from '../../../events/user-card-event.js';
import { formatClock, formatFullTime, formatMessageTime } from '../../../i18n/format.js';
import type { Person } from '../../../services/members.js';
import { msg, type Locale, withLaterMessages } from '../../../i18n/i18n.js';
import '../../people/volley-bot-badge/volley-bot-badge.js';
import '../../people/volley-avatar/volley-avatar.js';
import { markdownLoaded, markdownReady, messageBody } from './message-body.js';
import { bodyStyles, extraStyles, styles } from './volley-message.styles.js';
import { shownName } from '../../../chat/shown-name.js';
import type { Unsaved } from '../volley-message-refusal/volley-message-refusal.js';

/**
 * The parts only some messages show, out of the chat's first load: each is defined when the first
 * message needing it renders (the service worker precaches them: offline alike), and the actions
 * menu, which every message has, once the first message is on screen. The list waits for those its
 * messages show before rendering them (`partsShown`), so a picture, a card or a sticker takes its
 * place from the first frame rather than growing when its code arrives.
 */
const PARTS = {
  actions: () => withLaterMessages(() => import('../volley-message-actions/volley-message-actions.js')),
  editor: () => withLaterMessages(() => import('../volley-message-editor/volley-message-editor.js')),
  refusal: () => withLaterMessages(() => import('../volley-message-refusal/volley-message-refusal.js')),
  attachments: () => withLaterMessages(() => import('../volley-attachments/volley-attachments.js')),
  game: () => withLaterMessages(() => import('../../game/volley-game-card/volley-game-card.js')),
  preview: () => withLaterMessages(() => import('../volley-link-preview/volley-link-preview.js')),
  sticker: () => import('../volley-sticker/volley-sticker.js'),
  upload: () => withLaterMessages(() => import('../volley-upload/volley-upload.js')),
};
type Part = keyof typeof PARTS;
const loaded = new Set<Part>();
/** A part's element defined; its module is fetched once, whoever asks again. */
const load = (part: Part): Promise<unknown> => PARTS[part]().then(() => loaded.add(part), () => undefined);
/** Starts loading a part's element; answers `content` to use in a template. */
function needs<T>(part: Part, content: T): T {
  if (!loaded.has(part)) void load(part);
  return content;
}

/** The parts whose size these messages' places depend on, loaded; null when they are already. */
export function partsShown(items: readonly TimelineItem[]): Promise<unknown> | null {
  const missing = new Set<Part>();
  for (const item of items) {
    if (item.status === 'rejected' || item.failed.length > 0) missing.add('refusal');
    if (item.deletedAt !== undefined) continue;
    if (item.attachments?.length) missing.add('attachments');
    if (item.preview) missing.add('preview');
    if (item.sticker) missing.add('sticker');
    if (item.kind === 'invite' || item.kind === 'result') missing.add('game');
  }
  for (const part of loaded) missing.delete(part);
  return missing.size > 0 ? Promise.all([...missing].map(load)) : null;
}

/** The changes whose refusal or loss (this device's storage full) this message tells. */
const CHANGES = new Set<MessageAction['action']>(['edit', 'delete', 'react', 'pin']);

@customElement('volley-message')
export class VolleyMessage extends LitElement {
  static override styles = [styles, extraStyles, bodyStyles];

  @property({ attribute: false }) item: TimelineItem | null = null;
  @property({ attribute: false }) me = { id: '', username: '' };
  /** I may delete anyone's message here. */
  @property({ type: Boolean }) moderator = false;
  /** The DM peer has seen it (my last such message only). */
  @property({ type: Boolean }) seen = false;
  /** User id → name, for who reacted. */
  @property({ attribute: false }) names: ReadonlyMap<string, string> = new Map();
  /** From the parent: a change of locale renders the element again (its text is `msg`'s). */
  @property({ attribute: false }) locale?: Locale;
  /** Continues the message above under its header (same author, minutes apart): no avatar, no name. */
  @property({ type: Boolean }) continued = false;
  /** The author's display name and picture, when known. */
  @property({ attribute: false }) person?: Person;
  /** The quoted message's author as their profile reads now: a quote keeps only the username it was written with. */
  @property({ attribute: false }) quoted?: Person | undefined;
  /** The editor is open, with this text to start from (not the message's: a change of it must not replace what is typed). */
  @state() private editing: string | null = null;
  /** Why the edit was not made: refused here (a NUL or a lone surrogate in it), or not kept on this device. */
  @state() private editError: string | null = null;
  /** A change of mine this device could not keep (its storage full), and why: it did not happen. */
  @state() private unsaved: Unsaved | null = null;

  constructor() {
    super();
    // A change made here or from the actions menu: the editor closes once it is kept; one that could not be is told here, an edit's text kept in the editor.
    this.addEventListener(MessageActionEvent.type, ({ act, stored }) => {
      if (!CHANGES.has(act.action)) return;
      this.unsaved = null;
      void stored.then(
        () => {
          if (act.action === 'edit') this.editing = null;
        },
        () =>
          withLaterMessages(() => import('../../../chat/stored-outcome.js')).then(async ({ unsavedText }) => {
            if (act.action === 'edit') {
              this.editing ??= act.body;
              this.editError = unsavedText(act);
            } else this.unsaved = { act, text: unsavedText(act) };
            await this.updateComplete;
            this.renderRoot.querySelector(act.action === 'edit' ? 'volley-message-editor' : 'volley-message-refusal')?.scrollIntoView({ block: 'nearest' });
          }),
      );
    });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!markdownReady()) void markdownLoaded().then(() => this.requestUpdate());
  }

  protected override firstUpdated(): void {
    needs('actions', null);
  }

  protected override updated(changed: PropertyValues): void {
    // Whoever opened the editor may take the focus back (the conversation, for ↑ in its composer).
    if (changed.get('editing') != null && this.editing === null && this.item) this.dispatchEvent(new CustomEvent('edit-closed', { bubbles: true, composed: true, detail: this.item.id }));
  }

  /** Opens the editor on my message, as Edit in its menu does. */
  edit(): void {
    if (this.item) this.editing = this.item.body;
  }

  protected override render() {
    const item = this.item;
    if (!item) return nothing;
    // The server's own line (a tournament's pairings, a result) is no one's: no author, nothing to act on.
    if (item.kind === 'system') return html`<p class="system">${item.body}</p>`;
    const deleted = item.deletedAt !== undefined;
    const marks = this.#marks(item);
    return html`<article class=${item.mine ? 'mine' : ''} ?data-continued=${this.continued} data-status=${item.status} aria-busy=${item.streaming ? 'true' : 'false'}>
      <div class="gutter">
        ${this.continued
          ? html`<time class="clock" datetime=${item.at} title=${formatFullTime(item.at)}>${formatClock(item.at)}</time>`
          : this.#whoButton(item, html`<volley-avatar class="avatar" .name=${this.#name(item)} .src=${this.person?.avatarUrl ?? null}></volley-avatar>`, true)}
      </div>
      <div class="main">
        ${item.replyTo && !deleted
          ? html`<button type="button" class="quote" data-testid="reply-quote" @click=${() => this.#act({ action: 'jump', id: item.replyTo!.id, seq: item.replyTo!.seq })}>
              <span class="quote-author">${this.quoted?.displayName || shownName(item.replyTo.authorName)}</span> <span class="quote-text">${item.replyTo.excerpt}</span>
            </button>`
          : nothing}
        ${this.continued
          ? nothing
          : html`<header>
              ${this.#whoButton(item, html`<span class="author" data-testid="author">${this.#name(item)}</span>`, false)}
              ${item.authorBot ? html`<volley-bot-badge .locale=${this.locale}></volley-bot-badge>` : nothing}
              <time datetime=${item.at} title=${formatFullTime(item.at)}>${formatMessageTime(item.at)}</time> ${marks}
            </header>`}
        ${deleted ? html`<p class="body deleted" data-testid="deleted-placeholder">${msg('message.deleted')}</p>` : this.editing !== null ? this.#editor(this.editing) : this.#body(item, this.continued ? marks : nothing)}
        ${item.attachments?.length && !deleted
          ? needs('attachments', html`<volley-attachments .attachments=${item.attachments} .locale=${this.locale}></volley-attachments>`)
          : nothing}
        ${item.uploads?.length
          ? needs('upload', html`<div class="uploads">${item.uploads.map((file) => html`<volley-upload data-testid="upload" .messageId=${item.id} .file=${file} .locale=${this.locale}></volley-upload>`)}</div>`)
          : nothing}
        ${item.refusedFiles?.length
          ? needs('upload', html`<div class="uploads" data-testid="refused-files">
              ${item.refusedFiles.map((file) => html`<volley-upload data-testid="upload" .messageId=${item.id} .file=${file} .locale=${this.locale}></volley-upload>`)}
              <span><button type="button" class="small secondary" @click=${() => this.#act({ action: 'discard', id: item.id })}>${msg('attachment.dismiss')}</button></span>
            </div>`)
          : nothing}
        ${item.preview && !deleted && this.editing === null
          ? needs('preview', html`<volley-link-preview .preview=${item.preview} .messageId=${item.id} ?mine=${item.mine} .locale=${this.locale}></volley-link-preview>`)
          : nothing}
        ${deleted ? nothing : this.#reactions(item)}
        ${this.seen ? html`<p class="seen" data-testid="seen-receipt">${msg('message.seen')}</p>` : nothing}
        ${item.status === 'rejected' || item.failed.length > 0 || this.unsaved
          ? needs('refusal', html`<volley-message-refusal .item=${item} .unsaved=${this.unsaved} .locale=${this.locale} @unsaved-dismissed=${() => (this.unsaved = null)}></volley-message-refusal>`)
          : nothing}
      </div>
      ${item.status !== 'rejected' && !item.streaming ? html`<volley-message-actions .locale=${this.locale} class="actions-menu" .item=${item} .myId=${this.me.id} ?moderator=${this.moderator} @edit=${() => this.edit()}></volley-message-actions>` : nothing}
    </article>`;
  }

  /** The author as the log shows them: display name (the username on hover and in the card). */
  #name(item: TimelineItem): string {
    if (isTombstoneUsername(item.authorName)) return msg('account.deletedUser');
    return this.person?.displayName || item.authorName;
  }

  /** The name or the avatar as a button opening the author's card (none for a deleted account). */
  #whoButton(item: TimelineItem, content: unknown, decorative: boolean) {
    if (isTombstoneUsername(item.authorName)) return content;
    return html`<button type="button" class="who" data-testid=${decorative ? 'author-avatar' : 'author-name'} title=${`@${item.authorName}`}
      tabindex=${decorative ? '-1' : nothing} aria-hidden=${decorative ? 'true' : nothing} aria-label=${decorative ? nothing : msg('userCard.open', { name: this.#name(item) })}
      @click=${() => this.dispatchEvent(new UserCardEvent(item.author, item.authorName))}>${content}</button>`;
  }

  #marks(item: TimelineItem) {
    return html`${item.status === 'pending' ? html`<span class="state">${msg('chat.pending')}</span>` : nothing}
    ${item.changing ? html`<span class="state">${msg('message.saving')}</span>` : nothing}
    ${item.streaming ? html`<span class="state streaming" data-testid="streaming-mark">${msg('message.streaming')}</span>` : nothing}`;
  }

  #body(item: TimelineItem, marks: unknown) {
    const edited = html`${item.editedAt !== undefined ? html` <span class="edited" data-testid="edited-mark">${msg('message.edited')}</span>` : nothing}${
      item.incomplete ? html` <span class="edited" data-testid="incomplete-mark" title=${msg('message.incompleteTitle')}>${msg('message.incomplete')}</span>` : nothing
    } ${marks}${item.sealed && 'trust' in item.sealed ? this.#trust(item.sealed.trust, item.authorBot === true) : nothing}`;
    const sealed = item.sealed;
    if (sealed && 'reason' in sealed) return html`<p class="body deleted" data-testid="sealed-reason">${msg(`e2ee.${sealed.reason}`)}</p>`;
    if (item.kind === 'invite' || item.kind === 'result') return needs('game', html`<volley-game-card .item=${item} .myId=${this.me.id} .names=${this.names}></volley-game-card>`);
    if (item.kind === 'me') return html`<div class="body action">* ${this.#name(item)} ${messageBody(item.body, this.me.username)}${edited}</div>`;
    if (item.sticker) return needs('sticker', html`<div class="body sticker" data-testid="message-sticker"><volley-sticker .sticker=${item.sticker}></volley-sticker>${edited}</div>`);
    return html`<div class="body" data-testid="message-body">${messageBody(item.body, this.me.username)}${edited}</div>`;
  }

  /**
   * An encrypted message's author as this device can vouch for them; "Not verified" asks to verify
   * them (`verify-author`, from this message). A bot cannot compare emoji: its mark says whose
   * device it is instead.
   */
  #trust(trust: 'verified' | 'unverified', bot: boolean) {
    if (trust === 'unverified' && bot) return html` <span class="edited" data-testid="sender-trust" data-trust="bot" title=${msg('e2ee.botTitle')}>${msg('e2ee.bot')}</span>`;
    return trust === 'verified'
      ? html` <span class="edited" data-testid="sender-trust" data-trust="verified" title=${msg('e2ee.verified')} aria-label=${msg('e2ee.verified')}>✓</span>`
      : html` <button type="button" class="edited unverified" data-testid="sender-trust" data-trust="unverified" title=${msg('e2ee.unverifiedTitle')}
          @click=${() => this.dispatchEvent(new Event('verify-author', { bubbles: true, composed: true }))}>${msg('e2ee.unverified')}</button>`;
  }

  #editor(text: string) {
    return needs('editor', html`<volley-message-editor .text=${text} .error=${this.editError} .locale=${this.locale} @edit-save=${this.#save} @edit-cancel=${() => (this.editing = null)}></volley-message-editor>`);
  }

  #reactions(item: TimelineItem) {
    const entries = Object.entries(item.reactions ?? {}).filter(([, users]) => users.length > 0);
    if (entries.length === 0) return nothing;
    return html`<div class="reactions">
      ${entries.map(([emoji, users]) => {
        const who = users.map((u) => (u === this.me.id ? this.me.username : (this.names.get(u) ?? '?'))).join(', ');
        const on = users.includes(this.me.id);
        return html`<button type="button" class="reaction" data-testid="reaction" data-emoji=${emoji} aria-pressed=${on ? 'true' : 'false'}
          data-who=${who} title=${who} aria-label=${msg('message.reactionLabel', { emoji, count: users.length, who })}
          @click=${() => this.#act({ action: 'react', id: item.id, emoji, on: !on })}>${users.length}</button>`;
      })}
    </div>`;
  }

  /** An edit closes the editor once it is kept on this device (the listener above); nothing to save closes it at once. */
  readonly #save = ({ detail: body }: CustomEvent<string>): void => {
    this.editError = null;
    if (this.item && body.trim() !== '' && body !== this.item.body) this.#act({ action: 'edit', id: this.item.id, body });
    else this.editing = null;
  };

  #act(action: MessageAction): void {
    this.dispatchEvent(new MessageActionEvent(action));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-message': VolleyMessage;
  }
}
