/**
 * One SyncRoom — one socket — per room name, shared by everyone who opens it: `acquire` counts
 * users, `release` lets go, and the room closes a little after the last one let go (going back to
 * a conversation just left reuses its socket). `online`/`offline` connect or disconnect them all.
 */
import { SyncRoom, type SyncRoomOptions } from './sync-room.js';

const LINGER_MS = 5_000;

interface Held {
  room: SyncRoom;
  users: number;
  closing?: ReturnType<typeof setTimeout>;
}

export class RoomPool {
  readonly #rooms = new Map<string, Held>();
  #online = true;

  constructor(
    private readonly options: SyncRoomOptions,
    /** Called once for every room made (the PWA follows a segment's last seq there). */
    private readonly onCreated: (room: SyncRoom) => void = () => {},
  ) {}

  /** The room, opened (and connecting) if needed; call `release` with it when done. */
  acquire(name: string): SyncRoom {
    let held = this.#rooms.get(name);
    if (!held) {
      held = { room: new SyncRoom(name, this.options), users: 0 };
      this.#rooms.set(name, held);
      this.onCreated(held.room);
      if (this.#online) held.room.connect();
    }
    clearTimeout(held.closing);
    held.users++;
    return held.room;
  }

  release(room: SyncRoom): void {
    const held = this.#rooms.get(room.name);
    if (!held || held.room !== room || --held.users > 0) return;
    held.closing = setTimeout(() => {
      this.#rooms.delete(room.name);
      void room.destroy();
    }, LINGER_MS);
  }

  /** The rooms open now (for a status display). */
  get rooms(): SyncRoom[] {
    return [...this.#rooms.values()].map((held) => held.room);
  }

  /** Connects every room (network back, signed in), each at once rather than after its back-off. */
  online(): void {
    this.#online = true;
    for (const { room } of this.#rooms.values()) room.connect();
  }

  offline(): void {
    this.#online = false;
    for (const { room } of this.#rooms.values()) room.disconnect();
  }

  /** Closes every room and waits for their local copies to be written. */
  async closeAll(): Promise<void> {
    const held = [...this.#rooms.values()];
    this.#rooms.clear();
    held.forEach((h) => clearTimeout(h.closing));
    await Promise.all(held.map((h) => h.room.destroy()));
  }
}
