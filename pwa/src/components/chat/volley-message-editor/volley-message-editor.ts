/**
 * A message's inline editor: its text in a field, Enter or Save to keep it (`edit-save`, the text
 * as detail, once it is well formed), Escape or Cancel to leave it (`edit-cancel`). Defined when
 * the first editor opens (volley-message.ts): most visits edit nothing.
 */
import { isWellFormedText } from '@volley/shared';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { msg, type Locale } from '../../../i18n/i18n.js';
import { buttonStyles } from '../../../styles/shared.styles.js';

@customElement('volley-message-editor')
export class VolleyMessageEditor extends LitElement {
  static override styles = [
    buttonStyles,
    css`
      form {
        display: flex;
        flex-direction: column;
        gap: var(--volley-space-1);
      }
      .error {
        margin: 0;
        color: var(--volley-danger);
        font-size: 0.875rem;
      }
      textarea {
        font: inherit;
        padding: var(--volley-space-2);
        border: 1px solid var(--volley-border);
        border-radius: var(--volley-radius-small);
        background: var(--volley-surface-raised);
        color: var(--volley-text);
        resize: vertical;
      }
      .buttons {
        display: flex;
        gap: var(--volley-space-2);
      }
    `,
  ];

  /** The text to start from. */
  @property() text = '';
  /** Why the edit was not made, from here (malformed text) or from its owner (not kept on this device). */
  @property() error: string | null = null;
  /** From the parent: a change of locale renders the element again (its text is `msg`'s). */
  @property({ attribute: false }) locale?: Locale;
  @query('textarea') private field!: HTMLTextAreaElement;

  protected override render() {
    return html`<form @submit=${this.#save}>
      <textarea aria-label=${msg('message.editLabel')} .value=${this.text} rows="2" @keydown=${this.#onKey} @input=${() => (this.error = null)}></textarea>
      ${this.error ? html`<p class="error" role="alert" data-testid="edit-error">${this.error}</p>` : nothing}
      <span class="buttons">
        <button type="submit" class="small">${msg('profile.save')}</button>
        <button type="button" class="small secondary" @click=${this.#cancel}>${msg('common.cancel')}</button>
      </span>
    </form>`;
  }

  protected override firstUpdated(): void {
    this.field.focus();
    this.scrollIntoView({ block: 'nearest' });
  }

  readonly #save = (event: Event): void => {
    event.preventDefault();
    const body = this.field.value;
    if (!isWellFormedText(body)) return void (this.error = msg('field.not_well_formed'));
    this.error = null;
    this.dispatchEvent(new CustomEvent('edit-save', { detail: body }));
  };

  readonly #cancel = (): void => void this.dispatchEvent(new Event('edit-cancel'));

  readonly #onKey = (event: KeyboardEvent): void => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      this.#cancel();
    } else if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) this.#save(event);
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-message-editor': VolleyMessageEditor;
  }
}
