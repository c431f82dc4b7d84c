/**
 * The actions of one message: with a mouse, a bar (three quick reactions, Reply, and "⋯" for the
 * rest; in a narrow window "⋯" alone); with a finger, a tap or a long press of the message. The menu (keyboard: arrows move, Escape closes): Reply, React (common
 * emoji, each a toggle, and "+" for the full picker), Pin or Unpin (where I may pin), Copy link to message, Mark unread, Report (another's, that I can read),
 * Edit (mine; the message opens its editor on `edit`), Delete (mine, or any in a channel I administer; asks first).
 */
import { consume } from '@lit/context';
import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { messageHref } from '../../../chat/message-link.js';
import { pinRightContext } from '../../../chat/pins.js';
import { editable, reportable, type TimelineItem } from '../../../chat/timeline.js';
import { MessageActionEvent, type MessageAction } from '../../../events/message-action-event.js';
import { msg, type Locale } from '../../../i18n/i18n.js';
import '../volley-emoji-picker/volley-emoji-picker.js';
import type { EmojiPickEvent } from '../volley-emoji-picker/volley-emoji-picker.js';
import { styles } from './volley-message-actions.styles.js';

export const QUICK_EMOJI = ['👍', '❤️', '😂', '🎉', '😮', '😢'] as const;

/** A finger rather than a mouse. */
const touch = matchMedia('(pointer: coarse)');

@customElement('volley-message-actions')
export class VolleyMessageActions extends LitElement {
  static override styles = styles;

  @property({ attribute: false }) item: TimelineItem | null = null;
  @property() myId = '';
  /** I may delete others' messages here (admin or owner of a channel). */
  @property({ type: Boolean }) moderator = false;
  /** I may pin here (the open conversation says). */
  @consume({ context: pinRightContext, subscribe: true }) mayPin = false;
  /** From the parent: a change of locale renders the element again (its text is `msg`'s). */
  @property({ attribute: false }) locale?: Locale;
  @state() private open: 'menu' | 'emoji' | 'all-emoji' | 'confirm' | null = null;
  /** The popup opens towards the larger room in the scrolling log around it, so the log's edge cuts it the least. */
  @state() private up = false;

