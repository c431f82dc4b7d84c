/**
 * The Games section of a profile: rating, wins, losses, rank, the rating chart, "Watch live game"
 * while they play, and the match history (newest first, "Load more"). Read from Dexie (offline
 * too), refreshed from the API whenever it can be reached.
 */
import { consume } from '@lit/context';
import { Dexie } from 'dexie';
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { apiContext } from '../../../services/client.js';
import { onlineContext } from '../../../services/session.js';
import { LiveQueryController } from '../../../controllers/live-query-controller.js';
import { dbContext, type StoredMatch, type VolleyDB } from '../../../db/db.js';
import { formatMessageTime } from '../../../i18n/format.js';
import { msg, msgFor, type Locale, localeContext } from '../../../i18n/i18n.js';
import type { ApiClient } from '@volley/client';
import { ApiError } from '@volley/client';
import { fetchGameStats, fetchMatches, gamePath } from '../../../services/games.js';
import { buttonRowStyles, buttonStyles, visuallyHidden } from '../../../styles/shared.styles.js';
import { tableStyles } from '../../../styles/table.styles.js';
import '../volley-rating-chart/volley-rating-chart.js';
import { styles } from './volley-game-stats.styles.js';

@customElement('volley-game-stats')
export class VolleyGameStats extends LitElement {
  static override styles = [buttonStyles, buttonRowStyles, visuallyHidden, tableStyles, styles];

  @property() userId = '';
  @consume({ context: apiContext }) api?: ApiClient;
  @consume({ context: dbContext }) db?: VolleyDB;
  /** `@state` so that its changes show in `willUpdate` (a context alone only asks for a render). */
  @consume({ context: onlineContext, subscribe: true }) @state() online = false;
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;
  /** Where the next page of the history starts; null at its end or before the first fetch. */
  @state() private nextCursor: string | null = null;
  /** True once this visit fetched the history: the cursor (and so "Load more") is known. */
  @state() private fetched = false;
  @state() private loading = false;
  @state() private error: string | null = null;

  readonly #data = new LiveQueryController(
    this,
    async () => {
      const db = this.db;
      if (!db || !this.userId) return null;
      const [stats, matches] = await Promise.all([
        db.gameStats.get(this.userId),
        db.matches.where('[userId+endedAt]').between([this.userId, Dexie.minKey], [this.userId, Dexie.maxKey]).reverse().toArray(),
      ]);
      return { stats, matches };
    },
    () => [this.userId],
  );

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('userId')) {
      this.fetched = false;
      this.nextCursor = null;
      this.error = null;
    }
    if ((changed.has('userId') || changed.has('online')) && this.online) void this.#refresh();
  }

  protected override render() {
    const data = this.#data.value;
    const stats = data?.stats;
    const matches = data?.matches ?? [];
    if (!data) return nothing;
    if (!stats && matches.length === 0) return html`<p class="hint">${this.online ? msg(this.error ? 'error.unknown' : 'app.loading') : msg('profile.noGames')}</p>`;
    return html`${stats
        ? html`<dl class="figures" data-testid="game-stats">
            ${this.#figure('stats.rating', stats.rating, 'stat-rating')} ${this.#figure('stats.wins', stats.wins, 'stat-wins')}
            ${this.#figure('stats.losses', stats.losses, 'stat-losses')} ${this.#figure('stats.rank', stats.rank ?? msg('stats.unranked'), 'stat-rank')}
          </dl>
          ${stats.liveGameId
            ? html`<p><a class="button" href=${gamePath(stats.liveGameId)}>${msg('stats.watchLive')}</a></p>`
            : nothing}
          <volley-rating-chart .locale=${this.locale} .history=${stats.ratingHistory}></volley-rating-chart>`
        : nothing}
      ${this.online ? nothing : html`<p class="hint" role="status">${msg('stats.offline')}</p>`}
      ${this.error ? html`<p class="error" role="alert">${msgFor('error', this.error, 'error.unknown')}</p>` : nothing}
      ${matches.length === 0 ? html`<p class="hint">${msg('profile.noGames')}</p>` : this.#history(matches)}`;
  }

  #figure(label: 'stats.rating' | 'stats.wins' | 'stats.losses' | 'stats.rank', value: number | string, testId: string) {
    return html`<div><dt>${msg(label)}</dt><dd data-testid=${testId}>${value}</dd></div>`;
  }

  #history(matches: StoredMatch[]) {
    return html`<h3 id="history-title">${msg('stats.history')}</h3>
      <table aria-labelledby="history-title" data-testid="match-history">
        <thead class="visually-hidden">
          <tr>
            <th scope="col">${msg('stats.date')}</th>
            <th scope="col">${msg('stats.opponent')}</th>
            <th scope="col">${msg('stats.result')}</th>
            <th scope="col">${msg('stats.score')}</th>
            <th scope="col">${msg('stats.change')}</th>
          </tr>
        </thead>
        <tbody>
          ${matches.map((m) => {
            const change = m.ratingAfter - m.ratingBefore;
            return html`<tr data-testid="match" data-game-id=${m.gameId} data-result=${m.won ? 'won' : 'lost'}>
              <td><time datetime=${m.endedAt}>${formatMessageTime(m.endedAt)}</time></td>
              <td class="name"><a href=${`/u/${m.opponent.id}`}>${msg('stats.versus', { name: m.opponent.displayName })}</a></td>
              <td class=${m.won ? 'won' : 'lost'}>${msg(m.won ? 'stats.won' : 'stats.lost')}${m.reason === 'forfeit' ? html` <small>(${msg('stats.forfeit')})</small>` : nothing}</td>
              <td class="num" data-testid="match-score">${m.score[0]}–${m.score[1]}</td>
              <td class="num">${change > 0 ? `+${change}` : change < 0 ? `−${-change}` : '±0'}</td>
            </tr>`;
          })}
        </tbody>
      </table>
      ${this.fetched && this.nextCursor && this.online
        ? html`<div class="buttons"><button type="button" class="secondary" ?disabled=${this.loading} @click=${this.#more}>${msg('stats.loadMore')}</button></div>`
        : nothing}`;
  }

  async #refresh(): Promise<void> {
    const { api, db, userId } = this;
    if (!api || !db || !userId) return;
    await this.#load(async () => {
      const [, page] = await Promise.all([fetchGameStats(api, db, userId), fetchMatches(api, db, userId, null)]);
      if (userId !== this.userId) return;
      this.nextCursor = page.nextCursor;
      this.fetched = true;
    });
  }

  readonly #more = async (): Promise<void> => {
    const { api, db, userId, nextCursor } = this;
    if (!api || !db || !nextCursor) return;
    await this.#load(async () => {
      const page = await fetchMatches(api, db, userId, nextCursor);
      if (userId === this.userId) this.nextCursor = page.nextCursor;
    });
  };

  async #load(task: () => Promise<void>): Promise<void> {
    this.loading = true;
    try {
      await task();
      this.error = null;
    } catch (error) {
      this.error = error instanceof ApiError ? error.code : 'unknown';
    } finally {
      this.loading = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-game-stats': VolleyGameStats;
  }
}
