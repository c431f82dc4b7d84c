/**
 * `/tournaments/:id`: a tournament live — its state, registration (register, withdraw, the owner's
 * start), its players by seed and its bracket by round. The tournament's socket
 * (`volley.tournament(id)`) brings the bracket with each version, shown as it arrives; the record
 * and the conversation's lines are read again when a version the page does not show is announced.
 * Each match whose game is on links to it: its players play there, anyone else watches.
 */
import { consume } from '@lit/context';
import { ApiError, type ApiClient, type TournamentChannel, type VolleyClient } from '@volley/client';
import type { BracketMatch, BracketSlot, BracketView, HistoryPage, TournamentDetail } from '@volley/shared';
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { formStyles } from '../forms/text-field.js';
import { localeContext, msg, msgFor, type Locale } from '../i18n/i18n.js';
import { apiContext, volleyContext } from '../services/client.js';
import { gamePath } from '../services/games.js';
import { onlineContext, sessionStateContext, type SessionState } from '../services/session.js';
import { pageStyles } from '../styles/page.styles.js';
import { buttonRowStyles, buttonStyles } from '../styles/shared.styles.js';
import { fetchTournament, fetchTournamentMessages, registerFor, startTournament, withdrawFrom } from './tournaments-api.js';

/** The conversation's lines shown on the page. */
const LINES = 30;

@customElement('page-tournament')
export class PageTournament extends LitElement {
  static override styles = [
    buttonStyles,
    buttonRowStyles,
    formStyles,
    pageStyles,
    css`
      .rounds {
        display: flex;
        gap: var(--volley-space-4);
        overflow-x: auto;
      }
      .round {
        display: flex;
        flex-direction: column;
        justify-content: space-around;
        gap: var(--volley-space-3);
        min-width: 12rem;
      }
      .match {
        border: 1px solid var(--volley-border);
        border-radius: var(--volley-radius-small);
        padding: var(--volley-space-2);
        display: grid;
        gap: var(--volley-space-1);
      }
      .slot {
        display: flex;
        justify-content: space-between;
        gap: var(--volley-space-2);
      }
      .slot.win {
        font-weight: 700;
      }
      .slot.out {
        color: var(--volley-text-muted);
      }
      .meta {
        color: var(--volley-text-muted);
      }
    `,
  ];

