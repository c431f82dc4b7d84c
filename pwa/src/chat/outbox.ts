/** What my actions do to my user document's outbox (DESIGN.md §3). Local writes only: they work offline. */
import * as Y from 'yjs';
import { newId, queueSend, UserDoc } from '@volley/shared';

/** Queues `body` for the conversation; returns the op id, which becomes the message id. */
export function sendMessage(userDoc: Y.Doc, convId: string, body: string): string {
  return queueSend(userDoc, newId(), convId, body);
}

/** Sends a rejected message again under a new op id (the old id is spent) and drops the old entry. */
export function retryMessage(userDoc: Y.Doc, id: string): string | null {
  const outbox = UserDoc.outbox(userDoc);
  const entry = outbox.get(id);
  if (entry?.op !== 'send') return null;
  let next: string | null = null;
  userDoc.transact(() => {
    outbox.delete(id);
    next = sendMessage(userDoc, entry.convId, entry.body);
  });
  return next;
}

export function discardMessage(userDoc: Y.Doc, id: string): void {
  UserDoc.outbox(userDoc).delete(id);
}

/** Removes outbox entries that are settled (see `settledOps`), in one update. */
export function pruneOutbox(userDoc: Y.Doc, ids: readonly string[]): void {
  if (ids.length === 0) return;
  const outbox = UserDoc.outbox(userDoc);
  userDoc.transact(() => ids.forEach((id) => outbox.delete(id)));
}
