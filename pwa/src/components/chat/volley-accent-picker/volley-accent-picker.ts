/**
 * A conversation's accent colour, chosen by whoever may choose it (a DM's members, a channel's owner
 * and admins; the sync server decides): a labelled select sent as the library's `accent` op.
 */
import { consume } from '@lit/context';
import type { VolleyClient } from '@volley/client';
import { ACCENTS, type Accent } from '@volley/shared';
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { msg, type Locale, localeContext } from '../../../i18n/i18n.js';
import { volleyContext } from '../../../services/client.js';

const isAccent = (value: string): value is Accent => (ACCENTS as readonly string[]).includes(value);

@customElement('volley-accent-picker')
export class VolleyAccentPicker extends LitElement {
  static override styles = css`
    label {
      display: inline-flex;
      align-items: center;
      gap: var(--volley-space-2);
      font-size: 0.875rem;
      font-weight: 600;
    }
    /* The control's icon, as the header's buttons have theirs: the colour chosen. */
    .swatch {
      width: 14px;
      height: 14px;
      border-radius: 50%;
      flex: none;
      background: var(--swatch, var(--volley-brand));
      box-shadow: inset 0 0 0 1px color-mix(in srgb, var(--volley-text) 25%, transparent);
    }
    select {
      font: inherit;
      font-weight: 400;
      color: inherit;
      min-height: 32px;
      padding: 0 var(--volley-space-2);
      background: var(--volley-surface-raised);
      border: 1px solid var(--volley-border);
      border-radius: var(--volley-radius-small);
    }
    select:focus-visible {
      outline: none;
      box-shadow: var(--volley-focus);
    }
    @media (pointer: coarse), (max-width: 719px) {
      select {
        min-height: 44px;
      }
    }
  `;

  @property() convId = '';
  @property({ attribute: false }) accent: Accent | null = null;
  @consume({ context: volleyContext, subscribe: true }) volley?: VolleyClient;
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;

  /** Its label's text is a part: the chat's header may show the select alone, named still (page-chat.styles.ts). */
  protected override render() {
    const label = msg('accent.label');
    return html`<label
      ><span class="swatch" aria-hidden="true"></span><span part="label">${label}</span>
      <select aria-label=${label} title=${label} @change=${this.#choose}>
        <option value="" ?selected=${this.accent === null}>${msg('accent.none')}</option>
        ${ACCENTS.map((accent) => html`<option value=${accent} ?selected=${this.accent === accent}>${msg(`accent.${accent}`)}</option>`)}
      </select></label
    >`;
  }

  // Through the CSSOM: the CSP refuses style attributes.
  protected override updated(): void {
    if (this.accent) this.style.setProperty('--swatch', `var(--volley-accent-${this.accent})`);
    else this.style.removeProperty('--swatch');
  }

  readonly #choose = (event: Event): void => {
    const value = (event.target as HTMLSelectElement).value;
    this.accent = isAccent(value) ? value : null;
    if (this.volley?.user) void this.volley.outbox().setAccent(this.convId, this.accent);
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-accent-picker': VolleyAccentPicker;
  }
}
