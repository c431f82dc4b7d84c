/**
 * The screen of an account banned from the server while its app was open: every room would be
 * refused, so no page opens; what is stored here stays until the person signs out. Loaded when a
 * ban arrives (volley-app.ts); after a reload the sign-in page says the same (page-auth.ts).
 */
import { consume } from '@lit/context';
import { ApiError, type ApiClient } from '@volley/client';
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { banText, type BanFacts } from '../i18n/ban-text.js';
import { msg, type Locale } from '../i18n/i18n.js';
import { apiContext } from '../services/client.js';
import { sessionContext, type Session } from '../services/session.js';
import { buttonStyles } from '../styles/shared.styles.js';

/** How many times the screen asks the api for the ban's end before it says only "banned" (about 16 s in all). */
const ASKS = 6;

@customElement('volley-banned')
export class VolleyBanned extends LitElement {
  static override styles = [
    buttonStyles,
    css`
      :host {
        display: grid;
        place-items: center;
        min-height: 100%;
        padding: var(--volley-space-4);
      }
      section {
        max-width: 28rem;
        display: grid;
        gap: var(--volley-space-3);
        padding: var(--volley-space-4);
        border: 1px solid var(--volley-danger);
        border-radius: var(--volley-radius);
        background: var(--volley-surface);
      }
      h1 {
        margin: 0;
        font-size: 1.25rem;
        color: var(--volley-danger);
      }
      p {
        margin: 0;
      }
    `,
  ];

  @property({ attribute: false }) ban: BanFacts = {};
  /** From the parent: a change of locale renders the element again. */
  @property({ attribute: false }) locale?: Locale;
  @consume({ context: sessionContext }) session?: Session;
  @consume({ context: apiContext }) api?: ApiClient;
  /** The ban's end and reason, as the api tells them once asked. */
  @state() private told: BanFacts | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#ask();
  }

  /**
   * Asks the api for the ban's end and reason. The sync process that closed the socket may have
   * heard of the ban before the api process that answers (each follows the site's changes on the
   * bus): while the api still lets the account in, it asks again, a little later each time.
   */
  async #ask(): Promise<void> {
    for (let attempt = 0; attempt < ASKS && this.isConnected; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt));
      try {
        await this.api?.me();
      } catch (error) {
        if (error instanceof ApiError && error.code === 'site_banned') this.told = error.ban ?? {};
        return;
      }
    }
  }

  protected override render() {
    return html`<main>
      <section role="alert" aria-labelledby="banned-title">
        <h1 id="banned-title">${msg('ban.siteTitle')}</h1>
        <p data-testid="site-banned">${banText('site', this.told ?? this.ban)}</p>
        <button type="button" @click=${() => void this.session?.logout()}>${msg('ban.signOut')}</button>
      </section>
    </main>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-banned': VolleyBanned;
  }
}
