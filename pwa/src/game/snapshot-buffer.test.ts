import { TICK_MS, type Snapshot } from '@volley/shared';
import { describe, expect, it } from 'vitest';
import { INTERPOLATION_DELAY_TICKS, SnapshotBuffer } from './snapshot-buffer.js';

/** A snapshot at `tick` with the ball at (x, y) and the paddles at p0, p1. */
const snap = (tick: number, x: number, y: number, p0 = 250, p1 = 250, score: [number, number] = [0, 0]): Snapshot => [tick, 'playing', 0, x, y, 7, 1, p0, p1, score[0], score[1], 0, 0];

describe('interpolation between snapshots', () => {
  it('draws the ball and the paddles between the two snapshots around the moment drawn', () => {
    const buffer = new SnapshotBuffer();
    // Arriving on time: tick n at n ticks of local time.
    buffer.push(snap(100, 100, 200, 200, 300), 100 * TICK_MS);
    buffer.push(snap(104, 140, 220, 240, 260), 104 * TICK_MS);
    // Drawn INTERPOLATION_DELAY_TICKS behind the server: local tick 108 shows server tick 102, halfway.
    const now = (102 + INTERPOLATION_DELAY_TICKS) * TICK_MS;
    const view = buffer.sample(now)!;
    expect(view.ball.x).toBeCloseTo(120);
    expect(view.ball.y).toBeCloseTo(210);
    expect(view.paddles[0]).toBeCloseTo(220);
    expect(view.paddles[1]).toBeCloseTo(280);
  });

  it('holds the newest snapshot when the next one is late, and ignores one arriving out of order', () => {
    const buffer = new SnapshotBuffer();
    buffer.push(snap(10, 100, 100), 10 * TICK_MS);
    buffer.push(snap(12, 120, 100), 12 * TICK_MS);
    buffer.push(snap(11, 999, 999), 13 * TICK_MS);
    expect(buffer.sample(40 * TICK_MS)!.ball.x).toBe(120);
    expect(buffer.latest![0]).toBe(12);
  });

  it('never sweeps the ball across the court when a point sends it back to the centre', () => {
    const buffer = new SnapshotBuffer();
    buffer.push(snap(10, 790, 100), 10 * TICK_MS);
    buffer.push(snap(12, 400, 250, 250, 250, [1, 0]), 12 * TICK_MS);
    const xs = [10.5, 11, 11.5].map((t) => buffer.sample((t + INTERPOLATION_DELAY_TICKS) * TICK_MS)!.ball.x);
    for (const x of xs) expect([790, 400]).toContain(x);
  });

  it('shows nothing before the first snapshot', () => {
    expect(new SnapshotBuffer().sample(1000)).toBeNull();
  });
});
