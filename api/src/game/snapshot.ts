import type { GameState, Snapshot } from '@volley/shared';

/** Two decimals are finer than a pixel and keep a snapshot near 100 bytes of JSON. */
const round = (n: number) => Math.round(n * 100) / 100;

/** The compact snapshot of shared/game/protocol.ts, with the last input seq applied per side. */
export function snapshotOf(state: GameState, acks: readonly [number, number]): Snapshot {
  const { ball, paddles, score } = state;
  return [state.tick, state.phase, state.countdown, round(ball.x), round(ball.y), round(ball.vx), round(ball.vy), round(paddles[0]), round(paddles[1]), score[0], score[1], acks[0], acks[1]];
}
