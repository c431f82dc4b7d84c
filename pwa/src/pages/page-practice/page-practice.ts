/**
 * `/practice`: Pong against the computer, entirely in the browser (offline too): choose the
 * settings, play on the shared physics at 60 Hz, see the result, play again. Leaving the page
 * stops the loop and lets the audio go.
 */
import { consume } from '@lit/context';
import { DEFAULT_GAME_SETTINGS, type GameSettings, TICK_RATE } from '@volley/shared';
import { LitElement, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { FrameLoop } from '../../game/frame-loop.js';
import { GameSounds } from '../../game/game-sounds.js';
import { PaddleKeys } from '../../game/paddle-keys.js';
import { PRACTICE_SIDE, PracticeGame } from '../../game/practice-game.js';
import { soundOf } from '../../game/sound-cues.js';
import { steer } from '../../game/steering.js';
import { msg, type Locale, localeContext } from '../../i18n/i18n.js';
import { buttonStyles } from '../../styles/shared.styles.js';
import { gameStyles } from '../../styles/game.styles.js';
import type { VolleyGameCourt } from '../../components/game/volley-game-court/volley-game-court.js';
import type { VolleyGameResult } from '../../components/game/volley-game-result/volley-game-result.js';
import '../../components/game/volley-game-court/volley-game-court.js';
import '../../components/game/volley-game-result/volley-game-result.js';
import '../../components/game/volley-game-scoreboard/volley-game-scoreboard.js';
import '../../components/game/volley-mute-toggle/volley-mute-toggle.js';
import { practiceSettingsForm, readPracticeSettings } from './practice-settings.js';
import { styles } from './page-practice.styles.js';

@customElement('page-practice')
export class PagePractice extends LitElement {
  static override styles = [buttonStyles, gameStyles, styles];

  @consume({ context: localeContext, subscribe: true }) locale?: Locale;
  @state() private game: PracticeGame | null = null;
  @state() private settings: GameSettings = DEFAULT_GAME_SETTINGS;
  @query('volley-game-court') private court?: VolleyGameCourt;
  @query('volley-game-result') private result?: VolleyGameResult;

  readonly #sounds = new GameSounds();
  readonly #keys = new PaddleKeys(this);
  readonly #loop = new FrameLoop(this, (now) => this.#frame(now));
  /** What the page shows besides the court, to re-render only when it changes. */
  #shown = '';

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#sounds.close();
  }

  protected override render() {
    const game = this.game;
    return html`<main>
      <div class="toolbar">
        <h1>${msg('practice.title')}</h1>
        <volley-mute-toggle .locale=${this.locale} .sounds=${this.#sounds}></volley-mute-toggle>
        ${game && game.state.phase !== 'over' ? html`<button type="button" class="secondary small" @click=${this.#stop}>${msg('practice.stop')}</button>` : nothing}
      </div>
      ${game ? this.#playing(game) : practiceSettingsForm(this.settings, this.#start)}
    </main>`;
  }

  #playing(game: PracticeGame) {
    const { phase, score, countdown } = game.state;
    const you = msg('practice.you');
    const computer = msg('practice.computer');
    return html`<volley-game-scoreboard .players=${[{ name: you, mine: true }, { name: computer }]} .score=${score} label=${msg('game.score')}></volley-game-scoreboard>
      <volley-game-court data-testid="court" data-phase=${phase} label=${msg('game.court', { left: you, leftScore: score[0], right: computer, rightScore: score[1] })}>
        ${phase === 'countdown' ? html`<span class="overlay-text countdown" data-testid="countdown">${Math.ceil(countdown / TICK_RATE)}</span>` : nothing}
      </volley-game-court>
      ${phase === 'over' ? this.#result(game) : html`<p class="hint">${msg('game.controls')}</p>`}`;
  }

  #result(game: PracticeGame) {
    const [mine, theirs] = game.state.score;
    const won = game.state.winner === PRACTICE_SIDE;
    return html`<volley-game-result heading=${won ? msg('practice.won', { mine, theirs }) : msg('practice.lost', { mine, theirs })}>
      <button type="button" @click=${() => this.#start(game.settings)}>${msg('practice.playAgain')}</button>
      <button type="button" class="secondary" @click=${this.#stop}>${msg('practice.changeSettings')}</button>
    </volley-game-result>`;
  }

  readonly #start = (settings: GameSettings = readPracticeSettings(this.renderRoot)): void => {
    this.settings = settings;
    this.#loop.stop();
    this.game = new PracticeGame(settings);
    this.#loop.start();
  };

  readonly #stop = (): void => {
    this.#loop.stop();
    this.game = null;
  };

  #frame(now: number): void {
    const game = this.game;
    const court = this.court;
    if (!game || !court) return;
    const mine = steer(this.#keys.direction, court.pointerY, game.state.paddles[PRACTICE_SIDE]);
    for (const event of game.advance(now, mine)) this.#sounds.play(soundOf(event));
    court.draw(game.view);
    const { phase, score, countdown } = game.state;
    const shown = `${phase}|${score}|${Math.ceil(countdown / TICK_RATE)}`;
    if (shown !== this.#shown) {
      this.#shown = shown;
      this.requestUpdate();
    }
    if (phase === 'over') {
      this.#loop.stop();
      void this.updateComplete.then(() => this.result?.focus());
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'page-practice': PagePractice;
  }
}
