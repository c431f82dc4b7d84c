/**
 * Local persistence of Yjs documents, pluggable: a room's document opens from its local copy with
 * no network, and every change is recorded. The PWA plugs in IndexedDB (Dexie); Node gets memory
 * (`MemoryStorage`) or files (`FileStorage`, from `@volley/client/node`).
 */
import * as Y from 'yjs';

export interface LocalCopy {
  /** Resolves once the stored state is applied to the document. */
  readonly loaded: Promise<void>;
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
      close: async () => doc.off('update', record),
    };
  }
}
