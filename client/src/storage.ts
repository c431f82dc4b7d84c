/**
 * Local persistence of Yjs documents, pluggable: a room's document opens from its local copy with
 * no network, and every change is recorded. The PWA plugs in IndexedDB (Dexie); Node gets memory
 * (`MemoryStorage`) or files (`FileStorage`, from `@volley/client/node`).
 */
import * as Y from 'yjs';

export interface LocalCopy {
  /** Resolves once the stored state is applied to the document. */
  readonly loaded: Promise<void>;
  /**
   * Resolves once every change made to the document so far is in storage; rejects with the
   * storage's error (a full disk, `QuotaExceededError`) when the write that carries them failed.
   * A write after a failed one writes the whole document, so one that succeeds stores all.
   */
  written(): Promise<void>;
  /** Stops recording and waits for the writes already started. */
  close(): Promise<void>;
}

export interface DocStorage {
  /** Applies what is stored for `room` to `doc`, then records every update of `doc`. */
  open(room: string, doc: Y.Doc): LocalCopy;
}

/** Updates held in this process: a room opened again (while the client lives) starts from them. */
export class MemoryStorage implements DocStorage {
  readonly #rooms = new Map<string, Uint8Array>();

  open(room: string, doc: Y.Doc): LocalCopy {
    const stored = this.#rooms.get(room);
    if (stored) Y.applyUpdate(doc, stored, this);
    const record = (update: Uint8Array, origin: unknown) => {
      if (origin === this) return;
      const before = this.#rooms.get(room);
      this.#rooms.set(room, before ? Y.mergeUpdates([before, update]) : update);
    };
    doc.on('update', record);
    return {
      loaded: Promise.resolve(),
      written: () => Promise.resolve(),
      close: async () => doc.off('update', record),
    };
  }
}

/** A change the user made could not be kept in local storage: it was not sent, the caller still has it. */
export class LocalWriteError extends Error {
  override readonly name = 'LocalWriteError';

  constructor(
    /** The op, or file message, that was not kept. */
    readonly id: string,
    override readonly cause: unknown,
  ) {
    super(`could not write to local storage: ${cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)}`);
  }
}

/**
 * Writes run one after another; `written()` is the last one's. A failed write (the disk full, the
 * quota spent) leaves the next one to write the whole document, so storage never keeps an update
 * whose predecessors it lost.
 */
export class WriteChain {
  #last: Promise<void> = Promise.resolve();
  #broken = false;

  /** Queues `write` (an increment), or `whole` in its place when a write before it failed. */
  push(write: () => Promise<unknown>, whole: () => Promise<unknown>): Promise<void> {
    const next = this.#last
      .catch(() => undefined)
      .then(async () => {
        const broken = this.#broken;
        try {
          await (broken ? whole() : write());
          this.#broken = false;
        } catch (error) {
          this.#broken = true;
          throw error;
        }
      });
    this.#last = next;
    return next;
  }

  /** The last write queued: resolves once it (and so everything before it) is stored. */
  written(): Promise<void> {
    return this.#last;
  }

  /** Waits for the writes queued, whatever their fate. */
  settled(): Promise<void> {
    return this.#last.catch(() => undefined);
  }
}
