/**
 * Runs a simulation at a fixed 60 Hz from the display's frames (an accumulator): each frame runs
 * as many ticks as the time since the last one holds. After a long gap (a hidden tab, a slow
 * device) it catches up at most `MAX_CATCH_UP` ticks rather than freezing to replay them all.
 */
import { TICK_MS } from '@volley/shared';

const MAX_CATCH_UP = 15;

export class FixedStep {
  #last: number | null = null;
  #carry = 0;

  /** Runs `tick` for the ticks due at `now` (ms); returns how many ran. */
  advance(now: number, tick: () => void): number {
    const elapsed = this.#last === null ? 0 : now - this.#last;
    this.#last = now;
    this.#carry = Math.min(this.#carry + Math.max(0, elapsed), MAX_CATCH_UP * TICK_MS);
    let ran = 0;
    while (this.#carry >= TICK_MS) {
      this.#carry -= TICK_MS;
      tick();
      ran += 1;
    }
    return ran;
  }

  /** Forgets the time: the next frame starts afresh (after a pause). */
  reset(): void {
    this.#last = null;
    this.#carry = 0;
  }
}
