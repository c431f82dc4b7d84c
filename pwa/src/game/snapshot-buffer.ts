/**
 * The server's recent snapshots, to draw the ball and the other paddle smoothly: the picture is
 * drawn `INTERPOLATION_DELAY_TICKS` behind the newest server tick, between the two snapshots
 * around that moment. The server's tick is estimated from arrival times: the snapshot that came
 * with the least delay fixes the clock (later ones only move it forward, unless the server
 * stood still).
 */
import { FIELD, TICK_MS, type Snapshot } from '@volley/shared';

/**
 * 67 ms: the server sends a snapshot every tick, so this rides over three late or lost ones,
 * while the ball stays close enough to my (predicted, undelayed) paddle for a hit to look right.
 */
export const INTERPOLATION_DELAY_TICKS = 4;
const KEEP = 32;
const STALL_TICKS = 30;

export interface InterpolatedView {
  ball: { x: number; y: number };
  paddles: [number, number];
}

export class SnapshotBuffer {
  readonly #snaps: Snapshot[] = [];
  /** Server tick minus local time in ticks; null before the first snapshot. */
  #clock: number | null = null;

  get latest(): Snapshot | undefined {
    return this.#snaps.at(-1);
  }

  /** Adds a snapshot received at `now` (ms); ignores one older than the newest. */
  push(snap: Snapshot, now: number): void {
    const latest = this.latest;
    if (latest && snap[0] <= latest[0]) return;
    this.#snaps.push(snap);
    if (this.#snaps.length > KEEP) this.#snaps.shift();
    const clock = snap[0] - now / TICK_MS;
    // Far behind the clock: the server stood still (a paused game); start the clock again from here.
    const stalled = this.#clock !== null && clock < this.#clock - STALL_TICKS;
    this.#clock = this.#clock === null || stalled ? clock : Math.max(this.#clock, clock);
  }

  /** The server tick drawn at `now`. */
  renderTick(now: number): number {
    return this.#clock === null ? 0 : now / TICK_MS + this.#clock - INTERPOLATION_DELAY_TICKS;
  }

  /** Ball and paddles at `now`; null before any snapshot. */
  sample(now: number): InterpolatedView | null {
    const snaps = this.#snaps;
    const newest = snaps.at(-1);
    if (!newest) return null;
    const tick = this.renderTick(now);
    const i = snaps.findIndex((s) => s[0] > tick);
    // Past the newest snapshot (a late one): hold it rather than guess. Before the oldest: show it.
    if (i === -1) return view(newest, newest, 0);
    if (i === 0) return view(snaps[0]!, snaps[0]!, 0);
    const a = snaps[i - 1]!;
    const b = snaps[i]!;
    return view(a, b, (tick - a[0]) / (b[0] - a[0]));
  }
}

const lerp = (a: number, b: number, f: number) => a + (b - a) * f;

function view(a: Snapshot, b: Snapshot, f: number): InterpolatedView {
  // A point was scored in between: the ball went back to the centre, never sweep it across.
  const jumped = Math.abs(b[3] - a[3]) > FIELD.width / 2 || a[9] + a[10] !== b[9] + b[10];
  const g = jumped ? (f < 0.5 ? 0 : 1) : f;
  return { ball: { x: lerp(a[3], b[3], g), y: lerp(a[4], b[4], g) }, paddles: [lerp(a[7], b[7], f), lerp(a[8], b[8], f)] };
}
