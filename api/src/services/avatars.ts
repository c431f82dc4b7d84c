/** Avatars: uploaded as PNG, JPEG or WebP, kept as 256×256 WebP files named by user and content. */
import { createHash } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { User, type Db } from '@volley/core';
import { apiError } from '../errors.js';

/** `<user id>-<content hash>.webp`: the only names served, so no path can be smuggled in. */
export const AVATAR_FILE = /^[0-9A-HJKMNP-TV-Z]{26}-[0-9a-f]{16}\.webp$/;

export const avatarDir = (dataDir: string): string => join(dataDir, 'media', 'avatars');

const ACCEPTED_FORMATS = new Set(['png', 'jpeg', 'webp']);
// A small file can still decode to a huge image (a decompression bomb): refuse past this.
const MAX_INPUT_PIXELS = 50_000_000;

/**
 * The bytes decide what the upload is, not its Content-Type: anything sharp does not read as a
 * PNG, JPEG or WebP is refused. Re-encoding drops every metadata block (EXIF, GPS, ICC).
 */
async function reencode(bytes: Buffer): Promise<Buffer> {
  const notAnImage = apiError('unsupported_media_type', { message: 'The avatar must be a PNG, JPEG or WebP image.' });
  const { default: sharp } = await import('sharp');
  const image = sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' });
  const format = await image.metadata().then((m) => m.format, () => undefined);
  if (!format || !ACCEPTED_FORMATS.has(format)) throw notAnImage;
  try {
    return await image.rotate().resize(256, 256, { fit: 'cover' }).webp({ quality: 82 }).toBuffer();
  } catch {
    throw notAnImage;
  }
}

/** Replaces the user's avatar; the old file goes once the new one is in place. */
export async function setAvatar(db: Db, dataDir: string, userId: string, bytes: Buffer): Promise<User> {
  const webp = await reencode(bytes);
  const file = `${userId}-${createHash('sha256').update(webp).digest('hex').slice(0, 16)}.webp`;
  const dir = avatarDir(dataDir);
  await mkdir(dir, { recursive: true });
  // Written aside and renamed: a reader never sees half a file.
  await writeFile(join(dir, `.${file}.tmp`), webp);
  await rename(join(dir, `.${file}.tmp`), join(dir, file));
  return replaceAvatarFile(db, dataDir, userId, file);
}

/** Points the user at `file` (null: no avatar) and removes the file they had. */
export async function replaceAvatarFile(db: Db, dataDir: string, userId: string, file: string | null): Promise<User> {
  const before = await User.query(db).findById(userId);
  if (!before) throw apiError('unauthenticated');
  const old = before.avatarFile;
  // patchAndFetch updates `before` in place: the old name is kept above.
  const user = await before.$query(db).patchAndFetch({ avatarFile: file });
  if (old && old !== file) await rm(join(avatarDir(dataDir), old), { force: true });
  return user;
}
