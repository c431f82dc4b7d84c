/**
 * The leaderboard, `/leaderboard`: the top 100 by rating (rank, player → profile, rating, wins and
 * losses), my own line highlighted, added below when I am outside the top 100. Needs a connection.
 */
import { consume } from '@lit/context';
import type { Leaderboard, LeaderboardEntry, LeaderboardScope } from '@volley/shared';
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { apiContext } from '../../services/client.js';
import { onlineContext } from '../../services/session.js';
import { msg, msgFor, type Locale, localeContext } from '../../i18n/i18n.js';
import type { ApiClient } from '@volley/client';
import { ApiError } from '@volley/client';
import { fetchLeaderboard } from '../../services/games.js';
import { listStyles } from '../../styles/list.styles.js';
import { pageStyles } from '../../styles/page.styles.js';
import { buttonRowStyles, buttonStyles } from '../../styles/shared.styles.js';
import { tableStyles } from '../../styles/table.styles.js';

@customElement('page-leaderboard')
export class PageLeaderboard extends LitElement {
  static override styles = [buttonStyles, buttonRowStyles, listStyles, pageStyles, tableStyles];

  @consume({ context: apiContext }) api?: ApiClient;
  /** `@state` so that its changes show in `willUpdate` (a context alone only asks for a render). */
  @consume({ context: onlineContext, subscribe: true }) @state() online = false;
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;
  @state() private board: Leaderboard | null = null;
  @state() private games: LeaderboardScope = 'all';
  @state() private error: string | null = null;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('online') && this.online) void this.#fetch();
  }

  protected override render() {
    const board = this.board;
    const me = board?.me ?? null;
    const meShown = me !== null && board!.items.some((e) => e.user.id === me.user.id);
    return html`<main>
      <h1>${msg('leaderboard.title')}</h1>
      <div class="button-row" role="group">
        ${(['all', 'tournament'] as const).map(
          (games) =>
            html`<button type="button" class=${this.games === games ? '' : 'secondary'} aria-pressed=${this.games === games} data-testid=${`leaderboard-${games}`} @click=${() => this.#show(games)}>
              ${msg(games === 'all' ? 'leaderboard.allGames' : 'leaderboard.tournamentGames')}
            </button>`,
        )}
      </div>
      ${this.online ? nothing : html`<p class="offline" role="status">${msg('common.offline')}</p>`}
      ${this.error ? html`<p class="form-error" role="alert">${msgFor('error', this.error, 'error.unknown')}</p>` : nothing}
      ${board && board.items.length === 0 ? html`<p>${msg('leaderboard.empty')}</p>` : nothing}
      ${board && board.items.length > 0
        ? html`<table data-testid="leaderboard">
            <caption>${msg('leaderboard.caption')}</caption>
            <thead>
              <tr>
                <th scope="col" class="num">${msg('leaderboard.rank')}</th>
                <th scope="col">${msg('leaderboard.player')}</th>
                <th scope="col" class="num">${msg('leaderboard.rating')}</th>
                <th scope="col" class="num">${msg('leaderboard.record')}</th>
              </tr>
            </thead>
            <tbody>
              ${board.items.map((e) => this.#row(e, me))} ${me && !meShown ? this.#row(me, me) : nothing}
            </tbody>
          </table>`
        : nothing}
      ${board && !me ? html`<p>${msg('leaderboard.unranked')}</p>` : nothing}
    </main>`;
  }

  #row(e: LeaderboardEntry, me: LeaderboardEntry | null) {
    const mine = e.user.id === me?.user.id;
    return html`<tr data-testid="leaderboard-row" data-user-id=${e.user.id} ?data-me=${mine} aria-current=${mine ? 'true' : nothing}>
      <td class="num">${e.rank}</td>
      <td class="name"><a href=${`/u/${e.user.id}`}>${e.user.displayName}</a> ${mine ? msg('leaderboard.you') : nothing}</td>
      <td class="num">${e.rating}</td>
      <td class="num">${e.wins} / ${e.losses}</td>
    </tr>`;
  }

  #show(games: LeaderboardScope): void {
    this.games = games;
    void this.#fetch();
  }

  async #fetch(): Promise<void> {
    if (!this.api) return;
    const games = this.games;
    try {
      const board = await fetchLeaderboard(this.api, games);
      // The answer to a slower, earlier fetch of another scope is not shown over the chosen one.
      if (games !== this.games) return;
      this.board = board;
      this.error = null;
    } catch (error) {
      if (games === this.games) this.error = error instanceof ApiError ? error.code : 'unknown';
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'page-leaderboard': PageLeaderboard;
  }
}
