/**
 * Runs a Dexie `liveQuery` for a component: `value` follows the database, the host re-renders
 * on every change, and the query restarts when one of its `deps` changes.
 */
import { liveQuery, type Subscription } from 'dexie';
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class LiveQueryController<T> implements ReactiveController {
  value: T | undefined;
  error: unknown;
  readonly #host: ReactiveControllerHost;
  readonly #query: () => T | Promise<T>;
  readonly #deps: () => readonly unknown[];
  #subscription: Subscription | undefined;
  #lastDeps: readonly unknown[] | undefined;

  constructor(host: ReactiveControllerHost, query: () => T | Promise<T>, deps: () => readonly unknown[] = () => []) {
    this.#host = host;
    this.#query = query;
    this.#deps = deps;
    host.addController(this);
  }

  hostConnected(): void {
    this.#subscribe();
  }

  hostUpdate(): void {
    const deps = this.#deps();
    if (!this.#lastDeps || deps.length !== this.#lastDeps.length || deps.some((d, i) => d !== this.#lastDeps![i])) this.#subscribe();
  }

  hostDisconnected(): void {
    this.#subscription?.unsubscribe();
    this.#subscription = undefined;
  }

  #subscribe(): void {
    this.#subscription?.unsubscribe();
    this.#lastDeps = this.#deps();
    this.#subscription = liveQuery(this.#query).subscribe({
      next: (value) => {
        this.value = value;
        this.error = undefined;
        this.#host.requestUpdate();
      },
      error: (error: unknown) => {
        this.error = error;
        this.#host.requestUpdate();
      },
    });
  }
}
