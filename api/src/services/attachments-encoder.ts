/**
 * Images are decoded and encoded again in a process of their own (attachments-encoder-process.ts),
 * at a lower CPU priority than the servers (docs/architecture.md, "Attachments"): a chat message
 * to deliver always wins the processor over a photo to shrink, a picture that crashes libvips takes
 * down that process and not the server, and the pixels never sit in the server's memory. Jobs go
 * one at a time; past `MAX_WAITING` waiting, an upload is answered 503 with a Retry-After, which
 * the client library retries after that time.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiError } from '../errors.js';
import type { EncodeAnswer, EncodeJob } from './attachments-encoder-process.js';
import { BackgroundChild } from './background-process.js';

export interface Encoded {
  /** Files written beside the input, for the caller to store and remove. */
  display: string;
  thumbnail: string;
  displaySize: number;
  thumbnailSize: number;
  width: number;
  height: number;
}

/**
 * The encoder's niceness: 10 gives it a tenth of what a server process gets when both want a core,
 * and every idle cycle otherwise; 19 would starve photos whenever the machine is busy.
 */
const NICE = 10;
/** Images waiting for the encoder before more are refused: a minute's work or so at 3 s an image. */
const MAX_WAITING = 24;
/** What a refused upload is told to wait, in seconds. */
const RETRY_AFTER = 5;

interface Pending {
  job: EncodeJob;
  resolve(encoded: Encoded): void;
  reject(err: Error): void;
}

class ImageEncoder {
  // A picture that crashed it is refused as an invalid image; the next job starts another.
  readonly #process = new BackgroundChild<EncodeAnswer>('attachments-encoder-process', NICE, (answer) => this.#settle(answer), () =>
    this.#settle(this.#running ? { id: this.#running.job.id, ok: false } : undefined),
  );
  #waiting: Pending[] = [];
  #running: Pending | undefined;
  #nextId = 1;

  encode(input: string, output: string, format: EncodeJob['format'], maxPixels: number): Promise<Encoded> {
    if (this.#waiting.length >= MAX_WAITING) {
      return Promise.reject(apiError('unavailable', { message: 'Too many images are being processed; try again shortly.', retryAfter: RETRY_AFTER }));
    }
    return new Promise((resolve, reject) => {
      this.#waiting.push({ job: { id: this.#nextId++, input, output, format, maxPixels }, resolve, reject });
      this.#next();
    });
  }

  #next(): void {
    if (this.#running) return;
    const pending = this.#waiting.shift();
    if (!pending) return;
    this.#running = pending;
    this.#process.get().send(pending.job);
  }

  #settle(answer: EncodeAnswer | undefined): void {
    const running = this.#running;
    if (!answer || !running || running.job.id !== answer.id) return;
    this.#running = undefined;
    const { output } = running.job;
    if (answer.ok) {
      running.resolve({ display: output, thumbnail: `${output}.thumbnail`, displaySize: answer.displaySize, thumbnailSize: answer.thumbnailSize, width: answer.width, height: answer.height });
    } else {
      running.reject(apiError('invalid_image'));
    }
    this.#next();
  }
}

const encoder = new ImageEncoder();

/**
 * Decoded and encoded again: turned upright, no bigger than the display size, without any
 * metadata, plus a WebP thumbnail, both written beside `output`.
 */
export const encodeImage = (input: string, output: string, format: EncodeJob['format'], maxPixels: number): Promise<Encoded> => encoder.encode(input, output, format, maxPixels);

/** The same for bytes in memory (a link preview's image), in a scratch directory removed once `use` is done. */
export async function encodeImageBytes<T>(bytes: Buffer, format: EncodeJob['format'], maxPixels: number, use: (encoded: Encoded) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'volley-encode-'));
  try {
    const input = join(dir, 'input');
    await writeFile(input, bytes, { mode: 0o600 });
    return await use(await encodeImage(input, join(dir, 'encoded'), format, maxPixels));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
