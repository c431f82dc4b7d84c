/**
 * Where attachments' bytes are kept: one interface, a directory under the data directory (the
 * embedded default) or an S3-compatible bucket (when S3_BUCKET is set, for several api replicas).
 * Keys are made by the server (ids), never taken from a request; `checkKey` refuses anything else.
 */
import { constants, createReadStream, createWriteStream } from 'node:fs';
import { chmod, copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import type { AttachmentConfig } from '@volley/core';

export interface BlobStore {
  /** Writes the whole of `body` (`size` bytes) under `key`, replacing what was there. */
  put(key: string, body: Readable | Buffer, size: number): Promise<void>;
  /**
   * The same for a file on this machine's disk (`size` bytes at `path`, left in place). On the disk
   * store the kernel copies it: none of its bytes pass through the server's memory, which a burst
   * of uploads would otherwise fill with buffers for the garbage collector to sweep.
   */
  putFile(key: string, path: string, size: number): Promise<void>;
  /** The bytes under `key`, or undefined when there are none. */
  get(key: string): Promise<Readable | undefined>;
  /** Nothing happens when there is nothing under `key`. */
  delete(key: string): Promise<void>;
  stat(key: string): Promise<{ size: number } | undefined>;
  /** Lets go of what the store holds open (an S3 client's sockets). */
  close(): void;
}

/** Segments of letters, digits, `_` and `-`, joined by `/`: no `..`, no absolute path, no backslash. */
const KEY = /^[A-Za-z0-9_-]{1,128}(\/[A-Za-z0-9_-]{1,128}){0,3}$/;

function checkKey(key: string): string {
  if (!KEY.test(key)) throw new Error(`not a storage key: ${JSON.stringify(key)}`);
  return key;
}

/** The store the configuration names. */
export function openBlobStore(config: { dataDir: string; attachments: AttachmentConfig }): BlobStore {
  const { s3 } = config.attachments;
  return s3 ? new S3Store(s3) : new DiskStore(join(config.dataDir, 'attachments'));
}

export class DiskStore implements BlobStore {
  constructor(private readonly root: string) {}

  #path(key: string): string {
    return join(this.root, checkKey(key));
  }

  put(key: string, body: Readable | Buffer, _size: number): Promise<void> {
    return this.#write(key, (partial) => pipeline(Buffer.isBuffer(body) ? Readable.from([body]) : body, createWriteStream(partial, { mode: 0o600 })));
  }

  putFile(key: string, path: string, _size: number): Promise<void> {
    // A clone where the file system can (copy on write), a copy in the kernel where it cannot.
    return this.#write(key, async (partial) => {
      await copyFile(path, partial, constants.COPYFILE_FICLONE);
      await chmod(partial, 0o600);
    });
  }

  /** Written aside, then renamed: a reader never sees half a file. */
  async #write(key: string, write: (partial: string) => Promise<void>): Promise<void> {
    const path = this.#path(key);
    await mkdir(dirname(path), { recursive: true });
    const partial = `${path}.partial-${process.pid}-${Math.random().toString(36).slice(2)}`;
    try {
      await write(partial);
      await rename(partial, path);
    } finally {
      await rm(partial, { force: true });
    }
  }

  async get(key: string): Promise<Readable | undefined> {
    const path = this.#path(key);
    if (!(await this.stat(key))) return undefined;
    return createReadStream(path);
  }

  async delete(key: string): Promise<void> {
    await rm(this.#path(key), { force: true });
  }

  async stat(key: string): Promise<{ size: number } | undefined> {
    const info = await stat(this.#path(key)).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw err;
    });
    return info?.isFile() ? { size: info.size } : undefined;
  }

  close(): void {}
}

type S3Settings = NonNullable<AttachmentConfig['s3']>;
type S3Sdk = typeof import('@aws-sdk/client-s3');

/** The SDK (4 MB of heap) is loaded at the store's first call, not at startup. */
export class S3Store implements BlobStore {
  #connection: Promise<{ sdk: S3Sdk; client: S3Client }> | undefined;

  constructor(private readonly s3: S3Settings) {}

  #connect(): Promise<{ sdk: S3Sdk; client: S3Client }> {
    const { s3 } = this;
    this.#connection ??= import('@aws-sdk/client-s3').then((sdk) => ({
      sdk,
      client: new sdk.S3Client({
        region: s3.region,
        endpoint: s3.endpoint,
        // MinIO and the like serve buckets under the path, not as sub-domains.
        forcePathStyle: s3.endpoint !== undefined,
        // No checksum trailer in an aws-chunked body: S3-compatible servers do not all read one.
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
        credentials: s3.accessKeyId && s3.secretAccessKey ? { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey } : undefined,
      }),
    }));
    return this.#connection;
  }

  async put(key: string, body: Readable | Buffer, size: number): Promise<void> {
    const { sdk, client } = await this.#connect();
    await client.send(new sdk.PutObjectCommand({ Bucket: this.s3.bucket, Key: checkKey(key), Body: body, ContentLength: size }));
  }

  putFile(key: string, path: string, size: number): Promise<void> {
    return this.put(key, createReadStream(path), size);
  }

  async get(key: string): Promise<Readable | undefined> {
    const { sdk, client } = await this.#connect();
    try {
      const out = await client.send(new sdk.GetObjectCommand({ Bucket: this.s3.bucket, Key: checkKey(key) }));
      return out.Body as Readable;
    } catch (err) {
      if (err instanceof sdk.NoSuchKey || err instanceof sdk.NotFound) return undefined;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    const { sdk, client } = await this.#connect();
    await client.send(new sdk.DeleteObjectCommand({ Bucket: this.s3.bucket, Key: checkKey(key) }));
  }

  async stat(key: string): Promise<{ size: number } | undefined> {
    const { sdk, client } = await this.#connect();
    try {
      const out = await client.send(new sdk.HeadObjectCommand({ Bucket: this.s3.bucket, Key: checkKey(key) }));
      return { size: out.ContentLength ?? 0 };
    } catch (err) {
      if (err instanceof sdk.NotFound || (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return undefined;
      throw err;
    }
  }

  close(): void {
    void this.#connection?.then(({ client }) => client.destroy());
  }
}
