/**
 * Typing and "N here" for one conversation room, as awareness (docs/architecture.md §3): `typed()` sets
 * `{typing: true}` at most every TYPING_THROTTLE_MS and clears it after TYPING_IDLE_MS without
 * input; `stopped()` clears it at once (on send). Re-renders the host when the states change.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { readAwareness } from '../chat/typing.js';
import type { SyncRoom } from '@volley/client';

const TYPING_THROTTLE_MS = 2_000;
const TYPING_IDLE_MS = 5_000;

export class TypingController implements ReactiveController {
  typing: string[] = [];
  here = 1;
  readonly #host: ReactiveControllerHost;
  readonly #room: () => SyncRoom | null;
  readonly #myId: () => string;
  #attached: SyncRoom | null = null;
  #lastSet = 0;
  #idle: ReturnType<typeof setTimeout> | undefined;

  constructor(host: ReactiveControllerHost, room: () => SyncRoom | null, myId: () => string) {
    this.#host = host;
    this.#room = room;
    this.#myId = myId;
    host.addController(this);
  }

  hostUpdated(): void {
    if (this.#room() === this.#attached) return;
    this.#attached?.awareness.off('change', this.#read);
    this.stopped();
    this.#attached = this.#room();
    this.#attached?.awareness.on('change', this.#read);
    this.#read();
  }

  hostDisconnected(): void {
    this.stopped();
    this.#attached?.awareness.off('change', this.#read);
    this.#attached = null;
  }

  typed(): void {
    clearTimeout(this.#idle);
    this.#idle = setTimeout(() => this.stopped(), TYPING_IDLE_MS);
    if (Date.now() - this.#lastSet < TYPING_THROTTLE_MS) return;
    this.#lastSet = Date.now();
    this.#attached?.awareness.setLocalStateField('typing', true);
  }

  stopped(): void {
    clearTimeout(this.#idle);
    if (this.#lastSet === 0) return;
    this.#lastSet = 0;
    this.#attached?.awareness.setLocalStateField('typing', false);
  }

  readonly #read = (): void => {
    const awareness = this.#attached?.awareness;
    if (!awareness) return;
    const { typing, here } = readAwareness(awareness.getStates(), awareness.clientID, this.#myId());
    if (typing.join() === this.typing.join() && here === this.here) return;
    this.typing = typing;
    this.here = here;
    this.#host.requestUpdate();
  };
}
