/**
 * A conversation's snapshot (db.ts, `snapshots`) read ahead of its view: the chat page asks as soon as
 * it knows which conversation shows, and the view's controller (controllers/conversation-controller.ts)
 * takes that read, so that it overlaps the conversation list's read and the view's chunk instead of
 * following them.
 */
import type { TimelineSnapshot, VolleyDB } from './db.js';

let ahead: { convId: string; read: Promise<TimelineSnapshot | undefined> } | null = null;

const read = (db: VolleyDB, convId: string): Promise<TimelineSnapshot | undefined> => db.snapshots.get(convId).catch(() => undefined);

/** Starts reading the conversation's snapshot, unless it is being read already. */
export function readSnapshotAhead(db: VolleyDB, convId: string): void {
  if (ahead?.convId !== convId) ahead = { convId, read: read(db, convId) };
}

/** The conversation's snapshot: the read asked ahead for it (once), or a new one. */
export function takeSnapshot(db: VolleyDB, convId: string): Promise<TimelineSnapshot | undefined> {
  const taken = ahead?.convId === convId ? ahead.read : read(db, convId);
  ahead = null;
  return taken;
}
