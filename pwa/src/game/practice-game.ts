/**
 * A practice game in the browser: the shared physics stepped at a fixed 60 Hz against the
 * computer opponent, with no network. I play the left side.
 */
import { createGameState, stepGame, type Direction, type GameEvent, type GameSettings, type GameState } from '@volley/shared';
import { computerDirection } from './computer-opponent.js';
import type { CourtView } from './court-view.js';
import { FixedStep } from './fixed-step.js';

export const PRACTICE_SIDE = 0;
const COMPUTER_SIDE = 1;

export class PracticeGame {
  readonly state: GameState;
  readonly #clock = new FixedStep();

  constructor(readonly settings: GameSettings) {
    this.state = createGameState(settings);
  }

  /** Runs the ticks due at `now` with my direction; returns what happened. */
  advance(now: number, mine: Direction): GameEvent[] {
    const events: GameEvent[] = [];
    this.#clock.advance(now, () => {
      const computer = computerDirection(this.state, COMPUTER_SIDE, this.settings);
      events.push(...stepGame(this.state, [mine, computer], this.settings));
    });
    return events;
  }

  get view(): CourtView {
    const { paddles, ball, phase } = this.state;
    return { settings: this.settings, paddles, ball: phase === 'over' ? null : ball, mine: PRACTICE_SIDE };
  }
}
