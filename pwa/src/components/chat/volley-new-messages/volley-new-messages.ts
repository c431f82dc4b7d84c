/**
 * Under the message list while the reader is above the newest messages and others have come in:
 * how many, as one button that goes back to the newest (the list handles its click). Fetched the
 * first time it is needed, out of the conversation's first load.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { msg, type Locale } from '../../../i18n/i18n.js';

@customElement('volley-new-messages')
export class VolleyNewMessages extends LitElement {
  // Under the log, not over it: the log gives it its height, so it hides no message. A margin, not
  // a padding: a click beside the button is not one on the element.
  static override styles = css`
    :host {
      display: block;
      margin: 0 var(--volley-space-2) var(--volley-space-1);
    }
    button {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: 0 var(--volley-space-3);
      width: 100%;
      min-height: 36px;
      padding: var(--volley-space-1) var(--volley-space-3);
      border: 0;
      border-radius: var(--volley-radius-small);
      background: var(--volley-brand);
      color: var(--volley-on-brand);
      font: inherit;
      font-size: 0.8125rem;
      font-weight: 600;
      text-align: start;
      cursor: pointer;
    }
    button:hover {
      background: var(--volley-brand-strong);
    }
    button:focus-visible {
      outline: none;
      box-shadow: var(--volley-focus);
    }
    .to-present {
      margin-inline-start: auto;
    }
    @media (pointer: coarse), (max-width: 719px) {
      button {
        min-height: 44px;
      }
    }
  `;

  /** Others' messages below the reader's view. */
  @property({ type: Number }) count = 0;
  /** From the parent: a change of locale renders the element again (its text is `msg`'s). */
  @property({ attribute: false }) locale?: Locale;

  protected override render() {
    // The space between the two parts: in the button's name, not only in its look.
    return html`<button type="button" data-testid="new-messages-bar"><span>${msg('chat.newBelow', { count: this.count })}</span> <span class="to-present"
        >${msg('chat.toPresent')} <span aria-hidden="true">↓</span></span
      ></button>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-new-messages': VolleyNewMessages;
  }
}
