/**
 * Test support shared by every package's tests, the end-to-end specs and the benches
 * (`@volley/shared/testing`); nothing here ships in the app.
 */

import type { Snapshot } from './game/protocol.js';
import type { Direction, Side } from './game/state.js';

/** A password every test account uses: strong enough for the server's strength rules. */
export const TEST_PASSWORD = 'correct horse battery';

/**
 * A scripted Pong player's move on a snapshot: its paddle towards the ball, as a plain but perfect
 * player would (`chase`), or away from it, a sure miss.
 */
export function paddleMove(s: Snapshot, side: Side, chase = true): Direction {
  const paddle = side === 0 ? s[7] : s[8];
  const toward: Direction = s[4] > paddle + 4 ? 1 : s[4] < paddle - 4 ? -1 : 0;
  return chase ? toward : ((-toward || 1) as Direction);
}
