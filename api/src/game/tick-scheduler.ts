/**
 * One fixed 60 Hz clock for every live game in the process. Drift-free: tick n is due at
 * start + n·TICK_MS, whatever the previous ones cost. setTimeout alone fires up to a few ms late,
 * so it wakes a little early and the last stretch is waited with setImmediate, which still lets
 * socket I/O (players' inputs) in between.
 */
import { performance } from 'node:perf_hooks';
import { metrics } from '@volley/core';
import { TICK_MS } from '@volley/shared';

/**
 * How early setTimeout is asked to wake. Its own rounding is about 1 ms; every further ms of early
 * wake-up is spent polling (an empty clock: ~3 % of a core at 0, ~7 % at 1, ~8–13 % at 2–4, measured
 * on a loaded 2-core machine where the jitter figures themselves were dominated by the load).
 */
const WAKE_EARLY_MS = 1;
/** Further behind than this (the process was stalled), the clock restarts instead of racing to catch up. */
const MAX_LAG_TICKS = 5;

export interface Steppable {
  step(): void;
}

export class TickScheduler {
  private readonly games = new Set<Steppable>();
  private start = 0;
  private ticks = 0;
  private lastTick = 0;
  private timer: NodeJS.Timeout | NodeJS.Immediate | undefined;

  /** `onTick` sees the interval since the previous tick (ms): the benchmark's jitter probe. */
  constructor(private readonly onTick?: (intervalMs: number) => void) {}

  add(game: Steppable): void {
    this.games.add(game);
    if (!this.timer) {
      this.start = performance.now();
      this.ticks = 0;
      this.lastTick = 0;
      this.schedule();
    }
  }

  delete(game: Steppable): void {
    this.games.delete(game);
    if (this.games.size === 0) this.stop();
  }

  stop(): void {
    if (this.timer) {
      clearTimeout(this.timer as NodeJS.Timeout);
      clearImmediate(this.timer as NodeJS.Immediate);
    }
    this.timer = undefined;
  }

  private schedule(): void {
    const due = this.start + (this.ticks + 1) * TICK_MS;
    const wait = due - performance.now() - WAKE_EARLY_MS;
    this.timer = wait > 0 ? setTimeout(() => this.finish(due), wait) : setImmediate(() => this.finish(due));
  }

  private finish(due: number): void {
    this.timer = undefined;
    const now = performance.now();
    if (now < due) {
      this.timer = setImmediate(() => this.finish(due));
      return;
    }
    if (now - due > MAX_LAG_TICKS * TICK_MS) {
      this.start = now;
      this.ticks = 0;
    } else {
      this.ticks += 1;
    }
    metrics.gameTickJitter.observe((now - due) / 1000);
    if (this.lastTick > 0) this.onTick?.(now - this.lastTick);
    this.lastTick = now;
    const cpu = process.cpuUsage();
    for (const game of [...this.games]) game.step();
    const spent = process.cpuUsage(cpu);
    metrics.gameTickCpu.inc((spent.user + spent.system) / 1e6);
    // A game added during the steps has already started the clock again.
    if (this.games.size > 0 && !this.timer) this.schedule();
  }
}
