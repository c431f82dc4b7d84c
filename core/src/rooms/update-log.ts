/** The update log of every room in `sync_updates` (docs/architecture.md §4): append, load, compact. */
import type { Db } from '../db/connect.js';
import * as Y from 'yjs';

interface UpdateRow {
  id: number | string;
  data: Uint8Array;
}

interface QueuedAppend {
  room: string;
  update: Uint8Array;
  resolve(): void;
  reject(err: unknown): void;
}

/** Thrown inside the compaction transaction to roll it back. */
class CompactionRace extends Error {}

/** Rows per INSERT: two parameters each, far below PostgreSQL's 65,535. */
const MAX_ROWS_PER_INSERT = 1000;

export class UpdateLog {
  /** Appends waiting for the INSERT in flight to finish (group commit). */
  private queue: QueuedAppend[] = [];
  private flushing = false;

  constructor(private readonly db: Db) {}

  /**
   * Resolves once the update is durable. Appends made while another INSERT is in flight, from any
   * room, share the next INSERT: one round trip for many rooms instead of one each. A room that
   * awaits each append before the next (as rooms do) keeps its order; ids follow queue order.
   */
  append(room: string, update: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ room, update, resolve, reject });
      // The first append waits for the end of the current tick, so the rest of its tick joins it.
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_ROWS_PER_INSERT);
      try {
        await this.db('sync_updates').insert(batch.map(({ room, update }) => ({ room, data: Buffer.from(update) })));
        batch.forEach((append) => append.resolve());
      } catch (err) {
        batch.forEach((append) => append.reject(err));
      }
    }
    this.flushing = false;
  }

  /** The room's updates in the order they were appended. */
  async load(room: string): Promise<Uint8Array[]> {
    const rows: UpdateRow[] = await this.db('sync_updates').where({ room }).orderBy('id').select('data');
    return rows.map((row) => new Uint8Array(row.data));
  }

  /**
   * Replaces the room's rows by one snapshot of the document they make: the rows are applied to a
   * fresh document, whose garbage collection drops deleted content (what `Y.mergeUpdates` would
   * keep), and its state is stored as one row. Returns how many rows were replaced (0 when another
   * instance compacted the same rows first) and the snapshot's size. Only the ids read here are
   * deleted, so an update appended meanwhile, by this process or another, survives.
   */
  async compact(room: string): Promise<{ merged: number; bytes: number }> {
    try {
      return await this.db.transaction(async (trx) => {
        const rows: UpdateRow[] = await trx('sync_updates').where({ room }).orderBy('id').select('id', 'data');
        if (rows.length < 2) return { merged: 0, bytes: rows[0]?.data.length ?? 0 };
        const snapshot = snapshotOf(rows.map((row) => new Uint8Array(row.data)));
        const deleted: unknown[] = await trx('sync_updates').whereIn('id', rows.map((row) => row.id)).delete().returning('id');
        if (deleted.length !== rows.length) throw new CompactionRace();
        await trx('sync_updates').insert({ room, data: Buffer.from(snapshot) });
        return { merged: rows.length, bytes: snapshot.length };
      });
    } catch (err) {
      if (err instanceof CompactionRace) return { merged: 0, bytes: 0 };
      throw err;
    }
  }
}

/** The state of the document the updates make, with deleted content garbage-collected. */
function snapshotOf(updates: Uint8Array[]): Uint8Array {
  const doc = new Y.Doc({ gc: true });
  doc.transact(() => updates.forEach((update) => Y.applyUpdate(doc, update)));
  const snapshot = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return snapshot;
}
