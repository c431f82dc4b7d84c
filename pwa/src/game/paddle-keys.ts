/**
 * The keyboard's say on my paddle: ArrowUp/W up, ArrowDown/S down; with both held, the last
 * one pressed wins. Keys typed into a field are left alone.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Direction } from '@volley/shared';

const KEYS: Record<string, Direction> = { ArrowUp: -1, KeyW: -1, ArrowDown: 1, KeyS: 1 };

export class PaddleKeys implements ReactiveController {
  /** Held keys, the last pressed last. */
  #held: string[] = [];

  /** `enabled` says whether the keys steer now (a spectator's keys scroll the page as usual). */
  constructor(
    host: ReactiveControllerHost,
    private readonly enabled: () => boolean = () => true,
  ) {
    host.addController(this);
  }

  /** The direction the held keys ask for; null when none is held. */
  get direction(): Direction | null {
    const last = this.#held.at(-1);
    return last === undefined ? null : KEYS[last]!;
  }

  hostConnected(): void {
    window.addEventListener('keydown', this.#down);
    window.addEventListener('keyup', this.#up);
    window.addEventListener('blur', this.#release);
  }

  hostDisconnected(): void {
    window.removeEventListener('keydown', this.#down);
    window.removeEventListener('keyup', this.#up);
    window.removeEventListener('blur', this.#release);
    this.#held = [];
  }

  readonly #down = (event: KeyboardEvent): void => {
    if (!(event.code in KEYS) || event.altKey || event.ctrlKey || event.metaKey || isTyping(event) || !this.enabled()) return;
    event.preventDefault();
    if (!this.#held.includes(event.code)) this.#held.push(event.code);
  };

  readonly #up = (event: KeyboardEvent): void => {
    this.#held = this.#held.filter((code) => code !== event.code);
  };

  readonly #release = (): void => {
    this.#held = [];
  };
}

function isTyping(event: KeyboardEvent): boolean {
  const target = event.composedPath()[0];
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}
