/** The sidebar list of conversations, as links; the open one is marked `aria-current`. */
import { consume } from '@lit/context';
import type { Conversation } from '@volley/shared';
import { LitElement, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { localeContext } from '../../context.js';
import { msg, type Locale } from '../../i18n/i18n.js';
import { styles } from './volley-conversation-list.styles.js';

/** How a conversation is named in the UI: channels with a '#'. */
export const conversationTitle = (conversation: Conversation): string =>
  conversation.kind === 'dm' ? conversation.name : `#${conversation.name}`;

@customElement('volley-conversation-list')
export class VolleyConversationList extends LitElement {
  static override styles = styles;

  @property({ attribute: false }) conversations: readonly Conversation[] = [];
  @property({ attribute: false }) currentId: string | null = null;
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;

  protected override render() {
    if (this.conversations.length === 0) return html`<p class="empty">${msg('chat.noConversations')}</p>`;
    return html`<ul>
      ${this.conversations.map(
        (conversation) => html`<li>
          <a
            href=${`/c/${conversation.id}`}
            data-testid="conversation"
            data-id=${conversation.id}
            data-kind=${conversation.kind}
            aria-current=${conversation.id === this.currentId ? 'page' : 'false'}
            >${conversationTitle(conversation)}</a
          >
        </li>`,
      )}
    </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-conversation-list': VolleyConversationList;
  }
}
