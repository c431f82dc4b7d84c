/**
 * Keeps a local copy of one room's Yjs document in Dexie, so the document opens with no network:
 * every update is appended to `roomUpdates`; `load` applies them (in one transaction); past `COMPACT_AFTER` rows the
 * log is merged into one update (Y.mergeUpdates) inside a single transaction. `DexieStorage` is
 * the client library's storage plug-in made of it.
 */
import { WriteChain, type DocStorage, type LocalCopy } from '@volley/client';
import * as Y from 'yjs';
import type { VolleyDB } from '../db/db.js';

export class DexieStorage implements DocStorage {
  constructor(private readonly db: VolleyDB) {}

  open(room: string, doc: Y.Doc): LocalCopy {
    const store = new RoomStore(this.db, room, doc);
    const loaded = store.load();
    return { loaded, written: () => loaded.then(() => store.written()), close: () => store.close() };
  }
}

const COMPACT_AFTER = 100;

export class RoomStore {
  readonly #db: VolleyDB;
  readonly #room: string;
  readonly #doc: Y.Doc;
  #rows = 0;
  readonly #writes = new WriteChain();
  #compacting = false;
  #closed = false;

  constructor(db: VolleyDB, room: string, doc: Y.Doc) {
    this.#db = db;
    this.#room = room;
    this.#doc = doc;
  }

  /**
   * Applies the stored updates to the document, then records its updates. Not before: Yjs encodes
   * a transaction's update for each 'update' listener, and the stored copy (a whole segment) would
   * be encoded again only to be dropped. What the document got before the copy was read is written
   * then, as one update.
   */
  async load(): Promise<void> {
    const rows = await this.#db.roomUpdates.where('room').equals(this.#room).toArray();
    if (this.#closed) return;
    const early = this.#doc.store.clients.size > 0 ? Y.encodeStateAsUpdate(this.#doc) : null;
    this.#rows += rows.length;
    if (rows.length > 0) {
      // Each row applied, in one transaction: merging them first (Y.mergeUpdates) would encode the whole document again only to decode it.
      this.#doc.transact(() => {
        for (const row of rows) Y.applyUpdate(this.#doc, row.update, this);
      }, this);
    }
    this.#doc.on('update', this.#onUpdate);
    if (early) this.#onUpdate(early, null);
    this.#maybeCompact();
  }

  /** Stops recording and waits for the writes already started. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#doc.off('update', this.#onUpdate);
    await this.#writes.settled();
  }

  /** Resolves once every update recorded is stored; rejects with IndexedDB's error (`QuotaExceededError`) when that failed. */
  written(): Promise<void> {
    return this.#writes.written();
  }

  readonly #onUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === this || this.#closed) return;
    this.#rows++;
    this.#enqueue(() => this.#db.roomUpdates.add({ room: this.#room, update }));
    this.#maybeCompact();
  };

  #maybeCompact(): void {
    if (this.#rows < COMPACT_AFTER || this.#compacting) return;
    this.#compacting = true;
    this.#enqueue(() =>
      this.#db.transaction('rw', this.#db.roomUpdates, async () => {
        const rows = await this.#db.roomUpdates.where('room').equals(this.#room).toArray();
        if (rows.length < 2) return;
        await this.#db.roomUpdates.bulkDelete(rows.map((row) => row.id!));
        await this.#db.roomUpdates.add({ room: this.#room, update: Y.mergeUpdates(rows.map((row) => row.update)) });
      }),
    ).finally(() => {
      this.#rows = 1;
      this.#compacting = false;
    });
  }

  /** The room's rows replaced by the whole document: after a failed write, whose update storage lost. */
  #writeWhole(): Promise<unknown> {
    return this.#db.transaction('rw', this.#db.roomUpdates, async () => {
      await this.#db.roomUpdates.where('room').equals(this.#room).delete();
      await this.#db.roomUpdates.add({ room: this.#room, update: Y.encodeStateAsUpdate(this.#doc) });
    });
  }

  /** Writes run one after another; a failed write (database wiped at logout, the quota spent) does not stop the next, which writes the whole document. */
  #enqueue(write: () => Promise<unknown>): Promise<unknown> {
    return this.#writes.push(write, () => this.#writeWhole()).catch(() => undefined);
  }
}
