/**
 * Keeps a user's `notifications` to the newest NOTIFICATIONS_KEPT: trimmed when their room loads,
 * and while it stays loaded each time they reach twice that (one write per NOTIFICATIONS_KEPT
 * arrivals), so the user document stays small (its quota: shared/src/limits.ts).
 */
import type { Logger } from '@volley/core';
import { NOTIFICATIONS_KEPT, notificationsOf, parseRoom } from '@volley/shared';
import type { Room } from '../rooms/room.js';
import type { RoomWatcher } from '../rooms/rooms.js';

/** The watcher that caps every user room's notifications. */
export const notificationsCap = (log: Logger): RoomWatcher => ({ watch: (room) => capNotifications(room, log) });

function capNotifications(room: Room, log: Logger): void {
  if (parseRoom(room.name)?.kind !== 'user') return;
  const notifications = notificationsOf(room.doc);
  trim(room, log);
  let trimming = false;
  notifications.observe(() => {
    if (trimming || notifications.size <= 2 * NOTIFICATIONS_KEPT) return;
    trimming = true;
    // After the transaction that added them, not inside it.
    queueMicrotask(() => {
      trimming = false;
      trim(room, log);
    });
  });
}

function trim(room: Room, log: Logger): void {
  const notifications = notificationsOf(room.doc);
  if (notifications.size <= NOTIFICATIONS_KEPT) return;
  // Ids are ULIDs: their order is the order they were written in.
  const oldest = [...notifications.keys()].sort().slice(0, notifications.size - NOTIFICATIONS_KEPT);
  // Persisted and fanned out like any server write (the room's append chain retries on failure).
  void room.write((doc) => oldest.forEach((id) => notificationsOf(doc).delete(id)));
  log.debug({ room: room.name, removed: oldest.length }, 'trimmed notifications');
}
