import { TICK_MS } from '@volley/shared';
import { describe, expect, it } from 'vitest';
import { FixedStep } from './fixed-step.js';

function ticksOver(seconds: number, frameMs: number): number {
  const clock = new FixedStep();
  let ticks = 0;
  for (let now = 0; now <= seconds * 1000; now += frameMs) clock.advance(now, () => ticks++);
  return ticks;
}

describe('the fixed 60 Hz step', () => {
  it('runs 60 ticks a second whatever the display rate', () => {
    for (const frameMs of [1000 / 30, 1000 / 60, 1000 / 144, 7]) expect(Math.abs(ticksOver(2, frameMs) - 120)).toBeLessThanOrEqual(1);
  });

  it('catches up a quarter of a second at most after a long gap, and nothing after a reset', () => {
    const clock = new FixedStep();
    clock.advance(0, () => undefined);
    expect(clock.advance(5000, () => undefined)).toBe(15);
    clock.reset();
    expect(clock.advance(9000, () => undefined)).toBe(0);
    expect(clock.advance(9000 + 2 * TICK_MS + 1, () => undefined)).toBe(2);
  });
});
