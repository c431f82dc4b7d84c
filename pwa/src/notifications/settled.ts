/**
 * Notifications whose subject is settled (pure: tested without a DOM): seen, once I am at the place
 * it leads to (its page, on any device: read marks live in my user document), or handled, a friend
 * request no longer waiting for my answer (accepted or declined here, or elsewhere).
 */
import { notificationPath, notificationsOf, type Notification } from '@volley/shared';
import type * as Y from 'yjs';
import type { VolleyDB } from '../db/db.js';

/**
 * The unread notifications that lead to `path` (a fragment or query of theirs aside). A mention is
 * seen when its message is read (`isSeen`), not when its conversation opens.
 */
export function seenAt(notifications: Iterable<Notification>, path: string): Notification[] {
  return [...notifications].filter((n) => !n.read && n.kind !== 'mention' && notificationPath(n)?.split(/[#?]/)[0] === path);
}

/** The unread friend requests no longer among those waiting for me (`waiting`: their request ids). */
export function handledRequests(notifications: Iterable<Notification>, waiting: ReadonlySet<string>): Notification[] {
  return [...notifications].filter((n) => !n.read && n.kind === 'friend_request' && !waiting.has(n.requestId));
}

/** Marks these read in my document (every device of mine follows). */
export function markSettled(doc: Y.Doc, list: readonly Notification[]): void {
  if (list.length === 0) return;
  const map = notificationsOf(doc);
  doc.transact(() => list.forEach((n) => map.set(n.id, { ...n, read: true })));
}

/** I am at `path`: what leads there is seen. */
export const settleAt = (doc: Y.Doc, path: string): void => markSettled(doc, seenAt(notificationsOf(doc).values(), path));

/** The friend lists were read again (Dexie's `friendRequests`): a request no longer waiting for my answer is handled, here or elsewhere. */
export async function settleRequests(doc: Y.Doc, db: VolleyDB): Promise<void> {
  const waiting = new Set((await db.friendRequests.where('direction').equals('received').toArray()).map((r) => r.id));
  markSettled(doc, handledRequests(notificationsOf(doc).values(), waiting));
}
