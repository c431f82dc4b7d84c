import { DEFAULT_GAME_SETTINGS, FIELD, createGameState, stepGame, type Direction, type GameState, type Side } from '@volley/shared';
import { describe, expect, it } from 'vitest';
import { computerDirection } from './computer-opponent.js';

const settings = DEFAULT_GAME_SETTINGS;

/** A player who always heads for the ball's height. */
function follower(state: GameState, side: Side): Direction {
  const gap = state.ball.y - state.paddles[side];
  return Math.abs(gap) < 8 ? 0 : gap > 0 ? 1 : -1;
}

describe('the computer opponent', () => {
  it('moves towards a ball coming at it, and not before it crosses its reaction line', () => {
    const state = createGameState(settings);
    state.phase = 'playing';
    state.tick = 1;
    state.ball = { x: FIELD.width * 0.8, y: 80, vx: 7, vy: 0 };
    expect(computerDirection(state, 1, settings)).toBe(-1);
    state.ball.y = FIELD.height - 80;
    expect(computerDirection(state, 1, settings)).toBe(1);
    state.ball.x = FIELD.width * 0.2;
    expect(computerDirection(state, 1, settings)).toBe(0);
  });

  it('goes back to the centre while the ball goes away', () => {
    const state = createGameState(settings);
    state.phase = 'playing';
    state.tick = 1;
    state.paddles[1] = 60;
    state.ball = { x: FIELD.width * 0.8, y: 60, vx: -7, vy: 0 };
    expect(computerDirection(state, 1, settings)).toBe(1);
  });

  it('returns balls and wins points, but a player who keeps up beats it', () => {
    const state = createGameState(settings);
    let returns = 0;
    while (state.phase !== 'over' && state.tick < 60 * 60 * 20) {
      const events = stepGame(state, [follower(state, 0), computerDirection(state, 1, settings)], settings);
      returns += events.filter((e) => e.type === 'paddle' && e.side === 1).length;
    }
    expect(state.phase).toBe('over');
    expect(returns).toBeGreaterThan(5);
    expect(state.score[0]).toBe(settings.scoreLimit);
  });
});
