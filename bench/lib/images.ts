/** Images for the upload benchmarks. */
import sharp from 'sharp';

/** A JPEG of noise of about `bytes` (±3 %): noise does not compress, so its size follows its pixels. */
export async function noiseJpeg(bytes: number): Promise<Buffer> {
  let side = Math.round(Math.sqrt(bytes / 1.2));
  for (;;) {
    const raw = Buffer.alloc(side * side * 3);
    for (let i = 0; i < raw.length; i++) raw[i] = (Math.random() * 256) | 0;
    const jpeg = await sharp(raw, { raw: { width: side, height: side, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
    if (jpeg.length >= bytes * 0.97 && jpeg.length <= bytes * 1.03) return jpeg;
    side = Math.round(side * Math.sqrt(bytes / jpeg.length));
  }
}
