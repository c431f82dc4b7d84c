import { describe, expect, it } from 'vitest';
import { TickScheduler } from './tick-scheduler.js';

const ticksOf = (steps: () => number, n: number) =>
  new Promise<void>((resolve) => {
    const poll = setInterval(() => {
      if (steps() < n) return;
      clearInterval(poll);
      resolve();
    }, 5);
  });

describe('the game clock', () => {
  it('steps every game on each tick, reports the intervals, and stops stepping a game once removed', async () => {
    const intervals: number[] = [];
    const clock = new TickScheduler((ms) => intervals.push(ms));
    let a = 0;
    let b = 0;
    const gameA = { step: () => a++ };
    const gameB = { step: () => b++ };
    clock.add(gameA);
    clock.add(gameB);
    await ticksOf(() => a, 10);
    expect(Math.abs(a - b)).toBeLessThanOrEqual(1);
    expect(intervals.length).toBeGreaterThanOrEqual(a - 2);
    expect(intervals.every((ms) => ms > 0)).toBe(true);

    clock.delete(gameA);
    const stoppedAt = a;
    await ticksOf(() => b, b + 5);
    expect(a).toBe(stoppedAt);

    // With no game left the clock is idle: nothing is stepped or reported any more.
    clock.delete(gameB);
    const [bStopped, reported] = [b, intervals.length];
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect([b, intervals.length]).toEqual([bStopped, reported]);

    // And it starts again for a new game.
    clock.add(gameA);
    await ticksOf(() => a, stoppedAt + 3);
    clock.stop();
  });
});
