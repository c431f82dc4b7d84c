/**
 * Which users with a loaded `user.<id>` room are members of a conversation, remembered between
 * messages so that the inbox costs no query per message: only users not yet checked for the
 * conversation are looked up. `membership.added`/`membership.removed` forget the conversation's
 * answer; a conversation's answer is also dropped after at most `refreshMs`, for an event the bus
 * lost (as the membership sweep does for sockets), at a random moment of its second half: the
 * conversations first seen together are not all looked up again in the same second. Joins that
 * publish no event add users who had no loaded room before (registering into the world
 * conversation), so they are looked up anyway.
 */
import type { Db } from '@volley/core';
import { membersAmong } from './membership.js';
import type { Rooms } from './rooms.js';

interface Known {
  members: Set<string>;
  checked: Set<string>;
  /** When the answer is dropped. */
  until: number;
  /** `Rooms.userRoomLoads` when the loaded users were last checked: the same count, no one to check. */
  loads: number;
}

export type HeldUsers = Pick<Rooms, 'heldUserIds' | 'holdsUser' | 'userRoomLoads'>;

export class HeldMembers {
  private readonly known = new Map<string, Known>();

  constructor(
    private readonly db: Db,
    private readonly refreshMs = 30_000,
  ) {}

  /**
   * The members of the conversation among the users whose room is loaded. Per message this walks
   * the conversation's known members, not every loaded room (thousands on a busy instance).
   */
  async among(convId: string, held: HeldUsers): Promise<string[]> {
    let known = this.known.get(convId);
    if (!known || Date.now() > known.until) {
      known = { members: new Set(), checked: new Set(), until: Date.now() + this.refreshMs * (0.5 + Math.random() / 2), loads: -1 };
      this.known.set(convId, known);
    }
    const loads = held.userRoomLoads;
    if (known.loads !== loads) {
      const unchecked = held.heldUserIds().filter((userId) => !known.checked.has(userId));
      if (unchecked.length > 0) {
        const found = await membersAmong(this.db, convId, unchecked);
        // Forgotten meanwhile (a membership changed): this answer may predate the change.
        if (this.known.get(convId) !== known) return this.among(convId, held);
        for (const userId of found) known.members.add(userId);
        for (const userId of unchecked) known.checked.add(userId);
      }
      known.loads = loads;
    }
    return [...known.members].filter((userId) => held.holdsUser(userId));
  }

  /** A membership of the conversation changed: its answer is looked up again. */
  forget(convId: string): void {
    this.known.delete(convId);
  }
}
