/**
 * Holds a sync room open for a component: acquires it from the SyncManager while the host is
 * connected, follows a room name that may change, and re-renders the host when the room's
 * connection status or one of the observed Yjs types changes.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type * as Y from 'yjs';
import type { SyncManager } from '../sync/sync-manager.js';
import type { SyncRoom } from '@volley/client';

/** A shared type of any kind (map, array, text) as far as watching it goes; its own event type does not matter here. */
type Watched = Pick<Y.AbstractType<never>, 'observeDeep' | 'unobserveDeep'>;

export interface RoomControllerOptions {
  sync: () => SyncManager | undefined;
  /** The room to hold, or null for none. */
  name: () => string | null;
  /** The shared types whose changes re-render the host. */
  observe?: (doc: Y.Doc) => Watched[];
}

export class RoomController implements ReactiveController {
  room: SyncRoom | null = null;
  /** True once the local copy is applied: an empty document then really is empty. */
  loaded = false;
  readonly #host: ReactiveControllerHost;
  readonly #options: RoomControllerOptions;
  #cleanup: (() => void) | null = null;

  constructor(host: ReactiveControllerHost, options: RoomControllerOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  get doc(): Y.Doc | null {
    return this.room?.doc ?? null;
  }

  hostConnected(): void {
    this.#follow();
  }

  hostUpdate(): void {
    this.#follow();
  }

  hostDisconnected(): void {
    this.#leave();
  }

  #follow(): void {
    const sync = this.#options.sync();
    const name = sync ? this.#options.name() : null;
    if (name === (this.room?.name ?? null)) return;
    this.#leave();
    if (!sync || name === null) return;
    const room = sync.acquire(name);
    const types = this.#options.observe?.(room.doc) ?? [];
    const changed = (): void => this.#host.requestUpdate();
    for (const type of types) type.observeDeep(changed);
    const stopStatus = room.statusChanged.add(changed);
    void room.loaded.then(() => {
      if (this.room !== room) return;
      this.loaded = true;
      changed();
    });
    this.room = room;
    this.loaded = false;
    this.#cleanup = () => {
      for (const type of types) type.unobserveDeep(changed);
      stopStatus();
      sync.release(room);
    };
  }

  #leave(): void {
    this.#cleanup?.();
    this.#cleanup = null;
    this.room = null;
    this.loaded = false;
  }
}
