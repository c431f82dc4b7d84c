/**
 * A newcomer's first screen, above #general while it is the only conversation they have: where to
 * go from here (find people, join a channel, play). Closing it hides it on this device for good.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { msg, type Locale } from '../../../i18n/i18n.js';
import { buttonStyles } from '../../../styles/shared.styles.js';
import { dismissWelcome } from './welcome-dismissed.js';

@customElement('volley-welcome')
export class VolleyWelcome extends LitElement {
  static override styles = [
    buttonStyles,
    css`
      :host {
        display: block;
        margin: var(--volley-space-3);
        padding: var(--volley-space-4);
        border: 1px solid var(--volley-border);
        border-radius: var(--volley-radius);
        background: var(--volley-surface-raised);
      }
      /* A short page (an on-screen keyboard open on a phone): the conversation keeps the room. */
      @media (max-height: 500px) {
        :host {
          display: none;
        }
      }
      h2 {
        margin: 0 0 var(--volley-space-2);
        font-size: 1.125rem;
      }
      p {
        margin: 0 0 var(--volley-space-3);
        color: var(--volley-text-muted);
      }
      .ways {
        display: flex;
        flex-wrap: wrap;
        gap: var(--volley-space-2);
      }
    `,
  ];

  /** From the parent: a change of locale renders the element again (its text is `msg`'s). */
  @property({ attribute: false }) locale?: Locale;

  protected override render() {
    return html`<section aria-labelledby="welcome-title" data-testid="welcome">
      <h2 id="welcome-title">${msg('welcome.title')}</h2>
      <p>${msg('welcome.intro')}</p>
      <div class="ways">
        <a class="button small" href="/people">${msg('welcome.people')}</a>
        <a class="button small" href="/channels">${msg('welcome.channels')}</a>
        <a class="button small" href="/play">${msg('welcome.play')}</a>
        <button type="button" class="small secondary" @click=${this.#dismiss}>${msg('welcome.dismiss')}</button>
      </div>
    </section>`;
  }

  readonly #dismiss = (): void => {
    dismissWelcome();
    this.dispatchEvent(new Event('dismiss'));
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-welcome': VolleyWelcome;
  }
}
