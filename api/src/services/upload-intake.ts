/**
 * Uploads taken in beside the chat (docs/architecture.md, "Attachments"), by the process that also
 * delivers it. A body is streamed to a file under a byte limit, by batches of 256 KiB: one write
 * (a writev of the batch's chunks) rather than one per 64 KiB socket read, each write handed to
 * libuv's pool waking a thread that takes a core from the chat (20 photos at once are 1,600 reads
 * of 64 KiB). Before the body, the uploads' statements (who may send, the quota) go to the database
 * a few uploads at a time (`Turns`), so that a message's statements do not queue behind all of theirs.
 */
import { createWriteStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

const BATCH_BYTES = 256 * 1024;

/** Counts the bytes going through, failing once there are more than `limit`. */
export function byteLimit(limit: number, tooMany: () => Error): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      done(seen > limit ? tooMany() : null, chunk);
    },
  });
}

/**
 * At most `size` at once, the others waiting their turn in the order they came: the uploads' own
 * statements go to the database a few at a time, so that a message's statements queue behind a
 * few of theirs rather than all (on PGlite the pool is one connection, in the server's own thread).
 */
export class Turns {
  #running = 0;
  #waiting: (() => void)[] = [];

  constructor(private readonly size: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#running >= this.size) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    else this.#running++;
    try {
      return await work();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running--;
    }
  }
}

/** Passes chunks on by batches of `BATCH_BYTES`, which the file stream writes in one call. */
function batches(): Transform {
  let held: Buffer[] = [];
  let bytes = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      held.push(chunk);
      bytes += chunk.length;
      if (bytes < BATCH_BYTES) return done();
      for (const part of held) this.push(part);
      [held, bytes] = [[], 0];
      done();
    },
    flush(done) {
      for (const part of held) this.push(part);
      done();
    },
  });
}

/** Writes `body` to a new file at `path` (mode 600), failing with `tooMany()` past `limit` bytes. */
export async function receiveBody(body: Readable, path: string, limit: number, tooMany: () => Error): Promise<void> {
  // A batch is one write (a writev of its chunks) rather than one per chunk.
  await pipeline(body, byteLimit(limit, tooMany), batches(), createWriteStream(path, { mode: 0o600, highWaterMark: BATCH_BYTES }));
}
