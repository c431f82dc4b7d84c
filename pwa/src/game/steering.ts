/** My paddle's direction from the controls: held keys win; otherwise it heads for where I touch. */
import { PADDLE_SPEED, type Direction } from '@volley/shared';

export function steer(keys: Direction | null, pointerY: number | null, paddleY: number): Direction {
  if (keys !== null) return keys;
  if (pointerY === null) return 0;
  const gap = pointerY - paddleY;
  // Within one move of the finger: stay, or the paddle would shake around it.
  if (Math.abs(gap) < PADDLE_SPEED) return 0;
  return gap > 0 ? 1 : -1;
}
