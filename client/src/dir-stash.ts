/// <reference types="node" />
/**
 * Files waiting to be uploaded, kept in a directory (Node): a bot that restarts sends the files it
 * had not uploaded yet. Written to a temporary name and renamed, so a crash leaves no half file.
 */
import { mkdirSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BlobStash } from './file-stash.js';

export class DirStash implements BlobStash {
  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  #path(key: string): string {
    return join(this.dir, encodeURIComponent(key));
  }

  async put(key: string, blob: Blob): Promise<void> {
    const path = this.#path(key);
    await writeFile(`${path}.tmp`, new Uint8Array(await blob.arrayBuffer()));
    await rename(`${path}.tmp`, path);
  }

  async get(key: string): Promise<Blob | undefined> {
    try {
      return new Blob([await readFile(this.#path(key))]);
    } catch {
      return undefined;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.#path(key), { force: true });
  }
}
