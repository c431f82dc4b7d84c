/**
 * The image encoder's process (attachments-encoder.ts starts it): decodes a picture from a file and
 * writes its display size and its thumbnail to files, one job at a time, as the parent asks over
 * the IPC channel. It runs at a lower CPU priority than the servers, every thread of it, set before
 * sharp is loaded (libvips' workers inherit it). Imports background-process.ts alone of ours: it
 * is forked from the sources too (through tsx), and loads only what it needs.
 */
import { lowerPriority } from './background-process.js';

export interface EncodeJob {
  id: number;
  input: string;
  /** Where the display size goes; the thumbnail goes to `${output}.thumbnail`. */
  output: string;
  format: 'png' | 'jpeg' | 'gif' | 'webp';
  maxPixels: number;
}

export type EncodeAnswer = { id: number; ok: true; width: number; height: number; displaySize: number; thumbnailSize: number } | { id: number; ok: false };

/** The longest side of the display size and of the thumbnail, in pixels. */
const DISPLAY_SIDE = 2048;
const THUMBNAIL_SIDE = 320;

// Its niceness is its argument.
lowerPriority();
const { default: sharp } = await import('sharp');

async function encode({ id, input, output, format, maxPixels }: EncodeJob): Promise<EncodeAnswer> {
  const options = { limitInputPixels: maxPixels, failOn: 'truncated' as const, sequentialRead: true };
  try {
    const animated = format === 'gif' || format === 'webp';
    const display = await sharp(input, { ...options, animated })
      .rotate()
      .resize({ width: DISPLAY_SIDE, height: DISPLAY_SIDE, fit: 'inside', withoutEnlargement: true })
      .toFormat(format)
      .toFile(output);
    const thumbnail = await sharp(input, options)
      .rotate()
      .resize({ width: THUMBNAIL_SIDE, height: THUMBNAIL_SIDE, fit: 'inside', withoutEnlargement: true })
      .webp()
      .toFile(`${output}.thumbnail`);
    // An animation's height is its frames' together; one frame's is its page height.
    return { id, ok: true, width: display.width, height: display.pageHeight ?? display.height, displaySize: display.size, thumbnailSize: thumbnail.size };
  } catch {
    return { id, ok: false };
  }
}

// One job at a time, in the order they come: the parent keeps the queue and its bound.
let chain = Promise.resolve();
process.on('message', (job: EncodeJob) => {
  chain = chain.then(async () => {
    process.send?.(await encode(job));
  });
});
// The server that started it has gone: so does it.
process.on('disconnect', () => process.exit(0));
