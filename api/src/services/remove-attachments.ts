/**
 * Files no message keeps any more go, bytes and rows (docs/architecture.md, "Attachments"): a file
 * goes with one message only, so a deleted message's files go (at once: the sync server that deleted
 * it says so); an upload no message took within a week (its answer lost, its message cancelled) goes
 * too; an account deleted takes its files with it. The row is deleted first, in one statement that
 * checks the reason again on the row as locked (a send that takes the file meanwhile holds the
 * row's lock, and its file no longer has that reason), then the bytes: a crash in between leaves bytes that
 * no row names, never a row whose bytes are gone.
 */
import { type Db, DomainEvents, forCategory } from '@volley/core';
import type { RouteDeps } from '../context.js';
import type { BlobStore } from '../storage/index.js';

/** How long an upload waits for a message to take it: a message whose other files are still uploading offline. */
export const UNSENT_KEPT_MS = 7 * 86_400_000;
const SWEEP_EVERY_MS = 3_600_000;
const BATCH = 200;

interface Removed {
  message_id: string | null;
  storage_key: string;
  thumbnail_key: string | null;
}

async function dropBytes(store: BlobStore, removed: Removed[]): Promise<void> {
  for (const { storage_key: file, thumbnail_key: thumbnail } of removed) {
    await store.delete(file);
    if (thumbnail) await store.delete(thumbnail);
  }
}

/** One pass: the files of deleted messages and the uploads no message took in time. How many went. */
export async function sweepAttachments(db: Db, store: BlobStore, now = Date.now()): Promise<number> {
  const unsentBefore = new Date(now - UNSENT_KEPT_MS);
  let total = 0;
  for (;;) {
    const removed = (await db('attachments')
      .whereIn(
        'id',
        db('attachments as a')
          .leftJoin('messages as m', 'm.id', 'a.message_id')
          .where((q) => q.whereNotNull('m.deleted_at').orWhere((unsent) => unsent.whereNull('a.message_id').where('a.created_at', '<', unsentBefore)))
          .select('a.id')
          .limit(BATCH),
      )
      // The reason checked again on the row as it is once locked (a send may have taken the file
      // meanwhile): its message deleted, or still no message a week on.
      .where((q) =>
        q
          .whereExists(db('messages as m').whereRaw('m.id = attachments.message_id').whereNotNull('m.deleted_at'))
          .orWhere((unsent) => unsent.whereNull('message_id').where('created_at', '<', unsentBefore)),
      )
      .delete()
      .returning(['message_id', 'storage_key', 'thumbnail_key'])) as Removed[];
    await dropBytes(store, removed);
    total += removed.length;
    if (removed.length < BATCH) return total;
  }
}

/** Every file the user uploaded: the messages that carried one, to be written again without it. */
export async function removeFilesOf(db: Db, store: BlobStore, userId: string): Promise<string[]> {
  const removed = (await db('attachments').where('uploader_id', userId).delete().returning(['message_id', 'storage_key', 'thumbnail_key'])) as Removed[];
  await dropBytes(store, removed);
  return [...new Set(removed.flatMap((row) => (row.message_id ? [row.message_id] : [])))];
}

/**
 * Sweeps now, every hour, and when a sync server says a deleted message carried files
 * (`attachments.released`), until stopped. A sweep asked for while another waits to start is that one.
 */
export function keepSweepingAttachments({ db, bus, logger, store }: Pick<RouteDeps, 'db' | 'bus' | 'logger'> & { store: BlobStore }): () => Promise<void> {
  const log = forCategory(logger, 'db');
  let running: Promise<unknown> = Promise.resolve();
  let waiting = false;
  const sweep = () => {
    if (waiting) return;
    waiting = true;
    running = running
      .then(() => {
        waiting = false;
        return sweepAttachments(db, store);
      })
      .catch((err: unknown) => log.warn({ err }, 'removing files no message keeps failed'));
  };
  sweep();
  const timer = setInterval(sweep, SWEEP_EVERY_MS).unref();
  const subscribed = new DomainEvents(bus).subscribe((event) => event.type === 'attachments.released' && sweep());
  subscribed.catch((err: unknown) => log.error({ err }, 'subscribing to released files failed'));
  return async () => {
    clearInterval(timer);
    await subscribed.then((unsubscribe) => unsubscribe(), () => undefined);
    await running;
  };
}