  @property() tournamentId = '';
  @consume({ context: apiContext }) api?: ApiClient;
  @consume({ context: volleyContext, subscribe: true }) volley?: VolleyClient;
  @consume({ context: sessionStateContext, subscribe: true }) session?: SessionState;
  @consume({ context: onlineContext, subscribe: true }) @state() online = false;
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;
  @state() private tournament: TournamentDetail | null = null;
  @state() private bracket: BracketView | null = null;
  @state() private lines: HistoryPage['items'] = [];
  /** Why the record could not be read; cleared by the next read that succeeds. */
  @state() private error: string | null = null;
  /** Why the server refused the last action (register, withdraw, start): a later read of the record does not clear it. */
  @state() private refusal: string | null = null;
  @state() private busy = false;
  #channel: TournamentChannel | null = null;
  /** The version the page's record and lines show, the bracket's, and the newest the server announced. */
  #shown = -1;
  #bracketVersion = -1;
  #announced = 0;
  #loading: Promise<void> | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated) this.#follow();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#channel?.close();
    this.#channel = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // The client library comes after the first page (services/services.ts): its socket opens then.
    if (changed.has('tournamentId') || (this.volley && this.tournamentId && !this.#channel)) this.#follow();
    if (changed.has('online') && this.online && this.tournamentId) void this.#load();
  }

  /** Opens the tournament's socket: its bracket is shown at once, and the rest of a version the page does not show is read. */
  #follow(): void {
    this.#channel?.close();
    this.#channel = null;
    [this.#shown, this.#announced, this.#bracketVersion] = [-1, 0, -1];
    this.bracket = null;
    if (!this.volley || !this.tournamentId) return;
    const channel = this.volley.tournament(this.tournamentId);
    channel.changed.add((version, bracket) => {
      if (version >= this.#bracketVersion) [this.bracket, this.#bracketVersion] = [bracket, version];
      this.#announced = Math.max(this.#announced, version);
      if (version !== this.#shown) void this.#load();
    });
    channel.open();
    this.#channel = channel;
  }

  get #me(): string | null {
    return this.session?.status === 'signed-in' ? this.session.user.id : null;
  }

  protected override render() {
    const t = this.tournament;
    return html`<main>
      ${this.online ? nothing : html`<p class="offline" role="status">${msg('common.offline')}</p>`}
      ${this.error ? this.#error(this.error, 'tournament-error') : nothing} ${t ? this.#header(t) : nothing} ${t ? this.#players(t) : nothing} ${this.bracket && this.bracket.rounds.length > 0 ? this.#bracket(this.bracket) : nothing}
      ${this.lines.length > 0 ? this.#lines() : nothing}
    </main>`;
  }

  #header(t: TournamentDetail) {
    const owner = t.owner.id === this.#me;
    const open = t.status === 'registration';
    return html`<section>
      <h1>${t.name}</h1>
      <p data-testid="tournament-status" data-status=${t.status}>
        ${msg(`tournaments.status.${t.status}`)} · ${msg(`tournaments.format.${t.format}`)} · ${msg('tournaments.players', { count: t.playerCount, size: t.size })}
      </p>
      ${t.winner ? html`<p data-testid="tournament-winner" data-user-id=${t.winner.id}>${msg('tournaments.winner', { name: t.winner.displayName })}</p>` : nothing}
      ${t.conversationId && t.registered ? html`<p><a href=${`/c/${t.conversationId}`}>${msg('tournaments.conversation')}</a></p>` : nothing}
      <div class="button-row">
        ${open && !t.registered ? html`<button type="button" data-testid="tournament-register" ?disabled=${!this.online || this.busy} @click=${() => this.#act(registerFor)}>${msg('tournaments.register')}</button>` : nothing}
        ${open && t.registered ? html`<button type="button" class="secondary" ?disabled=${!this.online || this.busy} @click=${() => this.#act(withdrawFrom)}>${msg('tournaments.withdraw')}</button>` : nothing}
        ${open && owner ? html`<button type="button" class="secondary" data-testid="tournament-start" ?disabled=${!this.online || this.busy || t.playerCount < 2} @click=${() => this.#act(startTournament)}>${msg('tournaments.start')}</button>` : nothing}
      </div>
      ${this.refusal ? this.#error(this.refusal, 'tournament-refusal') : nothing}
    </section>`;
  }

  /** An error in words; a refusal is shown under the buttons that met it, and a block names what stands in the way here: a registered player. */
  #error(code: string, testId: string) {
    const text = code === 'blocked' ? msg('tournaments.refused.blocked') : msgFor('error', code, 'error.unknown');
    return html`<p class="form-error" role="alert" data-testid=${testId}>${text}</p>`;
  }

  #players(t: TournamentDetail) {
    return html`<section>
      <h2>${msg('tournaments.playerList')}</h2>
      <ol data-testid="tournament-players">
        ${t.players.map((p) => html`<li data-user-id=${p.id}><a href=${`/u/${p.id}`}>${p.displayName}</a>${p.rating === null ? nothing : html` <span class="meta">${p.rating}</span>`}</li>`)}
      </ol>
    </section>`;
  }

  #bracket(bracket: BracketView) {
    return html`<section>
      <h2>${msg('tournaments.bracket')}</h2>
      <div class="rounds" data-testid="bracket">
        ${bracket.rounds.map((round) => html`<div class="round"><h3>${msg('tournaments.round', { number: round.number })}</h3>${round.matches.map((m) => this.#match(m))}</div>`)}
      </div>
    </section>`;
  }

  #match(m: BracketMatch) {
    const playing = m.gameId && (m.status === 'ready' || m.status === 'running');
    const mine = m.opponents.some((o) => o?.user?.id === this.#me);
    return html`<div class="match" data-testid="bracket-match" data-status=${m.status} data-game-id=${m.gameId ?? nothing} ?data-mine=${mine}>
      ${m.opponents.map((o) => this.#slot(o))}
      ${playing ? html`<a class="button small" data-testid=${mine ? 'match-play' : 'match-watch'} href=${gamePath(m.gameId!)}>${msg(mine ? 'tournaments.play' : 'tournaments.watch')}</a>` : nothing}
    </div>`;
  }

  #lines() {
    return html`<section>
      <h2>${msg('tournaments.lines')}</h2>
      <ul data-testid="tournament-lines">
        ${[...this.lines].reverse().map((m) => html`<li><span class="meta">${m.authorName}</span> ${m.body}</li>`)}
      </ul>
    </section>`;
  }

  #slot(o: BracketSlot) {
    if (o === null) return html`<div class="slot out">${msg('tournaments.bye')}</div>`;
    const name = o.user?.displayName ?? msg('tournaments.tbd');
    return html`<div class="slot ${o.result === 'win' ? 'win' : o.result === 'loss' || o.forfeit ? 'out' : ''}">
      <span>${name}</span><span>${o.forfeit ? msg('tournaments.forfeit') : (o.score ?? '')}</span>
    </div>`;
  }

  /** Reads the tournament's record and lines; one read at a time, and once more if a newer version was announced meanwhile. */
  #load(): Promise<void> {
    this.#loading ??= this.#read().finally(() => {
      this.#loading = null;
      if (this.#announced > this.#shown && this.#shown !== -1) void this.#load();
    });
    return this.#loading;
  }

  async #read(): Promise<void> {
    const api = this.api;
    const id = this.tournamentId;
    if (!api || !id) return;
    const reading = this.#announced;
    try {
      const [tournament, lines] = await Promise.all([fetchTournament(api, id), fetchTournamentMessages(api, id, LINES)]);
      if (id !== this.tournamentId) return;
      [this.tournament, this.lines] = [tournament, lines.items];
      this.#shown = reading;
      this.error = null;
    } catch (error) {
      this.error = error instanceof ApiError ? error.code : 'unknown';
    }
  }

  async #act(action: (api: ApiClient, id: string) => Promise<unknown>): Promise<void> {
    if (!this.api) return;
    this.busy = true;
    this.refusal = null;
    try {
      await action(this.api, this.tournamentId);
      await this.#load();
    } catch (error) {
      this.refusal = error instanceof ApiError ? error.code : 'unknown';
    } finally {
      this.busy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'page-tournament': PageTournament;
  }
}
