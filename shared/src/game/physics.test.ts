import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BALL_RADIUS, createGameState, movePaddle, paddleHeight, paddleLeft, PADDLE_WIDTH, stepGame } from './physics.js';
import { GameSettings } from './settings.js';
import { FIELD, type Direction, type GameEvent, type GameState } from './state.js';

const settingsArb = fc.record({
  ballSpeed: fc.constantFrom('slow' as const, 'normal' as const, 'fast' as const),
  paddleSize: fc.constantFrom('small' as const, 'normal' as const, 'large' as const),
  scoreLimit: fc.integer({ min: 1, max: 5 }),
});
const dirArb = fc.constantFrom<Direction>(-1, 0, 1);
/** Inputs as players give them: a direction held for a while, then another. */
const inputsArb = fc
  .array(fc.tuple(dirArb, dirArb, fc.integer({ min: 1, max: 90 })), { minLength: 1, maxLength: 120 })
  .map((runs) => runs.flatMap(([a, b, n]) => Array.from({ length: n }, () => [a, b] as const)));

/** Steps a game through `inputs`, calling `check(before, after, events)` on every tick. */
function play(settings: GameSettings, inputs: readonly (readonly [Direction, Direction])[], check: (before: GameState, after: GameState, events: GameEvent[]) => void): GameState {
  const state = createGameState(settings);
  for (const input of inputs) {
    const before = structuredClone(state);
    const events = stepGame(state, input, settings);
    check(before, state, events);
  }
  return state;
}

describe('the physics of Pong', () => {
  it('never lets the ball leave the field', () => {
    fc.assert(
      fc.property(settingsArb, inputsArb, (settings, inputs) => {
        play(settings, inputs, (_before, { ball }) => {
          expect(ball.x).toBeGreaterThanOrEqual(BALL_RADIUS);
          expect(ball.x).toBeLessThanOrEqual(FIELD.width - BALL_RADIUS);
          expect(ball.y).toBeGreaterThanOrEqual(BALL_RADIUS);
          expect(ball.y).toBeLessThanOrEqual(FIELD.height - BALL_RADIUS);
        });
      }),
    );
  });

  it('keeps both paddles inside the field', () => {
    fc.assert(
      fc.property(settingsArb, inputsArb, (settings, inputs) => {
        const half = paddleHeight(settings) / 2;
        play(settings, inputs, (_before, { paddles }) => {
          for (const y of paddles) {
            expect(y).toBeGreaterThanOrEqual(half);
            expect(y).toBeLessThanOrEqual(FIELD.height - half);
          }
        });
      }),
    );
  });

  it('gives a missed ball to the other side, one point at a time', () => {
    fc.assert(
      fc.property(settingsArb, inputsArb, (settings, inputs) => {
        play(settings, inputs, (before, after, events) => {
          const points = events.filter((e) => e.type === 'point');
          if (points.length === 0) return expect(after.score).toEqual(before.score);
          expect(points).toHaveLength(1);
          // The ball was heading for the loser's goal: moving left, side 1 scores.
          const scorer = before.ball.vx < 0 ? 1 : 0;
          expect(points[0]).toEqual({ type: 'point', side: scorer });
          expect(after.score[scorer]).toBe(before.score[scorer] + 1);
          expect(after.score[1 - scorer]).toBe(before.score[1 - scorer]);
          // The next serve goes to the side that lost the point.
          expect(Math.sign(after.ball.vx)).toBe(after.phase === 'over' ? 0 : scorer === 1 ? -1 : 1);
        });
      }),
    );
  });

  it('is deterministic: the same inputs give the same states', () => {
    fc.assert(
      fc.property(settingsArb, inputsArb, (settings, inputs) => {
        const first: GameState[] = [];
        play(settings, inputs, (_b, after) => first.push(structuredClone(after)));
        let i = 0;
        play(settings, inputs, (_b, after) => expect(after).toEqual(first[i++]));
      }),
    );
  });

  it('ends exactly at the score limit, and then stands still', () => {
    fc.assert(
      fc.property(settingsArb, fc.array(dirArb, { minLength: 2, maxLength: 2 }), (settings, [a, b]) => {
        // Paddles held against a wall miss most balls: the game reaches its end.
        const state = createGameState(settings);
        for (let t = 0; t < 200_000 && state.phase !== 'over'; t++) stepGame(state, [a!, b!], settings);
        expect(state.phase).toBe('over');
        const winner = state.winner!;
        expect(state.score[winner]).toBe(settings.scoreLimit);
        expect(state.score[1 - winner]).toBeLessThan(settings.scoreLimit);
        const frozen = structuredClone(state);
        expect(stepGame(state, [1, -1], settings)).toEqual([]);
        expect(state).toEqual(frozen);
      }),
      { numRuns: 30 },
    );
  });

  it('returns a ball of any speed that meets the paddle, never letting it through', () => {
    const settings = GameSettings.parse({ ballSpeed: 'fast', paddleSize: 'small' });
    fc.assert(
      fc.property(
        fc.double({ min: 100, max: FIELD.width / 2, noNaN: true }),
        fc.double({ min: 60, max: FIELD.height - 60, noNaN: true }),
        fc.double({ min: 4, max: 30, noNaN: true }),
        (x, y, speed) => {
          const state = createGameState(settings);
          state.phase = 'playing';
          state.ball = { x, y, vx: -speed, vy: 0 };
          state.paddles = [y, y];
          const events: GameEvent[] = [];
          for (let t = 0; t < 200 && !events.some((e) => e.type === 'paddle'); t++) {
            state.paddles[0] = state.ball.y;
            events.push(...stepGame(state, [0, 0], settings));
          }
          expect(events).toContainEqual({ type: 'paddle', side: 0 });
          expect(events.some((e) => e.type === 'point')).toBe(false);
          expect(state.ball.vx).toBeGreaterThan(0);
          expect(state.ball.x - BALL_RADIUS).toBeGreaterThanOrEqual(paddleLeft(0) + PADDLE_WIDTH - 1e-9);
        },
      ),
    );
  });

  it('sends the ball off at an angle from where it hits the paddle', () => {
    const settings = GameSettings.parse({});
    const bounce = (offset: number) => {
      const state = createGameState(settings);
      state.phase = 'playing';
      state.ball = { x: 100, y: 250 + offset, vx: -7, vy: 0 };
      for (let t = 0; t < 30 && state.ball.vx < 0; t++) stepGame(state, [0, 0], settings);
      return state.ball;
    };
    expect(bounce(0).vy).toBe(0);
    expect(bounce(30).vy).toBeGreaterThan(0);
    expect(bounce(-30).vy).toBeLessThan(0);
    expect(Math.abs(bounce(40).vy)).toBeGreaterThan(Math.abs(bounce(20).vy));
    // Each hit speeds the ball up a little.
    expect(Math.hypot(bounce(0).vx, bounce(0).vy)).toBeGreaterThan(7);
  });

  it('moves a paddle by the same rule the client predicts with', () => {
    const settings = GameSettings.parse({});
    const state = createGameState(settings);
    stepGame(state, [1, -1], settings);
    expect(state.paddles).toEqual([movePaddle(FIELD.height / 2, 1, settings), movePaddle(FIELD.height / 2, -1, settings)]);
    expect(state.paddles[0]).toBeGreaterThan(state.paddles[1]);
  });
});
