/** The BOT mark beside a bot account's name, wherever one shows (messages, member lists, people). */
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { msg, type Locale } from '../../../i18n/i18n.js';

@customElement('volley-bot-badge')
export class VolleyBotBadge extends LitElement {
  static override styles = css`
    :host {
      display: inline-block;
      padding: 0 4px;
      border-radius: var(--volley-radius-small);
      font-size: 0.6875rem;
      font-weight: 700;
      letter-spacing: 0.04em;
      line-height: 1.4;
      color: var(--volley-on-brand);
      background: var(--volley-brand-strong);
      vertical-align: middle;
    }
  `;

  /** From the parent: a change of locale renders the element again (its text is `msg`'s). */
  @property({ attribute: false }) locale?: Locale;

  protected override render() {
    return html`<span data-testid="bot-badge" title=${msg('bot.badgeTitle')}>${msg('bot.badge')}</span>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-bot-badge': VolleyBotBadge;
  }
}