  /** The message around me, whose tap or long press opens the menu on a touch screen. */
  #message: Element | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#message = this.parentElement;
    for (const type of ['click', 'contextmenu']) this.#message?.addEventListener(type, this.#onTouch);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#covered?.();
    for (const type of ['click', 'contextmenu']) this.#message?.removeEventListener(type, this.#onTouch);
  }

  /**
   * A finger opens the actions with a tap or a long press of the message (no button sits over the
   * text); a tap on a link, a button, a picture or the editor does what it says.
   */
  readonly #onTouch = (event: Event): void => {
    if (!touch.matches || this.open || event.composedPath().some((el) => el instanceof Element && el.matches('a, button, img, video, textarea, input, [role="menu"], [role="group"]'))) return;
    event.preventDefault();
    this.#toggle();
  };

  protected override render() {
    const item = this.item;
    if (!item) return nothing;
    // A mouse's bar: the quick reactions and Reply at hand, the rest behind "⋯". A finger has none (a tap opens the menu).
    const bar = item.deletedAt === undefined && !touch.matches;
    return html`<div class="bar" role="group" aria-label=${msg('message.quickActions')}>
        ${bar ? QUICK_EMOJI.slice(0, 3).map((emoji) => this.#reaction(item, emoji)) : nothing}
        ${bar ? html`<button type="button" class="reply" aria-label=${msg('message.reply')} title=${msg('message.reply')} @click=${() => this.#do({ action: 'reply', id: item.id })}>↩</button>` : nothing}
        <button type="button" class="trigger" aria-haspopup="menu" aria-expanded=${this.open ? 'true' : 'false'} aria-label=${msg('message.actions')} title=${msg('message.actions')} @click=${this.#toggle}>⋯</button>
      </div>
      ${this.open === 'menu' ? this.#menu(item) : nothing} ${this.open === 'emoji' ? this.#picker(item) : nothing}
      ${this.open === 'all-emoji' ? this.#fullPicker(item) : nothing} ${this.open === 'confirm' ? this.#confirm(item) : nothing}`;
  }

  #menu(item: TimelineItem) {
    const live = item.deletedAt === undefined;
    const mine = item.author === this.myId;
    return html`<div role="menu" class="popup" ?data-up=${this.up} popover=${this.#sheet()} aria-label=${msg('message.actions')} @keydown=${this.#onKey} @focusout=${this.#onFocusOut}>
      ${live ? html`<button type="button" role="menuitem" @click=${() => this.#do({ action: 'reply', id: item.id })}>${msg('message.reply')}</button>` : nothing}
      ${live ? html`<button type="button" role="menuitem" @click=${() => (this.open = 'emoji')}>${msg('message.react')}</button>` : nothing}
      ${editable(item) ? html`<button type="button" role="menuitem" @click=${this.#edit}>${msg('message.edit')}</button>` : nothing}
      ${live && this.mayPin && item.seq !== undefined
        ? html`<button type="button" role="menuitem" @click=${() => this.#do({ action: 'pin', id: item.id, on: !item.pinned })}>${msg(item.pinned ? 'message.unpin' : 'message.pin')}</button>`
        : nothing}
      ${live && item.seq !== undefined ? html`<button type="button" role="menuitem" @click=${() => this.#copyLink(item.seq!)}>${msg('message.copyLink')}</button>` : nothing}
      ${live && item.seq !== undefined ? html`<button type="button" role="menuitem" @click=${() => this.#do({ action: 'unread', id: item.id, seq: item.seq! })}>${msg('message.markUnread')}</button>` : nothing}
      ${live && reportable(item) ? html`<button type="button" role="menuitem" @click=${() => this.#do({ action: 'report', id: item.id })}>${msg('message.report')}</button>` : nothing}
      ${live && (mine || this.moderator) ? html`<button type="button" role="menuitem" class="danger" @click=${() => (this.open = 'confirm')}>${msg('message.delete')}</button>` : nothing}
    </div>`;
  }

  #picker(item: TimelineItem) {
    return html`<div role="group" class="popup emoji" ?data-up=${this.up} popover=${this.#sheet()} aria-label=${msg('message.pickReaction')} @keydown=${this.#onKey} @focusout=${this.#onFocusOut}>
      ${QUICK_EMOJI.map((emoji) => this.#reaction(item, emoji))}
      <button type="button" class="more" data-testid="more-emoji" aria-label=${msg('message.moreEmoji')} title=${msg('message.moreEmoji')} @click=${() => (this.open = 'all-emoji')}>+</button>
    </div>`;
  }

  /** A reaction of mine, toggled. */
  #reaction(item: TimelineItem, emoji: string) {
    const on = (item.reactions?.[emoji] ?? []).includes(this.myId);
    return html`<button type="button" class="emoji-button" aria-pressed=${on ? 'true' : 'false'} @click=${() => this.#do({ action: 'react', id: item.id, emoji, on: !on })}>${emoji}</button>`;
  }

  /** Every emoji (the picker loads when opened); the one picked toggles my reaction. */
  #fullPicker(item: TimelineItem) {
    return html`<div role="group" class="popup picker" ?data-up=${this.up} popover=${this.#sheet()} aria-label=${msg('message.pickReaction')} @keydown=${this.#onPickerKey} @focusout=${this.#onFocusOut}>
      <volley-emoji-picker tabindex="-1"
        @emoji-pick=${({ emoji }: EmojiPickEvent) => this.#do({ action: 'react', id: item.id, emoji, on: !(item.reactions?.[emoji] ?? []).includes(this.myId) })}
      ></volley-emoji-picker>
    </div>`;
  }

  #confirm(item: TimelineItem) {
    return html`<div role="alertdialog" class="popup confirm" ?data-up=${this.up} popover=${this.#sheet()} aria-label=${msg('message.confirmDelete')} @keydown=${this.#onKey} @focusout=${this.#onFocusOut}>
      <p>${msg('message.confirmDelete')}</p>
      <span class="buttons">
        <button type="button" class="small danger-button" @click=${() => this.#do({ action: 'delete', id: item.id })}>${msg('message.delete')}</button>
        <button type="button" class="small secondary" @click=${() => this.#close()}>${msg('common.cancel')}</button>
      </span>
    </div>`;
  }

  /** A finger's popups are a sheet along the screen's bottom edge, in the top layer: over no message's text (`#uncover`). */
  #sheet() {
    return touch.matches ? 'manual' : nothing;
  }

  protected override updated(): void {
    const popup = this.renderRoot.querySelector<HTMLElement>('.popup');
    if (popup?.popover && !popup.matches(':popover-open')) {
      popup.showPopover();
      this.#uncover(popup);
    }
    if (!popup) this.#covered?.();
    // The full picker replaced the "+" that had the focus: the picker takes it (then its search field).
    const picker = this.renderRoot.querySelector<HTMLElement>('volley-emoji-picker');
    if (picker && this.shadowRoot!.activeElement !== picker) picker.focus();
    const menu = this.renderRoot.querySelector('.popup:not(.picker)');
    if (menu && !menu.contains(this.shadowRoot!.activeElement)) menu.querySelector<HTMLElement>('button')?.focus();
  }

  /** Undoes `#uncover`'s room under the log, once the sheet is gone. */
  #covered: (() => void) | null = null;

  /**
   * The message acted on, scrolled up above the sheet: the log is given room under its last message
   * for as long as the sheet is open, so the newest can rise too.
   */
  #uncover(sheet: HTMLElement): void {
    const message = this.#message;
    const log = closest(this, (node) => /auto|scroll/.test(getComputedStyle(node).overflowY));
    if (!message || !log) return;
    const hidden = message.getBoundingClientRect().bottom - sheet.getBoundingClientRect().top + 8;
    if (hidden <= 0) return;
    this.#covered?.();
    const padding = log.style.paddingBottom;
    log.style.paddingBottom = `${Number.parseFloat(getComputedStyle(log).paddingBottom) + hidden}px`;
    log.scrollTop += hidden;
    this.#covered = () => {
      log.style.paddingBottom = padding;
      this.#covered = null;
    };
  }

  #toggle(): void {
    const box = this.getBoundingClientRect();
    const log = scrollingBox(this);
    this.up = box.top - log.top > log.bottom - box.bottom;
    this.open = this.open ? null : 'menu';
  }

  #do(action: MessageAction): void {
    this.#close();
    this.dispatchEvent(new MessageActionEvent(action));
  }

  /** The message's address (chat/message-link.ts): opened, it shows the conversation at this message, highlighted. */
  #copyLink(seq: number): void {
    const item = this.item!;
    const convId = around(this, 'volley-conversation')?.conversation?.id;
    this.#close();
    if (convId) void navigator.clipboard.writeText(new URL(messageHref(convId, { id: item.id, seq }), location.origin).href).catch(() => undefined);
  }

  #edit(): void {
    this.open = null;
    this.dispatchEvent(new Event('edit'));
  }

  #close(): void {
    this.open = null;
    this.renderRoot.querySelector<HTMLElement>('.trigger')?.focus();
  }

  readonly #onPickerKey = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    this.#close();
  };

  readonly #onKey = (event: KeyboardEvent): void => {
    const items = [...this.renderRoot.querySelectorAll<HTMLElement>('.popup button')];
    const at = items.indexOf(this.shadowRoot!.activeElement as HTMLElement);
    const step = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 }[event.key];
    if (step) items[(at + step + items.length) % items.length]?.focus();
    else if (event.key === 'Escape') this.#close();
    else return;
    event.preventDefault();
    event.stopPropagation();
  };

  /** Focus left the menu: close it, unless it only moved between the menu and the picker (re-rendered meanwhile). */
  readonly #onFocusOut = (): void => {
    setTimeout(() => {
      if (!this.shadowRoot!.activeElement?.closest('.popup')) this.open = null;
    });
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-message-actions': VolleyMessageActions;
  }
}

/** The nearest element around `el` that `found` accepts, through shadow roots. */
function closest(el: Element, found: (node: HTMLElement) => boolean): HTMLElement | null {
  for (let node: Node | null = el.parentNode; node; node = node instanceof ShadowRoot ? node.host : node.parentNode) {
    if (node instanceof HTMLElement && found(node)) return node;
  }
  return null;
}

/** The element of that tag around `el` (the conversation the message is in: its id is not the message's). */
const around = <K extends keyof HTMLElementTagNameMap>(el: Element, tag: K) => closest(el, (node) => node.localName === tag) as HTMLElementTagNameMap[K] | null;

/** The box of the nearest scrolling element around `el`, through shadow roots: the window if none. */
function scrollingBox(el: Element): { top: number; bottom: number } {
  return closest(el, (node) => /auto|scroll/.test(getComputedStyle(node).overflowY))?.getBoundingClientRect() ?? { top: 0, bottom: innerHeight };
}
