/**
 * Where the file outbox keeps the bytes of files not uploaded yet, pluggable like `DocStorage`:
 * the PWA keeps them in IndexedDB (which stores a Blob as is), Node in files (`FileStash` of
 * `@volley/client/node`), and a client without either in memory.
 */
export interface BlobStash {
  put(key: string, blob: Blob): Promise<void>;
  /** Undefined once deleted (or never put). */
  get(key: string): Promise<Blob | undefined>;
  delete(key: string): Promise<void>;
}

/** For the life of the process only: a file waits through going offline, not through a restart. */
export class MemoryStash implements BlobStash {
  readonly #blobs = new Map<string, Blob>();

  async put(key: string, blob: Blob): Promise<void> {
    this.#blobs.set(key, blob);
  }

  async get(key: string): Promise<Blob | undefined> {
    return this.#blobs.get(key);
  }

  async delete(key: string): Promise<void> {
    this.#blobs.delete(key);
  }
}
