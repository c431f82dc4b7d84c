/**
 * The physics of Pong, pure and deterministic (no clock, no randomness): the server steps it at
 * 60 Hz and is the authority; the client runs `movePaddle` to predict its own paddle. Same state
 * and same inputs give the same next state, bit for bit, on every JavaScript engine.
 */
import type { GameSettings } from './settings.js';
import { FIELD, type Direction, type GameEvent, type GameState, type Side } from './state.js';

export const BALL_RADIUS = 8;
export const PADDLE_WIDTH = 12;
/** Gap between a side's edge of the field and its paddle's back. */
export const PADDLE_INSET = 24;
/** Field units per tick. */
export const PADDLE_SPEED = 8;
/** Ticks before the first serve (3 s) and before each following serve (1 s). */
export const START_COUNTDOWN_TICKS = 180;
export const POINT_COUNTDOWN_TICKS = 60;

const PADDLE_HEIGHTS: Record<GameSettings['paddleSize'], number> = { small: 60, normal: 90, large: 120 };
/** Serve speed in field units per tick. */
const BALL_SPEEDS: Record<GameSettings['ballSpeed'], number> = { slow: 5, normal: 7, fast: 9.5 };
/** Each paddle hit speeds the ball up this much, up to SPEED_CAP × the serve speed. */
const SPEED_UP = 1.06;
const SPEED_CAP = 1.5;
/** A ball hitting a paddle's very end leaves at this angle (45°), its centre sends it straight. */
const MAX_BOUNCE_ANGLE = Math.PI / 4;
/** Serve angles, taken in turn by the number of points played: varied, never too steep. */
const SERVE_ANGLES = [0.3, -0.2, 0.1, -0.35, 0.2, -0.1, 0.35, -0.3];

export function paddleHeight(settings: GameSettings): number {
  return PADDLE_HEIGHTS[settings.paddleSize];
}

/** The x of a side's paddle's left edge. */
export function paddleLeft(side: Side): number {
  return side === 0 ? PADDLE_INSET : FIELD.width - PADDLE_INSET - PADDLE_WIDTH;
}

/** The paddle's centre after one tick moving in `dir`, kept inside the field. */
export function movePaddle(y: number, dir: Direction, settings: GameSettings): number {
  const half = paddleHeight(settings) / 2;
  return Math.min(FIELD.height - half, Math.max(half, y + dir * PADDLE_SPEED));
}

/** A new game: paddles centred, the ball waiting at the centre for the first serve, to side 0. */
export function createGameState(settings: GameSettings): GameState {
  return {
    tick: 0,
    phase: 'countdown',
    countdown: START_COUNTDOWN_TICKS,
    ball: servedBall(settings, 0, 0),
    paddles: [FIELD.height / 2, FIELD.height / 2],
    score: [0, 0],
  };
}

/** Advances the game one tick with each side's input (mutates `state`); returns what happened. */
export function stepGame(state: GameState, inputs: readonly [Direction, Direction], settings: GameSettings): GameEvent[] {
  if (state.phase === 'over') return [];
  state.tick += 1;
  state.paddles = [movePaddle(state.paddles[0], inputs[0], settings), movePaddle(state.paddles[1], inputs[1], settings)];
  if (state.phase === 'countdown') {
    state.countdown -= 1;
    if (state.countdown <= 0) {
      state.countdown = 0;
      state.phase = 'playing';
    }
    return [];
  }
  const events: GameEvent[] = [];
  const scorer = moveBall(state, settings, events);
  if (scorer !== null) score(state, scorer, settings, events);
  return events;
}

/** The ball at the centre, about to be served towards `to` with its speed reset. */
function servedBall(settings: GameSettings, to: Side, pointsPlayed: number): GameState['ball'] {
  const angle = SERVE_ANGLES[pointsPlayed % SERVE_ANGLES.length]!;
  const speed = BALL_SPEEDS[settings.ballSpeed];
  return { x: FIELD.width / 2, y: FIELD.height / 2, vx: (to === 0 ? -1 : 1) * speed * Math.cos(angle), vy: speed * Math.sin(angle) };
}

/**
 * Moves the ball in sub-steps no longer than its radius, each checked as a swept segment against
 * the walls and the paddle it heads for, so even the fastest ball never passes through a paddle.
 * Returns the side that scored, if the ball reached a goal line.
 */
function moveBall(state: GameState, settings: GameSettings, events: GameEvent[]): Side | null {
  const { ball } = state;
  const steps = Math.max(1, Math.ceil(Math.hypot(ball.vx, ball.vy) / BALL_RADIUS));
  for (let i = 0; i < steps; i++) {
    const fromX = ball.x;
    ball.x += ball.vx / steps;
    ball.y += ball.vy / steps;
    if (ball.y < BALL_RADIUS || ball.y > FIELD.height - BALL_RADIUS) {
      ball.y = ball.y < BALL_RADIUS ? 2 * BALL_RADIUS - ball.y : 2 * (FIELD.height - BALL_RADIUS) - ball.y;
      ball.vy = -ball.vy;
      events.push({ type: 'wall' });
    }
    const side: Side = ball.vx < 0 ? 0 : 1;
    if (hitPaddle(state, side, fromX, settings)) {
      events.push({ type: 'paddle', side });
      continue;
    }
    if (ball.x - BALL_RADIUS <= 0) return 1;
    if (ball.x + BALL_RADIUS >= FIELD.width) return 0;
  }
  return null;
}

/** If the ball's front crossed the paddle's face during this sub-step within its reach, bounces it. */
function hitPaddle(state: GameState, side: Side, fromX: number, settings: GameSettings): boolean {
  const { ball } = state;
  const sign = side === 0 ? -1 : 1;
  const face = side === 0 ? paddleLeft(0) + PADDLE_WIDTH : paddleLeft(1);
  const frontBefore = fromX + sign * BALL_RADIUS;
  const frontAfter = ball.x + sign * BALL_RADIUS;
  // Only a ball coming from the field's side of the face: one already behind it is lost.
  if (sign * (frontBefore - face) > 0 || sign * (frontAfter - face) < 0) return false;
  const reach = paddleHeight(settings) / 2 + BALL_RADIUS;
  const offset = (ball.y - state.paddles[side]) / reach;
  if (Math.abs(offset) > 1) return false;
  const speed = Math.min(Math.hypot(ball.vx, ball.vy) * SPEED_UP, BALL_SPEEDS[settings.ballSpeed] * SPEED_CAP);
  const angle = offset * MAX_BOUNCE_ANGLE;
  ball.x = face - sign * BALL_RADIUS;
  ball.vx = -sign * speed * Math.cos(angle);
  ball.vy = speed * Math.sin(angle);
  return true;
}

function score(state: GameState, scorer: Side, settings: GameSettings, events: GameEvent[]): void {
  state.score[scorer] += 1;
  events.push({ type: 'point', side: scorer });
  const loser: Side = scorer === 0 ? 1 : 0;
  state.ball = servedBall(settings, loser, state.score[0] + state.score[1]);
  if (state.score[scorer] >= settings.scoreLimit) {
    state.phase = 'over';
    state.winner = scorer;
    state.ball.vx = 0;
    state.ball.vy = 0;
    events.push({ type: 'over', winner: scorer });
    return;
  }
  state.phase = 'countdown';
  state.countdown = POINT_COUNTDOWN_TICKS;
}
