/**
 * Friends' presence, delivered as the server's own awareness state in each loaded `user.<id>`
 * room: `{presence: {friendId: 'online' | 'away'}}` (shared/src/presence.ts). Each session of
 * the user sets `{status}` in that room; those states make the user's status on this instance.
 * Blocked users are never shown, either way. A change of the user's friendships, requests or
 * blocks also moves the room's `social` stamp on: their sessions read their lists again.
 */
import type { Bus, Db, DomainEventHandlers, Logger } from '@volley/core';
import { combineStatuses, nextStamp, parseRoom, userRoom, type ServerPresenceAwareness, type SessionStatus } from '@volley/shared';
import { PresenceTracker, type PresenceTiming } from './presence-tracker.js';
import type { Room } from '../rooms/room.js';
import type { Rooms } from '../rooms/rooms.js';
import { serverField, setServerField } from '../rooms/server-awareness.js';

/** What is known about a loaded user room's friends; `generation` drops a slower, older lookup. */
interface Watched {
  userId: string;
  friends: Set<string>;
  generation: number;
}

const sessionStatus = (state: unknown): SessionStatus | undefined => {
  const status = (state as { status?: unknown } | null)?.status;
  return status === 'online' || status === 'away' ? status : undefined;
};

export class FriendPresence {
  private readonly tracker: PresenceTracker;
  private readonly watched = new WeakMap<Room, Watched>();

  constructor(
    private readonly deps: { db: Db; bus: Bus; rooms: Rooms; log: Logger },
    timing: PresenceTiming,
  ) {
    this.tracker = new PresenceTracker(deps, timing, (userId) => this.statusChanged(userId));
  }

  readonly on: DomainEventHandlers = { 'social.changed': (event) => this.socialChanged(event.userIds) };

  start(): Promise<void> {
    return this.tracker.start();
  }

  close(): Promise<void> {
    return this.tracker.close();
  }

  /** Whether the user has a session on any instance (away included). */
  isOnline(userId: string): boolean {
    return this.tracker.statusOf(userId) !== 'offline';
  }

  /** For every loaded room: in a user room, the sessions' statuses are followed and friends' presence shown. */
  watch(room: Room): void {
    const name = parseRoom(room.name);
    if (name?.kind !== 'user') return;
    this.watched.set(room, { userId: name.userId, friends: new Set(), generation: 0 });
    room.awareness.on('update', (_changes: unknown, origin: unknown) => {
      // The server's own state changing says nothing about the user's sessions.
      if (origin === 'local') return;
      const statuses = room.localAwarenessStates().map(sessionStatus).filter((status) => status !== undefined);
      this.tracker.setLocal(name.userId, combineStatuses(statuses));
    });
    void this.loadFriends(room);
  }

  /** A friendship, friend request or block involving these users began or ended. */
  socialChanged(userIds: string[]): void {
    for (const userId of userIds) {
      const room = this.deps.rooms.peek(userRoom(userId));
      if (!room) continue;
      setServerField(room.awareness, 'social', nextStamp(serverField(room.awareness, 'social')));
      void this.loadFriends(room);
    }
  }

  private statusChanged(userId: string): void {
    for (const room of this.deps.rooms.loaded()) {
      if (this.watched.get(room)?.friends.has(userId)) this.show(room);
    }
  }

  private async loadFriends(room: Room): Promise<void> {
    const watched = this.watched.get(room)!;
    const generation = ++watched.generation;
    try {
      const friends = await visibleFriends(this.deps.db, watched.userId);
      if (generation !== watched.generation) return;
      watched.friends = friends;
      this.show(room);
    } catch (err) {
      this.deps.log.error({ err, userId: watched.userId }, 'loading friends for presence failed');
    }
  }

  private show(room: Room): void {
    const presence: ServerPresenceAwareness['presence'] = {};
    for (const friendId of this.watched.get(room)!.friends) {
      const status = this.tracker.statusOf(friendId);
      if (status !== 'offline') presence[friendId] = status;
    }
    // No friend online and none shown: the server sets no state at all (a state must be renewed every 15 s).
    const current = serverField(room.awareness, 'presence') ?? {};
    if (JSON.stringify(current) === JSON.stringify(presence)) return;
    setServerField(room.awareness, 'presence', presence);
  }
}

/** The user's friends, minus anyone blocked either way (blocking ends a friendship, but the two writes may race). */
async function visibleFriends(db: Db, userId: string): Promise<Set<string>> {
  const rows: { friend_id: string }[] = await db('friendships as f')
    .where('f.user_id', userId)
    .whereNotExists((blocks) =>
      blocks
        .from('blocks as b')
        .where((pair) => pair.where('b.blocker_id', userId).whereRaw('b.blocked_id = f.friend_id'))
        .orWhere((pair) => pair.whereRaw('b.blocker_id = f.friend_id').where('b.blocked_id', userId)),
    )
    .select('f.friend_id');
  return new Set(rows.map((row) => row.friend_id));
}
