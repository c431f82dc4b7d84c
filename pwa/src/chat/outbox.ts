/** What my actions do to my user document's outbox (docs/architecture.md §3). Local writes only: they work offline. */
import * as Y from 'yjs';
import { newId, UserDoc, type OutboxOp } from '@volley/shared';

/** Queues an op stamped with my clock; returns its id (for a send, the message id). */
export function queueOp(userDoc: Y.Doc, op: OutboxOp): string {
  const id = newId();
  UserDoc.outbox(userDoc).set(id, { ...op, at: new Date().toISOString() });
  return id;
}

/** Queues `body` for the conversation, as an action (`/me`) or an answer to a message. */
export function sendMessage(userDoc: Y.Doc, convId: string, body: string, extra: { kind?: 'me'; replyTo?: string } = {}): string {
  return queueOp(userDoc, { op: 'send', convId, body, ...extra });
}

/** Queues a refused op again under a new id (the old id is spent) and drops the old entry. */
export function retryOp(userDoc: Y.Doc, id: string): string | null {
  const outbox = UserDoc.outbox(userDoc);
  const entry = outbox.get(id);
  if (!entry) return null;
  const { status: _s, seq: _q, reason: _r, detail: _d, at: _a, ...op } = entry;
  let next: string | null = null;
  userDoc.transact(() => {
    outbox.delete(id);
    next = queueOp(userDoc, op);
  });
  return next;
}

export function discardOp(userDoc: Y.Doc, id: string): void {
  UserDoc.outbox(userDoc).delete(id);
}

/** Removes outbox entries that are settled (see `settledOps`), in one update. */
export function pruneOutbox(userDoc: Y.Doc, ids: readonly string[]): void {
  if (ids.length === 0) return;
  const outbox = UserDoc.outbox(userDoc);
  userDoc.transact(() => ids.forEach((id) => outbox.delete(id)));
}

/** Ops the server has not decided yet (all conversations): what "Syncing…" counts. */
export function undecidedCount(userDoc: Y.Doc): number {
  let count = 0;
  UserDoc.outbox(userDoc).forEach((entry) => (count += entry && entry.status === undefined ? 1 : 0));
  return count;
}
