/**
 * Calls back when a notification of one of `kinds` arrives in my own document: a component showing
 * a state the server changes (a join request decided, a friend request answered) reads it again
 * then, without a reload. Notifications already there when it starts do not count.
 */
import { notificationsOf, type Notification } from '@volley/shared';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { SyncManager } from '../sync/sync-manager.js';
import { RoomController } from './room-controller.js';

export interface NotifiedOptions {
  sync: () => SyncManager | undefined;
  /** My user room (`myUserRoom`), or null when signed out. */
  room: () => string | null;
  kinds: ReadonlySet<Notification['kind']>;
  onNotified: (notification: Notification) => void;
}

export class NotifiedController implements ReactiveController {
  readonly #room: RoomController;
  readonly #options: NotifiedOptions;
  /** Ids already seen; null until the document is first read. */
  #seen: Set<string> | null = null;

  constructor(host: ReactiveControllerHost, options: NotifiedOptions) {
    this.#options = options;
    this.#room = new RoomController(host, { sync: options.sync, name: options.room, observe: (doc) => [notificationsOf(doc)] });
    host.addController(this);
  }

  hostUpdated(): void {
    const doc = this.#room.doc;
    if (!doc || !this.#room.loaded) return;
    const fresh: Notification[] = [];
    const seen = this.#seen;
    const ids = new Set<string>();
    notificationsOf(doc).forEach((n, id) => {
      ids.add(id);
      if (seen && !seen.has(id) && n && typeof n === 'object' && this.#options.kinds.has(n.kind)) fresh.push(n);
    });
    this.#seen = ids;
    for (const n of fresh) this.#options.onNotified(n);
  }
}
