/** A friend's presence as a coloured dot with a text alternative: online, away or offline. */
import type { PresenceStatus } from '@volley/shared';
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { msg, type Locale } from '../../../i18n/i18n.js';

@customElement('volley-presence-dot')
export class VolleyPresenceDot extends LitElement {
  static override styles = css`
    :host {
      display: inline-flex;
      flex: none;
    }
    span {
      width: 10px;
      height: 10px;
      border-radius: 50%;
      box-sizing: border-box;
      border: 2px solid var(--volley-text-muted);
    }
    [data-status='online'] {
      background: var(--volley-success);
      border-color: var(--volley-success);
    }
    [data-status='away'] {
      background: var(--volley-warning);
      border-color: var(--volley-warning);
    }
  `;

  @property() status: PresenceStatus = 'offline';
  /** From the parent: a change of locale renders the element again (its text is `msg`'s). */
  @property({ attribute: false }) locale?: Locale;

  protected override render() {
    const label = msg(`presence.${this.status}`);
    return html`<span data-testid="presence" data-status=${this.status} role="img" aria-label=${label} title=${label}></span>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-presence-dot': VolleyPresenceDot;
  }
}
