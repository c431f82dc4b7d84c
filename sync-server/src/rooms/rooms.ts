/**
 * The rooms loaded in this process. A room is loaded on first use and evicted a little while
 * after its last holder (a connection, or the outbox processor writing to it) let go.
 */
import { measure, metrics, type DomainEventHandlers } from '@volley/core';
import { userRoom } from '@volley/shared';
import { Room, type RoomDeps } from './room.js';

const USER_ROOM_PREFIX = userRoom('');

interface Entry {
  room: Promise<Room>;
  /** Set once the room has loaded. */
  loaded?: Room;
  holders: number;
  evictTimer?: NodeJS.Timeout;
}

export interface RoomsOptions {
  evictAfterMs: number;
}

/**
 * A part that watches the rooms, as Hocuspocus' extensions do: each loaded room is handed to every
 * watcher of the list in its order, and the list is closed in reverse order before the rooms are.
 */
export interface RoomWatcher {
  /** Before anyone gets the room; a failure fails the load (the next acquire retries). */
  prepare?(room: Room): Promise<void>;
  /** Once the room is prepared, before anyone gets it. */
  watch?(room: Room): void;
  /** The domain events it acts on (core/src/events.ts). */
  readonly on?: DomainEventHandlers;
  close?(): void | Promise<void>;
}

export class Rooms {
  private readonly entries = new Map<string, Entry>();
  private loadedUserRooms = 0;
  private readonly unmeasure: () => void;
  private watchers: readonly RoomWatcher[] = [];

  constructor(
    private readonly deps: RoomDeps,
    private readonly options: RoomsOptions,
  ) {
    const users = () => [...this.entries.keys()].filter((name) => name.startsWith(USER_ROOM_PREFIX)).length;
    const removers = [measure(metrics.rooms, 'user', users), measure(metrics.rooms, 'conv', () => this.entries.size - users())];
    this.unmeasure = () => removers.forEach((remove) => remove());
  }

  /** The watchers of every room loaded from now on, in order. */
  watchedBy(watchers: readonly RoomWatcher[]): void {
    this.watchers = watchers;
  }

  /** The room, loaded if needed. Every acquire that resolves must be paired with one release. */
  acquire(name: string): Promise<Room> {
    let entry = this.entries.get(name);
    if (!entry) {
      const loading = Room.load(name, this.deps).then(async (room) => {
        await this.prepare(room).catch(async (err: unknown) => {
          await room.close();
          throw err;
        });
        created.loaded = room;
        if (name.startsWith(USER_ROOM_PREFIX)) this.loadedUserRooms++;
        for (const watcher of this.watchers) watcher.watch?.(room);
        return room;
      });
      const created: Entry = { room: loading, holders: 0 };
      // A failed load is forgotten, so that the next acquire tries again.
      loading.catch(() => this.entries.get(name) === created && this.entries.delete(name));
      this.entries.set(name, created);
      entry = created;
    }
    entry.holders++;
    clearTimeout(entry.evictTimer);
    return entry.room;
  }

  release(name: string): void {
    const entry = this.entries.get(name);
    if (!entry || --entry.holders > 0) return;
    entry.evictTimer = setTimeout(() => void this.evict(name, entry), this.options.evictAfterMs).unref();
  }

  /** The rooms loaded in this process now. */
  *loaded(): Generator<Room> {
    for (const entry of this.entries.values()) if (entry.loaded) yield entry.loaded;
  }

  /**
   * The rooms loaded in this process, and those loading now once they have: a change that rooms
   * must reflect (a deleted account) may land after a loading room read the tables.
   */
  async present(): Promise<Room[]> {
    const loads = [...this.entries.values()].map((entry) => entry.room.catch(() => undefined));
    return (await Promise.all(loads)).filter((room): room is Room => room !== undefined);
  }

  /** The users whose `user.<id>` room is loaded in this process. */
  heldUserIds(): string[] {
    const ids: string[] = [];
    for (const [name, entry] of this.entries) if (entry.loaded && name.startsWith(USER_ROOM_PREFIX)) ids.push(name.slice(USER_ROOM_PREFIX.length));
    return ids;
  }

  /** How many `user.<id>` rooms have loaded so far: while it stays the same, no user room is new here. */
  get userRoomLoads(): number {
    return this.loadedUserRooms;
  }

  /** True when the user's `user.<id>` room is loaded in this process. */
  holdsUser(userId: string): boolean {
    return this.entries.get(USER_ROOM_PREFIX + userId)?.loaded !== undefined;
  }

  /** The room if it is loaded in this process. */
  peek(name: string): Room | undefined {
    return this.entries.get(name)?.loaded;
  }

  /** Runs `use` with the room held. */
  async using<T>(name: string, use: (room: Room) => Promise<T>): Promise<T> {
    const room = await this.acquire(name);
    try {
      return await use(room);
    } finally {
      this.release(name);
    }
  }

  /** Closes the watchers, newest first, then every room, waiting for their pending appends. */
  async close(): Promise<void> {
    for (const watcher of [...this.watchers].reverse()) await watcher.close?.();
    this.unmeasure();
    const entries = [...this.entries.values()];
    this.entries.clear();
    for (const entry of entries) clearTimeout(entry.evictTimer);
    await Promise.all(entries.map((entry) => entry.room.then((room) => room.close(), () => undefined)));
  }

  private async prepare(room: Room): Promise<void> {
    for (const watcher of this.watchers) await watcher.prepare?.(room);
  }

  private async evict(name: string, entry: Entry): Promise<void> {
    const room = await entry.room;
    await room.settled();
    // Someone may have acquired the room while its last appends finished.
    if (entry.holders > 0 || this.entries.get(name) !== entry) return;
    this.entries.delete(name);
    await room.close();
  }
}
