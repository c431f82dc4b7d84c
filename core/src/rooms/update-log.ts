/** The update log of every room in `sync_updates` (DESIGN.md §4): append, load, compact. */
import type { Db } from '../db/connect.js';
import * as Y from 'yjs';

interface UpdateRow {
  id: number | string;
  data: Uint8Array;
}

/** Thrown inside the compaction transaction to roll it back. */
class CompactionRace extends Error {}

export class UpdateLog {
  constructor(private readonly db: Db) {}

  async append(room: string, update: Uint8Array): Promise<void> {
    await this.db('sync_updates').insert({ room, data: Buffer.from(update) });
  }

  /** The room's updates in the order they were appended. */
  async load(room: string): Promise<Uint8Array[]> {
    const rows: UpdateRow[] = await this.db('sync_updates').where({ room }).orderBy('id').select('data');
    return rows.map((row) => new Uint8Array(row.data));
  }

  /**
   * Replaces the room's rows by one merged row; returns how many rows were merged (0 when another
   * instance compacted the same rows first). Only the ids read here are deleted, so an update
   * appended meanwhile, by this process or another, survives.
   */
  async compact(room: string): Promise<number> {
    try {
      return await this.db.transaction(async (trx) => {
        const rows: UpdateRow[] = await trx('sync_updates').where({ room }).orderBy('id').select('id', 'data');
        if (rows.length < 2) return 0;
        const merged = Y.mergeUpdates(rows.map((row) => new Uint8Array(row.data)));
        const deleted: unknown[] = await trx('sync_updates').whereIn('id', rows.map((row) => row.id)).delete().returning('id');
        if (deleted.length !== rows.length) throw new CompactionRace();
        await trx('sync_updates').insert({ room, data: Buffer.from(merged) });
        return rows.length;
      });
    } catch (err) {
      if (err instanceof CompactionRace) return 0;
      throw err;
    }
  }
}
