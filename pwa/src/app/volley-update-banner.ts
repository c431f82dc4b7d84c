/** "Update available — Reload": shown when a new service worker is waiting. */
import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { msg, type Locale } from '../i18n/i18n.js';
import type { AppUpdate } from '../pwa/app-update.js';
import { styles } from './volley-update-banner.styles.js';

@customElement('volley-update-banner')
export class VolleyUpdateBanner extends LitElement {
  static override styles = styles;

  @property({ attribute: false }) appUpdate: AppUpdate | null = null;
  /** From the parent: a change of locale renders the element again (its text is `msg`'s). */
  @property({ attribute: false }) locale?: Locale;
  @state() private waiting = false;
  #stop: (() => void) | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#follow();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stop?.();
    this.#stop = null;
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('appUpdate')) this.#follow();
  }

  protected override render() {
    if (!this.waiting) return nothing;
    return html`<div class="banner" role="status" data-testid="update-banner">
      <span>${msg('app.update')}</span>
      <button type="button" @click=${() => this.appUpdate?.apply()}>${msg('app.reload')}</button>
    </div>`;
  }

  #follow(): void {
    this.#stop?.();
    this.#stop = this.appUpdate?.changed.add((waiting) => (this.waiting = waiting)) ?? null;
    this.waiting = this.appUpdate?.waiting ?? false;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-update-banner': VolleyUpdateBanner;
  }
}
