/**
 * Goes to a conversation by name (Ctrl+K, ⌘K on a Mac: app/volley-app.ts): a modal with a field and
 * my conversations as this device holds them, the latest active first, narrowed as I type (case and
 * accents aside). ↑ and ↓ choose, Enter or a click opens, Escape closes, focus back where it was.
 * A combobox and its listbox for assistive technology. Fetched with the first Ctrl+K.
 */
import { consume } from '@lit/context';
import type { Conversation } from '@volley/shared';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { byActivity } from '../../../chat/conversation-summary.js';
import { dbContext, type VolleyDB } from '../../../db/db.js';
import { msg, type Locale } from '../../../i18n/i18n.js';
import { routerContext, type Router } from '../../../router/router.js';
import { conversationTitle } from '../../../services/conversations.js';
import { dialogStyles } from '../../../styles/dialog.styles.js';
import { visuallyHidden } from '../../../styles/shared.styles.js';

/** The most conversations listed: past them, typing narrows faster than scrolling. */
const SHOWN = 12;

/** Lower case without accents: "Équipe" is found by "equipe". */
const folded = (text: string): string => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

@customElement('volley-conversation-switcher')
export class VolleyConversationSwitcher extends LitElement {
  static override styles = [
    dialogStyles,
    visuallyHidden,
    css`
      dialog {
        margin-top: min(15vh, 8rem);
      }
      input {
        width: 100%;
        box-sizing: border-box;
        font: inherit;
        min-height: 44px;
        padding: var(--volley-space-2) var(--volley-space-3);
        border: 1px solid var(--volley-border);
        border-radius: var(--volley-radius-small);
        background: var(--volley-surface);
        color: var(--volley-text);
      }
      input:focus-visible {
        outline: none;
        box-shadow: var(--volley-focus);
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
        display: flex;
        flex-direction: column;
        gap: 2px;
      }
      li {
        min-height: 44px;
        display: flex;
        align-items: center;
        padding: 0 var(--volley-space-3);
        border-radius: var(--volley-radius-small);
        cursor: pointer;
        overflow: hidden;
        white-space: nowrap;
        text-overflow: ellipsis;
      }
      li[aria-selected='true'] {
        background: var(--volley-brand);
        color: var(--volley-on-brand);
      }
      .none,
      .hint {
        margin: 0;
        color: var(--volley-text-muted);
        font-size: 0.875rem;
      }
    `,
  ];

  @consume({ context: dbContext }) db?: VolleyDB;
  @consume({ context: routerContext }) router?: Router;
  /** From the parent: a change of locale renders the element again (its text is `msg`'s). */
  @property({ attribute: false }) locale?: Locale;
  @state() private conversations: Conversation[] = [];
  @state() private typed = '';
  @state() private active = 0;
  @query('dialog') private dialog!: HTMLDialogElement;
  @query('input') private field!: HTMLInputElement;

  /** Opens it, the field empty and focused. */
  async show(): Promise<void> {
    [this.typed, this.active] = ['', 0];
    this.conversations = byActivity((await this.db?.conversations.toArray()) ?? []);
    await this.updateComplete;
    if (!this.dialog.open) this.dialog.showModal();
    this.field.value = '';
    this.field.focus();
  }

  protected override render() {
    const found = this.#found();
    const active = Math.min(this.active, found.length - 1);
    return html`<dialog aria-label=${msg('switcher.label')} @close=${() => this.dispatchEvent(new Event('close'))}>
      <div class="dialog-body">
        <label for="switcher-field" class="visually-hidden">${msg('switcher.label')}</label>
        <input id="switcher-field" type="text" role="combobox" autocomplete="off" spellcheck="false" placeholder=${msg('switcher.placeholder')}
          aria-expanded="true" aria-controls="switcher-list" aria-describedby="switcher-hint" aria-activedescendant=${active >= 0 ? `switcher-${active}` : nothing}
          @input=${(event: Event) => ([this.typed, this.active] = [(event.target as HTMLInputElement).value, 0])} @keydown=${this.#onKey} />
        <ul id="switcher-list" role="listbox" aria-label=${msg('switcher.label')}>
          ${found.map(
            (conversation, index) =>
              html`<li id=${`switcher-${index}`} role="option" aria-selected=${index === active ? 'true' : 'false'} data-testid="switcher-option"
                @pointermove=${() => (this.active = index)} @click=${() => this.#open(conversation)}>${conversationTitle(conversation)}</li>`,
          )}
        </ul>
        ${found.length === 0 ? html`<p class="none" role="status">${msg('switcher.none')}</p>` : nothing}
        <p class="hint" id="switcher-hint">${msg('switcher.hint')}</p>
      </div>
    </dialog>`;
  }

  #found(): Conversation[] {
    const typed = folded(this.typed.trim());
    return this.conversations.filter((conversation) => folded(conversationTitle(conversation)).includes(typed)).slice(0, SHOWN);
  }

  readonly #onKey = (event: KeyboardEvent): void => {
    const found = this.#found();
    const step = { ArrowDown: 1, ArrowUp: -1 }[event.key];
    if (step && found.length > 0) this.active = (Math.min(this.active, found.length - 1) + step + found.length) % found.length;
    else if (event.key === 'Enter' && !event.isComposing && found.length > 0) this.#open(found[Math.min(this.active, found.length - 1)]!);
    else return;
    event.preventDefault();
  };

  #open(conversation: Conversation): void {
    this.dialog.close();
    this.router?.navigate(`/c/${conversation.id}`);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-conversation-switcher': VolleyConversationSwitcher;
  }
}
