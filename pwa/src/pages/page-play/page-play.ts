/**
 * Play, `/play`: ranked matchmaking (my rating, the widening window, the time waited, Cancel; a
 * match found takes me into the game), and the ways to practise and to the leaderboard. Leaving the
 * page leaves the queue. Offline it says matchmaking needs a connection and offers practice.
 */
import { consume } from '@lit/context';
import { LitElement, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { volleyContext } from '../../services/client.js';
import { onlineContext } from '../../services/session.js';
import { msg, msgFor, type Locale, localeContext } from '../../i18n/i18n.js';
import { routerContext, type Router } from '../../router/router.js';
import type { VolleyClient } from '@volley/client';
import { gamePath } from '../../services/games.js';
import { Matchmaking, waitedSeconds, type QueueState } from '../../services/matchmaking.js';
import { pageStyles } from '../../styles/page.styles.js';
import { buttonRowStyles, buttonStyles } from '../../styles/shared.styles.js';
import { styles } from './page-play.styles.js';

/** Long enough to read "Match found vs …" before the game page opens. */
const SHOW_MATCH_MS = 800;

@customElement('page-play')
export class PagePlay extends LitElement {
  static override styles = [buttonStyles, buttonRowStyles, pageStyles, styles];

  @consume({ context: volleyContext, subscribe: true }) volley?: VolleyClient;
  @consume({ context: routerContext }) router?: Router;
  @consume({ context: onlineContext, subscribe: true }) online = false;
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;
  @state() private queue: QueueState = { status: 'idle' };
  #matchmaking: Matchmaking | null = null;
  #stop: (() => void) | null = null;
  #tick: ReturnType<typeof setInterval> | undefined;
  #go: ReturnType<typeof setTimeout> | undefined;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#matchmaking?.cancel();
    this.#stop?.();
    this.#matchmaking = this.#stop = null;
    clearInterval(this.#tick);
    clearTimeout(this.#go);
  }

  protected override render() {
    return html`<main>
      <h1>${msg('play.title')}</h1>
      <section class="queue" aria-labelledby="ranked-title">
        <h2 id="ranked-title">${msg('play.find')}</h2>
        <p class="hint">${msg('play.intro')}</p>
        ${this.online ? this.#queue() : html`<p class="offline" role="status">${msg('play.offline')}</p>`}
      </section>
      <nav class="buttons" aria-label=${msg('play.title')}>
        <a class="button secondary" href="/practice">${msg('play.practice')}</a>
        <a class="button secondary" href="/leaderboard">${msg('play.leaderboard')}</a>
        <a class="button secondary" href="/tournaments">${msg('play.tournaments')}</a>
      </nav>
    </main>`;
  }

  #queue() {
    const q = this.queue;
    const searching = q.status === 'connecting' || q.status === 'queued';
    return html`<div class="status" role="status" data-testid="queue-status" data-state=${q.status}>
        ${q.status === 'connecting' ? msg('play.connecting') : nothing}
        ${q.status === 'queued'
          ? html`<span>${msg('play.searching')}</span>
              <span>${msg('play.status', { rating: q.rating, window: q.window, waited: waitedSeconds(q, Date.now()) })}</span>`
          : nothing}
        ${q.status === 'matched' ? html`<strong>${msg('play.matched', { name: q.opponent.displayName })}</strong>` : nothing}
        ${q.status === 'failed' ? (q.reason === 'lost' ? msg('play.lost') : msg('play.refused', { reason: msgFor('error', q.reason, 'error.unknown') })) : nothing}
      </div>
      <div class="buttons">
        ${searching
          ? html`<button type="button" class="secondary" @click=${() => this.#matchmaking?.cancel()}>${msg('play.cancel')}</button>`
          : html`<button type="button" ?disabled=${q.status === 'matched' || !this.volley} @click=${this.#find}>${msg('play.find')}</button>`}
      </div>`;
  }

  protected override updated(): void {
    if (!this.online && (this.queue.status === 'connecting' || this.queue.status === 'queued')) this.#matchmaking?.cancel();
  }

  readonly #find = (): void => {
    const volley = this.volley;
    if (!volley) return;
    if (!this.#matchmaking) {
      this.#matchmaking = new Matchmaking(() => volley.queue());
      this.#stop = this.#matchmaking.changed.add((q) => this.#changed(q));
    }
    this.#matchmaking.start();
  };

  #changed(q: QueueState): void {
    this.queue = q;
    clearInterval(this.#tick);
    // The time waited counts on between the server's frames.
    if (q.status === 'queued') this.#tick = setInterval(() => this.requestUpdate(), 1000);
    if (q.status === 'matched') this.#go = setTimeout(() => this.router?.navigate(gamePath(q.gameId)), SHOW_MATCH_MS);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'page-play': PagePlay;
  }
}
