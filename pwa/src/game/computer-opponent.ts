/**
 * The computer's paddle in practice: pure, from the state alone. It is beatable on purpose:
 * it is a little slower than a player, reacts only once the ball has crossed its reaction line, follows where the ball is (it does
 * not foresee bounces off the walls), aims with an error that changes with each return, and
 * drifts back to the centre while the ball goes away.
 */
import { FIELD, PADDLE_SPEED, paddleHeight, type Direction, type GameSettings, type GameState, type Side } from '@volley/shared';

/** The ball must be this far across the field (from the other side) before the computer reacts. */
const REACTION_LINE = 0.5;
/** Largest aiming error, as a share of the paddle's height: past ±0.5 it can miss. */
const AIM_ERROR = 1.2;
/** It rests one tick in this many: slower than a player's paddle, so steep returns beat it. */
const REST_EVERY = 4;

export function computerDirection(state: GameState, side: Side, settings: GameSettings): Direction {
  const { ball } = state;
  const paddle = state.paddles[side];
  const coming = side === 1 ? ball.vx > 0 : ball.vx < 0;
  const across = side === 1 ? ball.x / FIELD.width : 1 - ball.x / FIELD.width;
  const target = state.phase === 'playing' && coming && across > REACTION_LINE ? ball.y + aimError(ball.vy) * paddleHeight(settings) : FIELD.height / 2;
  const gap = target - paddle;
  if (state.tick % REST_EVERY === 0) return 0;
  // A dead zone of one move, so the paddle settles instead of shaking around its target.
  if (Math.abs(gap) <= PADDLE_SPEED) return 0;
  return gap > 0 ? 1 : -1;
}

/** Deterministic in the ball's vertical speed, which every return changes: from −AIM_ERROR/2 to +AIM_ERROR/2. */
function aimError(vy: number): number {
  const x = Math.sin(vy * 12.9898 + 78.233) * 43758.5453;
  return (x - Math.floor(x) - 0.5) * AIM_ERROR;
}
