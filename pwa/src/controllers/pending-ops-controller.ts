/**
 * My ops not settled yet, as the client library shows them (`VolleyClient.pendingOps`: its op
 * queue, kept in IndexedDB): pending, refused with their reason, accepted until the message shows
 * them. Re-renders the host whenever they change.
 */
import type { PendingOps, VolleyClient } from '@volley/client';
import type { OutboxEntry } from '@volley/shared';
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class PendingOpsController implements ReactiveController {
  #ops: PendingOps | null = null;
  /** The entries as last read: the same map until they change. */
  #entries: ReadonlyMap<string, OutboxEntry> | null = null;
  #stop: (() => void) | null = null;
  readonly #host: ReactiveControllerHost;
  readonly #volley: () => VolleyClient | undefined;
  readonly #signedIn: () => boolean;

  constructor(host: ReactiveControllerHost, volley: () => VolleyClient | undefined, signedIn: () => boolean) {
    this.#host = host;
    this.#volley = volley;
    this.#signedIn = signedIn;
    host.addController(this);
  }

  /** The view, once someone is signed in. */
  get ops(): PendingOps | null {
    return this.#ops;
  }

  entries(): ReadonlyMap<string, OutboxEntry> {
    this.#entries ??= this.#ops?.entries() ?? new Map();
    return this.#entries;
  }

  hostUpdate(): void {
    const volley = this.#volley();
    const ops = volley?.user && this.#signedIn() ? volley.pendingOps() : null;
    if (ops === this.#ops) return;
    this.#stop?.();
    this.#ops = ops;
    this.#entries = null;
    this.#stop =
      ops?.changed.add(() => {
        this.#entries = null;
        this.#host.requestUpdate();
      }) ?? null;
  }

  hostDisconnected(): void {
    this.#stop?.();
    this.#stop = null;
    this.#ops = null;
    this.#entries = null;
  }
}
