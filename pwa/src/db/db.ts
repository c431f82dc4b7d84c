/**
 * The local read model (DESIGN.md §7): API data cached for offline use and the local copies of
 * Yjs documents. Never holds a token. A logout wipes it all (`wipe`).
 */
import { Dexie, type EntityTable } from 'dexie';
import type { Conversation, PublicUser } from '@volley/shared';

/** The signed-in user; `email` once `GET /me` answered. */
export type Me = PublicUser & { email?: string };

/** One Yjs update of a room's document, in arrival order; compacted by `RoomStore`. */
export interface RoomUpdate {
  id?: number;
  room: string;
  update: Uint8Array;
}

export class VolleyDB extends Dexie {
  /** The signed-in user: a single row. */
  me!: EntityTable<Me, 'id'>;
  conversations!: EntityTable<Conversation, 'id'>;
  roomUpdates!: EntityTable<RoomUpdate, 'id'>;

  constructor(name = 'volley') {
    super(name);
    this.version(1).stores({
      me: 'id',
      conversations: 'id, kind',
      roomUpdates: '++id, room',
    });
  }

  /** Deletes every local copy and reopens an empty database. */
  async wipe(): Promise<void> {
    await this.delete({ disableAutoOpen: false });
    await this.open();
  }
}

export const db = new VolleyDB();
