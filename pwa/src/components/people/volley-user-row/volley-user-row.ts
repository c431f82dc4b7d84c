/** One person (or bot) in a list: avatar, display name (a link to the profile), a BOT badge, @username, presence when known, and the actions slotted after. */
import type { PresenceStatus, UserSummary } from '@volley/shared';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Locale } from '../../../i18n/i18n.js';
import '../volley-avatar/volley-avatar.js';
import '../volley-bot-badge/volley-bot-badge.js';
import '../volley-presence-dot/volley-presence-dot.js';

@customElement('volley-user-row')
export class VolleyUserRow extends LitElement {
  static override styles = css`
    :host {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--volley-space-2) var(--volley-space-3);
      padding: var(--volley-space-2) 0;
      min-width: 0;
    }
    .who {
      flex: 1 1 8rem;
      min-width: 0;
      display: flex;
      flex-direction: column;
    }
    a {
      color: var(--volley-text);
      font-weight: 650;
      text-decoration: none;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    a:hover {
      text-decoration: underline;
    }
    a:focus-visible {
      outline: none;
      box-shadow: var(--volley-focus);
      border-radius: 2px;
    }
    .username {
      color: var(--volley-text-muted);
      font-size: 0.875rem;
      display: flex;
      align-items: center;
      gap: var(--volley-space-2);
    }
    .actions {
      flex: 0 1 auto;
      margin-inline-start: auto;
      display: flex;
      align-items: center;
      flex-wrap: wrap;
      justify-content: flex-end;
      gap: var(--volley-space-2);
    }
  `;

  @property({ attribute: false }) user: UserSummary | null = null;
  /** A friend's presence; unset for people whose presence I do not see. */
  @property() presence: PresenceStatus | undefined;
  /** From the parent, for the badge and the presence dot. */
  @property({ attribute: false }) locale?: Locale;

  protected override render() {
    const user = this.user;
    if (!user) return nothing;
    return html`<volley-avatar .name=${user.displayName} .src=${user.avatarUrl}></volley-avatar>
      <span class="who">
        <a href=${`/u/${user.id}`}>${user.displayName}</a> ${user.bot ? html`<volley-bot-badge .locale=${this.locale}></volley-bot-badge>` : nothing}
        <span class="username">
          ${this.presence ? html`<volley-presence-dot .locale=${this.locale} status=${this.presence}></volley-presence-dot>` : nothing}@${user.username}
        </span>
      </span>
      <span class="actions"><slot></slot></span>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-user-row': VolleyUserRow;
  }
}
