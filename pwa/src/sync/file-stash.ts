/** The client library's file outbox keeps the bytes of files not uploaded yet in IndexedDB, which stores a Blob as is. */
import type { BlobStash } from '@volley/client';
import type { VolleyDB } from '../db/db.js';

export class DexieStash implements BlobStash {
  constructor(private readonly db: VolleyDB) {}

  async put(key: string, blob: Blob): Promise<void> {
    await this.db.pendingFiles.put({ key, blob });
  }

  async get(key: string): Promise<Blob | undefined> {
    return (await this.db.pendingFiles.get(key))?.blob;
  }

  async delete(key: string): Promise<void> {
    await this.db.pendingFiles.delete(key);
  }
}
