/**
 * My signed-in sessions (device, address, last seen), each of which I can end, or all but this one;
 * a session whose device receives pushes says so, and its pushes can be turned off from here.
 */
import { consume } from '@lit/context';
import { ApiError, type ApiClient } from '@volley/client';
import type { PushSubscriptionView, SessionView } from '@volley/shared';
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { apiContext } from '../../../services/client.js';
import { deviceName } from '../../../services/device-name.js';
import { endOtherSessions, endSession, sessionsAndPushes, stopPushes } from '../../../services/sessions.js';
import { msg, msgFor, type Locale, localeContext } from '../../../i18n/i18n.js';
import { buttonStyles } from '../../../styles/shared.styles.js';

@customElement('volley-sessions')
export class VolleySessions extends LitElement {
  static override styles = [
    buttonStyles,
    css`
    h2 {
      font-size: 1rem;
      margin: 0 0 var(--volley-space-2);
    }
    ul {
      list-style: none;
      padding: 0;
      margin: 0 0 var(--volley-space-2);
    }
    li {
      display: flex;
      gap: var(--volley-space-2);
      align-items: center;
      justify-content: space-between;
      padding: var(--volley-space-1) 0;
    }
    .meta {
      color: var(--volley-text-muted);
      font-size: 0.85rem;
    }
  `,
  ];

  @consume({ context: apiContext }) api?: ApiClient;
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;
  @state() private sessions: SessionView[] = [];
  @state() private pushes: PushSubscriptionView[] = [];
  @state() private error: string | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#run(async () => undefined);
  }

  protected override render() {
    return html`<section aria-labelledby="sessions-title">
      <h2 id="sessions-title">${msg('sessions.title')}</h2>
      <ul>
        ${this.sessions.map(
          (s) => html`<li data-testid="session">
            <div>
              <div>${deviceName(s.device)}${s.current ? html` <strong>(${msg('sessions.thisDevice')})</strong>` : nothing}</div>
              <div class="meta">${s.address} · ${msg('sessions.lastSeen', { when: new Date(s.lastSeenAt).toLocaleString(this.locale) })}</div>
              ${this.pushes
                .filter((p) => p.sessionId === s.id)
                .map(
                  (p) => html`<div class="meta" data-testid="session-push">
                    ${msg('sessions.pushOn')}
                    <button type="button" class="secondary small" @click=${() => this.#run((api) => stopPushes(api, p.id))}>${msg('notificationSettings.deviceOff')}</button>
                  </div>`,
                )}
            </div>
            ${s.current ? nothing : html`<button type="button" class="secondary danger" @click=${() => this.#run((api) => endSession(api, s.id))}>${msg('sessions.end')}</button>`}
          </li>`,
        )}
      </ul>
      ${this.sessions.length > 1 ? html`<button type="button" class="secondary danger" @click=${() => this.#run(endOtherSessions)}>${msg('sessions.endOthers')}</button>` : nothing}
      ${this.error ? html`<p role="alert">${msgFor('error', this.error, 'error.unknown')}</p>` : nothing}
    </section>`;
  }

  /** Runs a change, then shows the list as it now stands. */
  async #run(change: (api: ApiClient) => Promise<unknown>): Promise<void> {
    const api = this.api;
    if (!api) return;
    try {
      await change(api);
      ({ sessions: this.sessions, pushes: this.pushes } = await sessionsAndPushes(api));
      this.error = null;
    } catch (error) {
      this.error = error instanceof ApiError ? error.code : 'unknown';
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-sessions': VolleySessions;
  }
}
