/**
 * The app's sync rooms, on the client library's room pool: one room (Y.Doc, Dexie copy, socket)
 * per name, shared by everyone who asked for it and closed a little after the last one lets go.
 * Rooms connect while there is a token and a network, and disconnect when either goes.
 */
import { createContext } from '@lit/context';
import type { ApiClient, RoomPool, SyncRoom } from '@volley/client';
import type { VolleyDB } from '../db/db.js';

export interface SyncManagerOptions {
  db: VolleyDB;
  api: ApiClient;
  rooms: RoomPool;
  /** Closes what the rooms' owner holds besides them (the client library's op queue); the rooms by default. */
  close?: () => Promise<void>;
  /** Where `online`/`offline` events come from; the window in the app. */
  network?: Pick<EventTarget, 'addEventListener'> & { readonly navigator?: { onLine: boolean } };
}

export class SyncManager {
  readonly #options: SyncManagerOptions;

  constructor(options: SyncManagerOptions) {
    this.#options = options;
    if (!this.#online()) options.rooms.offline();
    options.api.authChanged.add((auth) => (auth ? this.#connectAll() : options.rooms.offline()));
    const network = options.network ?? globalThis;
    network.addEventListener('online', () => this.#connectAll());
    network.addEventListener('offline', () => options.rooms.offline());
  }

  /** The room, opened if needed; call `release` with it when done. */
  acquire(name: string): SyncRoom {
    return this.#options.rooms.acquire(name);
  }

  release(room: SyncRoom): void {
    this.#options.rooms.release(room);
  }

  /** Closes every room and waits for their local copies to be written (before a logout wipes them). */
  closeAll(): Promise<void> {
    return this.#options.close?.() ?? this.#options.rooms.closeAll();
  }

  #online(): boolean {
    const network = this.#options.network ?? globalThis;
    return (network.navigator?.onLine ?? true) && this.#options.api.accessToken !== null;
  }

  #connectAll(): void {
    if (this.#online()) this.#options.rooms.online();
  }
}

/** Provided after the first page has painted (services/client-step.ts): read it with `subscribe: true`. */
export const syncContext = createContext<SyncManager | undefined>(Symbol('volley.sync'));
