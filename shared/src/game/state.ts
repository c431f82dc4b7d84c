/**
 * The state of one game of Pong, as the pure physics (physics.ts) steps it at a fixed 60 Hz.
 * Units are field units: the field is FIELD.width × FIELD.height, origin top left, y downwards.
 * Side 0 defends the left edge, side 1 the right one.
 */
export const TICK_RATE = 60;
export const TICK_MS = 1000 / TICK_RATE;
export const FIELD = { width: 800, height: 500 } as const;

export type Side = 0 | 1;
/** A paddle's input: up (-1), still (0) or down (1). */
export type Direction = -1 | 0 | 1;
/**
 * `countdown`: before the first serve and after each point, the ball waits at the centre;
 * `playing`; `over`: someone reached the score limit.
 */
export type Phase = 'countdown' | 'playing' | 'over';

export interface Ball {
  x: number;
  y: number;
  /** Field units per tick. */
  vx: number;
  vy: number;
}

export interface GameState {
  tick: number;
  phase: Phase;
  /** Ticks left before the serve while `countdown`. */
  countdown: number;
  ball: Ball;
  /** Centre y of each side's paddle. */
  paddles: [number, number];
  score: [number, number];
  /** Set when `over`. */
  winner?: Side;
}

/** What a step did, for sounds and the result: at most a few per tick. */
export type GameEvent = { type: 'paddle'; side: Side } | { type: 'wall' } | { type: 'point'; side: Side } | { type: 'over'; winner: Side };
