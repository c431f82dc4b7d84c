/**
 * Keeps a user's outbox small (docs/protocol.md, "The outbox"): a client deletes an accepted entry
 * once its message shows, but one that never looks (a script, a closed tab, another conversation)
 * would let the document grow with every send. The server leaves the newest OUTBOX_ACCEPTED_KEPT
 * accepted entries and deletes the older ones, in one write once there are twice as many (and when
 * the room loads). Rejected entries stay until the user retries or discards them; undecided ones
 * are the processor's. What a prune leaves in the document is a tombstone of the key (~46 bytes).
 */
import type { Logger } from '@volley/core';
import { OUTBOX_ACCEPTED_KEPT, UserDoc } from '@volley/shared';
import type { Room } from '../rooms/room.js';

export function pruneAcceptedOps(room: Room, log: Logger, { atLoad = false } = {}): void {
  const outbox = UserDoc.outbox(room.doc);
  const accepted: string[] = [];
  outbox.forEach((entry, id) => entry?.status === 'accepted' && accepted.push(id));
  if (accepted.length <= (atLoad ? OUTBOX_ACCEPTED_KEPT : 2 * OUTBOX_ACCEPTED_KEPT)) return;
  // Op ids are ULIDs: their order is the order the ops were made in.
  const oldest = accepted.sort().slice(0, accepted.length - OUTBOX_ACCEPTED_KEPT);
  // Persisted and fanned out like any server write (the room's append chain retries on failure).
  void room.write((doc) => oldest.forEach((id) => UserDoc.outbox(doc).delete(id)));
  log.debug({ room: room.name, pruned: oldest.length }, 'pruned accepted outbox entries');
}
