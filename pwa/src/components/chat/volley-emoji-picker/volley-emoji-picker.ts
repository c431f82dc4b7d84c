/**
 * A full emoji picker (search, categories, skin tones), loaded when it first shows: the picker's
 * code and data stay out of the chat's first load. Emits `EmojiPickEvent` with the emoji chosen.
 * Its box has the picker's size from the start, so nothing moves when it arrives.
 */
import { consume } from '@lit/context';
import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { getLocale, localeContext, msg, type Locale } from '../../../i18n/i18n.js';
import { pickerBoxStyles } from '../../../styles/picker.styles.js';

export class EmojiPickEvent extends Event {
  static readonly type = 'emoji-pick';
  constructor(readonly emoji: string) {
    super(EmojiPickEvent.type, { bubbles: true, composed: true });
  }
}

@customElement('volley-emoji-picker')
export class VolleyEmojiPicker extends LitElement {
  static override styles = [
    pickerBoxStyles,
    css`
    :host {
      overflow: hidden;
    }
    p {
      margin: var(--volley-space-3);
      color: var(--volley-text-muted);
    }
    emoji-picker {
      width: 100%;
      height: 100%;
      --border-size: 0;
      --emoji-size: 1.5rem;
      /* Ten categories fit a phone's width (they overflowed at the emoji's size). */
      --category-emoji-size: 1.125rem;
      --category-emoji-padding: 0.25rem;
      --background: var(--volley-surface-raised);
    }
  `,
  ];

  @consume({ context: localeContext, subscribe: true }) locale?: Locale;
  @state() private picker: HTMLElement | null = null;
  @state() private failed = false;

  override connectedCallback(): void {
    super.connectedCallback();
    import('./emoji-picker-loader.js').then(
      ({ createPicker }) => {
        const picker = createPicker(this.locale ?? getLocale());
        picker.addEventListener('emoji-click', (event) => {
          const unicode = (event as CustomEvent<{ unicode?: string }>).detail.unicode;
          if (unicode) this.dispatchEvent(new EmojiPickEvent(unicode));
        });
        this.picker = picker;
      },
      () => (this.failed = true),
    );
  }

  protected override render() {
    if (this.picker) return this.picker;
    return html`<p role="status">${msg(this.failed ? 'common.offline' : 'app.loading')}</p>`;
  }

  protected override updated(changed: PropertyValues): void {
    // The picker's search field takes the focus, as it does in every chat.
    if (changed.has('picker')) this.picker?.shadowRoot?.querySelector<HTMLElement>('input')?.focus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-emoji-picker': VolleyEmojiPicker;
  }
  interface HTMLElementEventMap {
    [EmojiPickEvent.type]: EmojiPickEvent;
  }
}
