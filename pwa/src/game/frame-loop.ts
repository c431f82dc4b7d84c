/**
 * A requestAnimationFrame loop bound to a component: it runs between `start()` and `stop()`
 * and always stops when the component leaves the page.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { countLive } from './live-count.js';

export class FrameLoop implements ReactiveController {
  #frame: number | null = null;

  constructor(
    host: ReactiveControllerHost,
    private readonly onFrame: (now: number) => void,
  ) {
    host.addController(this);
  }

  get running(): boolean {
    return this.#frame !== null;
  }

  start(): void {
    if (this.#frame !== null) return;
    countLive('loops', 1);
    this.#frame = requestAnimationFrame(this.#run);
  }

  stop(): void {
    if (this.#frame === null) return;
    cancelAnimationFrame(this.#frame);
    this.#frame = null;
    countLive('loops', -1);
  }

  hostDisconnected(): void {
    this.stop();
  }

  readonly #run = (now: number): void => {
    this.#frame = requestAnimationFrame(this.#run);
    this.onFrame(now);
  };
}
