/**
 * My session's presence status: 'online' while the tab is visible and used, 'away' after
 * AWAY_AFTER_MS without input or as soon as the tab is hidden.
 */
import { AWAY_AFTER_MS, type SessionStatus } from '@volley/shared';

const INPUT_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart', 'focus'] as const;

export class ActivityTracker {
  status: SessionStatus = 'online';
  readonly #onChange: (status: SessionStatus) => void;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(onChange: (status: SessionStatus) => void) {
    this.#onChange = onChange;
  }

  start(): void {
    for (const type of INPUT_EVENTS) window.addEventListener(type, this.#onInput, { passive: true, capture: true });
    document.addEventListener('visibilitychange', this.#onInput);
    this.#onInput();
  }

  stop(): void {
    for (const type of INPUT_EVENTS) window.removeEventListener(type, this.#onInput, { capture: true });
    document.removeEventListener('visibilitychange', this.#onInput);
    clearTimeout(this.#timer);
  }

  readonly #onInput = (): void => {
    clearTimeout(this.#timer);
    if (document.visibilityState === 'hidden') return this.#set('away');
    this.#set('online');
    this.#timer = setTimeout(() => this.#set('away'), AWAY_AFTER_MS);
  };

  #set(status: SessionStatus): void {
    if (status === this.status) return;
    this.status = status;
    this.#onChange(status);
  }
}
