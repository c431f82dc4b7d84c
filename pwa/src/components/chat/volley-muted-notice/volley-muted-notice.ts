/**
 * Above the composer: that I am muted in this conversation, and until when, before I type
 * (docs/architecture.md §3, "Who may do what"). The mute is the conversation's `mutedUntil` as the
 * list has it, read again when the conversation's members change while it is open (a mute given or
 * lifted now); the notice goes when the mute ends. A mute outlives leaving and joining again, so a
 * channel joined again shows it at once.
 */
import { consume } from '@lit/context';
import type { ApiClient } from '@volley/client';
import type { Conversation } from '@volley/shared';
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { formatMessageTime } from '../../../i18n/format.js';
import { msg, type Locale, localeContext } from '../../../i18n/i18n.js';
import { channelsContext, type Channels } from '../../../services/channels.js';
import { apiContext } from '../../../services/client.js';

/** setTimeout's longest wait: a mute of weeks is looked at again after it. */
const LONGEST_WAIT_MS = 2 ** 31 - 1;

@customElement('volley-muted-notice')
export class VolleyMutedNotice extends LitElement {
  static override styles = css`
    p {
      margin: 0;
      padding: var(--volley-space-1) var(--volley-space-3);
      border-top: 1px solid var(--volley-border);
      color: var(--volley-text-muted);
      font-size: 0.875rem;
    }
  `;

  @property({ attribute: false }) conversation: Conversation | null = null;
  @consume({ context: apiContext }) api?: ApiClient;
  @consume({ context: channelsContext }) channels?: Channels;
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;
  /** When my mute here ends (ISO), if I am muted. */
  @state() private until: string | null = null;
  #unfollow: (() => void) | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#unfollow = this.channels?.changed.add((convId) => convId === this.conversation?.id && this.#reread(convId));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unfollow?.();
    clearTimeout(this.#timer);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('conversation')) this.until = this.conversation?.mutedUntil ?? null;
  }

  protected override updated(): void {
    clearTimeout(this.#timer);
    const left = this.until ? Date.parse(this.until) - Date.now() : 0;
    // Gone when it ends: rendered again then, the notice finds the mute over.
    if (left > 0) this.#timer = setTimeout(() => this.requestUpdate(), Math.min(left + 50, LONGEST_WAIT_MS));
  }

  /** The conversation as the server has it now; offline, what was known stays. */
  #reread(convId: string): void {
    void this.api
      ?.request('GET', `/conversations/${encodeURIComponent(convId)}`, { schema: (s) => s.Conversation })
      .then((conversation) => {
        if (conversation.id === this.conversation?.id) this.until = conversation.mutedUntil;
      })
      .catch(() => undefined);
  }

  protected override render() {
    if (!this.until || Date.parse(this.until) <= Date.now()) return nothing;
    return html`<p role="status" data-testid="muted-notice">${msg('chat.mutedUntil', { time: formatMessageTime(this.until) })}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-muted-notice': VolleyMutedNotice;
  }
}
