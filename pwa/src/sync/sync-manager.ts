/**
 * Opens sync rooms on demand, one `SyncedRoom` (Y.Doc + local copy + provider) per room name,
 * shared by everyone who asked for it and closed a little after the last one lets go (going
 * back to a conversation just left reuses its socket). Connects every open room when a token
 * arrives (sign-in, network back) and disconnects them when it goes. A conversation segment's
 * messages move the conversation's cached `lastSeq`: the server's inbox signal leaves out what an
 * open segment already shows.
 */
import { ConvDoc, parseRoom, PREVIEW_LENGTH } from '@volley/shared';
import type { VolleyDB } from '../db/db.js';
import type { ApiClient } from '../services/api-client.js';
import { recordActivity } from '../services/conversations.js';
import { SyncedRoom } from './synced-room.js';

export interface SyncManagerOptions {
  db: VolleyDB;
  api: ApiClient;
  /** e.g. `wss://volley.example/sync`. */
  url: string;
  /** Where `online`/`offline` events come from; the window in the app. */
  network?: Pick<EventTarget, 'addEventListener'> & { readonly navigator?: { onLine: boolean } };
}

const LINGER_MS = 5_000;

interface OpenRoom {
  room: SyncedRoom;
  users: number;
  closing?: ReturnType<typeof setTimeout>;
}

export class SyncManager {
  readonly #options: SyncManagerOptions;
  readonly #rooms = new Map<string, OpenRoom>();

  constructor(options: SyncManagerOptions) {
    this.#options = options;
    options.api.authChanged.add((auth) => (auth ? this.#connectAll() : this.#disconnectAll()));
    const network = options.network ?? globalThis;
    network.addEventListener('online', () => this.#connectAll());
    network.addEventListener('offline', () => this.#disconnectAll());
  }

  /** The room, opened if needed; call `release` with it when done. */
  acquire(name: string): SyncedRoom {
    let entry = this.#rooms.get(name);
    if (!entry) {
      const { db, api, url } = this.#options;
      entry = { room: new SyncedRoom(name, { db, tokens: api, url }), users: 0 };
      this.#rooms.set(name, entry);
      followLastSeq(entry.room, db);
      if (this.#online()) entry.room.connect();
    }
    clearTimeout(entry.closing);
    entry.users++;
    return entry.room;
  }

  release(room: SyncedRoom): void {
    const entry = this.#rooms.get(room.name);
    if (!entry || entry.room !== room || --entry.users > 0) return;
    entry.closing = setTimeout(() => {
      this.#rooms.delete(room.name);
      void room.destroy();
    }, LINGER_MS);
  }

  /** Closes every room and waits for their local copies to be written (before a logout wipes them). */
  async closeAll(): Promise<void> {
    const entries = [...this.#rooms.values()];
    this.#rooms.clear();
    entries.forEach((entry) => clearTimeout(entry.closing));
    const rooms = entries.map((entry) => entry.room);
    await Promise.all(rooms.map((room) => room.destroy()));
  }

  #online(): boolean {
    const network = this.#options.network ?? globalThis;
    return (network.navigator?.onLine ?? true) && this.#options.api.accessToken !== null;
  }

  #connectAll(): void {
    if (!this.#online()) return;
    for (const { room } of this.#rooms.values()) room.connect();
  }

  #disconnectAll(): void {
    for (const { room } of this.#rooms.values()) room.disconnect();
  }
}

/** A segment's newest message moves its conversation's cached `lastSeq` (never back). */
function followLastSeq(room: SyncedRoom, db: VolleyDB): void {
  const name = parseRoom(room.name);
  if (name?.kind !== 'conv') return;
  const messages = ConvDoc.messages(room.doc);
  messages.observe(() => {
    const last = messages.length > 0 ? messages.get(messages.length - 1) : undefined;
    if (!last) return;
    const entry = { lastSeq: last.seq, preview: (last.deletedAt ? '' : last.body).slice(0, PREVIEW_LENGTH), at: last.at };
    void recordActivity(db, new Map([[name.convId, entry]])).catch(() => undefined);
  });
}
