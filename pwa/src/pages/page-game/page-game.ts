/**
 * `/game/:gameId`: an online game. The server says in its first frame whether I play (my paddle
 * answers the keys and touch at once, predicted) or watch (read-only). Shows the players, the
 * score, the countdown, the pause when someone dropped, the result with the ratings and the
 * rematch offer. Leaving the page closes the socket and stops the loop and the sounds; while I
 * play a game not yet over, leaving (a link, Back, closing the tab) asks first, since a player
 * who does not come back forfeits.
 */
import { consume } from '@lit/context';
import { REJOIN_GRACE_MS, TICK_MS, type GamePlayer, type GameView } from '@volley/shared';
import { LitElement, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { apiContext, volleyContext } from '../../services/client.js';
import { onlineContext } from '../../services/session.js';
import { FrameLoop } from '../../game/frame-loop.js';
import { GameClient } from '../../game/game-client.js';
import { GameSounds } from '../../game/game-sounds.js';
import { PaddleKeys } from '../../game/paddle-keys.js';
import { steer } from '../../game/steering.js';
import { msg, type Locale, localeContext } from '../../i18n/i18n.js';
import { routerContext, type Router } from '../../router/router.js';
import type { ApiClient, VolleyClient } from '@volley/client';
import { fetchGame, gamePath } from '../../services/games.js';
import { tournamentPath } from '../../tournaments/tournament-paths.js';
import { buttonStyles } from '../../styles/shared.styles.js';
import { gameStyles } from '../../styles/game.styles.js';
import type { VolleyGameCourt } from '../../components/game/volley-game-court/volley-game-court.js';
import type { VolleyGameResult } from '../../components/game/volley-game-result/volley-game-result.js';
import '../../components/game/volley-game-court/volley-game-court.js';
import '../../components/game/volley-game-result/volley-game-result.js';
import '../../components/game/volley-game-scoreboard/volley-game-scoreboard.js';
import '../../components/game/volley-mute-toggle/volley-mute-toggle.js';
import { endedText, resultView } from './game-text.js';

@customElement('page-game')
export class PageGame extends LitElement {
  static override styles = [buttonStyles, gameStyles];

  @property() gameId = '';
  @consume({ context: apiContext }) api?: ApiClient;
  @consume({ context: volleyContext, subscribe: true }) volley?: VolleyClient;
  @consume({ context: routerContext }) router?: Router;
  @consume({ context: onlineContext, subscribe: true }) online = false;
  @consume({ context: localeContext, subscribe: true }) locale?: Locale;
  /** The game's record: the conversation it came from (the way back), the players when the socket only brings a result. */
  @state() private record: GameView | null = null;
  @query('volley-game-court') private court?: VolleyGameCourt;
  @query('volley-game-result') private resultPanel?: VolleyGameResult;

  readonly #sounds = new GameSounds();
  readonly #keys = new PaddleKeys(this, () => (this.#client?.mySide ?? null) !== null);
  readonly #loop = new FrameLoop(this, (now) => this.#frame(now));
  #client: GameClient | null = null;
  #joined: string | null = null;
  #stopListening: (() => void)[] = [];
  #stopGuarding: (() => void) | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    // Back on the page (the element was moved): join again on the next update.
    if (this.hasUpdated) this.requestUpdate();
    this.#stopGuarding = this.router?.guard(() =>
        this.#playing() ? { title: msg('game.leaveTitle'), consequence: msg('game.leaveQuestion', { seconds: REJOIN_GRACE_MS / 1000 }), confirm: msg('game.leave') } : null,
      ) ?? null;
    window.addEventListener('beforeunload', this.#onBeforeUnload);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stopGuarding?.();
    this.#stopGuarding = null;
    window.removeEventListener('beforeunload', this.#onBeforeUnload);
    this.#leave();
    this.#sounds.close();
  }

  /** I hold a paddle in a game that is not over: leaving would forfeit it. */
  #playing(): boolean {
    const client = this.#client;
    return !!client && client.mySide !== null && !client.result && client.status !== 'ended';
  }

  /** Closing the tab or reloading mid-game: the browser asks its own question. */
  readonly #onBeforeUnload = (event: BeforeUnloadEvent): void => {
    if (this.#playing()) event.preventDefault();
  };

  protected override willUpdate(): void {
    // A rematch keeps this element and changes the id: leave the old game, join the new one.
    if (this.#joined === this.gameId) return;
    this.#leave();
    if (this.gameId) this.#join();
  }

  #join(): void {
    const api = this.api;
    if (!api || !this.volley) return;
    const client = new GameClient(this.volley.game(this.gameId), (sound) => this.#sounds.play(sound));
    this.#client = client;
    this.#joined = this.gameId;
    let resultShown = false;
    this.#stopListening = [
      client.changed.add(() => this.requestUpdate()),
      // Refused or over and closed: nothing moves any more.
      client.onStatus((status) => status === 'ended' && this.#loop.stop()),
      client.rematchStarts.add((gameId) => this.router?.navigate(gamePath(gameId))),
      client.changed.add(() => {
        if (!client.result || resultShown) return;
        resultShown = true;
        void this.updateComplete.then(() => this.resultPanel?.focus());
      }),
    ];
    client.open();
    this.#loop.start();
    this.record = null;
    const gameId = this.gameId;
    fetchGame(api, gameId)
      .then((record) => gameId === this.gameId && (this.record = record))
      .catch(() => undefined);
  }

  #leave(): void {
    this.#loop.stop();
    for (const stop of this.#stopListening) stop();
    this.#stopListening = [];
    this.#client?.close();
    this.#client = null;
    this.#joined = null;
  }

  protected override render() {
    const client = this.#client;
    const welcome = client?.welcome;
    // A finished game's socket brings only the result: the names come from the record.
    const players = welcome?.players ?? (client?.result ? this.record?.players : undefined);
    const ended = client?.status === 'ended' && !client.result;
    return html`<main data-testid="game-page" data-role=${welcome?.role ?? 'unknown'} data-phase=${client?.latest?.[1] ?? 'waiting'}>
      <div class="toolbar">
        ${this.#back(welcome?.role)}
        <h1>${players ? msg('game.title', { left: players[0].displayName, right: players[1].displayName }) : msg('app.name')}</h1>
        ${welcome?.role === 'spectator' ? html`<span class="badge" data-testid="spectator-badge">${msg('game.spectating')}</span>` : nothing}
        <volley-mute-toggle .locale=${this.locale} .sounds=${this.#sounds}></volley-mute-toggle>
      </div>
      ${ended
        ? html`<p class="message" role="alert" data-testid="game-error">${endedText(client.endedBecause)}</p>`
        : client && players
          ? this.#game(client, players)
          : this.#notYet()}
    </main>`;
  }

  /**
   * The way back: a player to the conversation the game came from; anyone to the tournament whose
   * match it is; a spectator of a conversation's game, who may not be in it, to the chat.
   */
  #back(role: 'player' | 'spectator' | undefined) {
    const record = this.record;
    if (record?.tournamentId) return html`<a href=${tournamentPath(record.tournamentId)}>${msg('game.backToTournament')}</a>`;
    if (record?.conversationId && role === 'player') return html`<a href="/c/${record.conversationId}">${msg('game.backToConversation')}</a>`;
    return html`<a href="/">${msg('game.backToChat')}</a>`;
  }

  /** Before the server said who plays: connecting, or offline (with the way to practice). */
  #notYet() {
    if (this.online) return html`<p class="message" role="status">${msg('game.connecting')}</p>`;
    return html`<p class="message" role="status">${msg('game.offline')} <a href="/practice">${msg('practice.title')}</a></p>`;
  }

  #game(client: GameClient, players: [GamePlayer, GamePlayer]) {
    const snap = client.latest;
    const score: [number, number] = snap ? [snap[9], snap[10]] : [0, 0];
    const mine = client.mySide;
    // The players' ratings as of the welcome, then as the result moved them.
    const shown = players.map((p, side) => ({
      name: p.displayName,
      detail: `${msg('game.rating', { rating: client.result?.ratings[side]?.after ?? p.rating })}${side === mine ? ` ${msg('game.you')}` : ''}`,
      mine: side === mine,
    })) as [{ name: string; detail: string; mine: boolean }, { name: string; detail: string; mine: boolean }];
    const label = msg('game.court', { left: players[0].displayName, leftScore: score[0], right: players[1].displayName, rightScore: score[1] });
    // Once over, the result comes first, so it is seen without scrolling on any screen.
    return html`${client.result ? this.#result(client, players) : nothing}
      <volley-game-scoreboard .players=${shown} .score=${score} label=${msg('game.score')}></volley-game-scoreboard>
      ${client.welcome ? html`<volley-game-court data-testid="court" label=${label}>${this.#overlay(client, players)}</volley-game-court>` : nothing}
      ${!client.result && mine !== null ? html`<p class="hint">${msg('game.controls')}</p>` : nothing}`;
  }

  #overlay(client: GameClient, players: [GamePlayer, GamePlayer]) {
    if (client.paused) {
      const name = players[client.paused.side].displayName;
      return html`<span class="overlay-text" role="status" data-testid="paused-notice">${msg('game.paused', { name, seconds: client.pausedSecondsLeft() })}</span>`;
    }
    if (client.status === 'reconnecting') return html`<span class="overlay-text" role="status">${msg('game.reconnecting')}</span>`;
    const snap = client.latest;
    // The clock starts once both players are here.
    if (snap?.[0] === 0) return html`<span class="overlay-text" role="status" data-testid="waiting">${msg('game.waiting')}</span>`;
    if (snap?.[1] === 'countdown' && !client.result) {
      const seconds = Math.ceil((snap[2] * TICK_MS) / 1000);
      return html`<span class="overlay-text countdown" role="status" aria-label=${msg('game.countdown', { seconds })} data-testid="countdown">${seconds}</span>`;
    }
    return nothing;
  }

  #result(client: GameClient, players: [GamePlayer, GamePlayer]) {
    const view = resultView(client.result!, players, client.mySide, client.rematchOffers);
    return html`<volley-game-result heading=${view.heading} .lines=${view.lines}>
      ${view.rematch
        ? html`<button type="button" ?disabled=${view.rematch.waiting} @click=${() => client.offerRematch()}>${view.rematch.label}</button>`
        : nothing}
      ${view.rematch?.note ? html`<span role="status" data-testid="rematch-note">${view.rematch.note}</span>` : nothing}
    </volley-game-result>`;
  }

  #frame(now: number): void {
    const client = this.#client;
    const court = this.court;
    if (!client || !court) return;
    const view = client.frame(now, (paddleY) => steer(this.#keys.direction, court.pointerY, paddleY));
    if (view) court.draw(view);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'page-game': PageGame;
  }
}
