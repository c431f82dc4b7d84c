/** Keeps a user's `notifications` to the newest NOTIFICATIONS_KEPT, trimmed when their room loads. */
import type { Logger } from '@volley/core';
import { NOTIFICATIONS_KEPT, notificationsOf, parseRoom } from '@volley/shared';
import type { Room } from './room.js';

export function capNotifications(room: Room, log: Logger): void {
  if (parseRoom(room.name)?.kind !== 'user') return;
  const notifications = notificationsOf(room.doc);
  if (notifications.size <= NOTIFICATIONS_KEPT) return;
  // Ids are ULIDs: their order is the order they were written in.
  const oldest = [...notifications.keys()].sort().slice(0, notifications.size - NOTIFICATIONS_KEPT);
  // Persisted and fanned out like any server write (the room's append chain retries on failure).
  void room.write((doc) => oldest.forEach((id) => notificationsOf(doc).delete(id)));
  log.debug({ room: room.name, removed: oldest.length }, 'trimmed notifications');
}
