/**
 * Files sent in an end-to-end encrypted conversation (docs/architecture.md §11): each encrypted on
 * this device with a key of its own and uploaded as ciphertext with no name (the client library's
 * `uploadSealed`); what a picture measures is told inside the message, so that its readers reserve
 * its place as they do a plain picture's. The ciphertext is kept here as it would be once fetched.
 */
import type { UploadOptions, VolleyClient } from '@volley/client';
import { downloadSealed, downloadThumbnail, uploadSealed, type FileAbout, type SealedFile } from '@volley/client/e2ee';
import { ATTACHMENTS_CACHE, cachedBlob, keepBlob } from '../services/cached-blob.js';

const filePath = (id: string, thumbnail?: 'thumbnail') => `/api/v1/attachments/${encodeURIComponent(id)}${thumbnail ? '/thumbnail' : ''}`;

/**
 * An encrypted file's bytes: its ciphertext, kept in the Cache Storage once fetched (it shows
 * offline, as a picture's thumbnail does), checked and decrypted each time it is shown. With
 * `thumbnail`, a picture's thumbnail instead, when its sender made one (the log's; the viewer's is
 * the picture).
 */
export function openedBlob(volley: VolleyClient, file: SealedFile, thumbnail = false): Promise<Blob> {
  const small = thumbnail && file.thumbnail;
  if (small) return downloadThumbnail(volley.api, { ...file, thumbnail: small }, () => cachedBlob(ATTACHMENTS_CACHE, filePath(file.id, 'thumbnail'), () => volley.api.download(file.id, true)));
  return downloadSealed(volley.api, file, () => cachedBlob(ATTACHMENTS_CACHE, filePath(file.id), () => volley.api.download(file.id)));
}

/** Keeps the ciphertext of a file (or its thumbnail) this device uploaded: it shows at once, and offline, without being fetched back. */
const keepSealed = (id: string, ciphertext: Blob, thumbnail?: 'thumbnail'): Promise<void> => keepBlob(ATTACHMENTS_CACHE, filePath(id, thumbnail), ciphertext);

/** Encrypts and uploads one file (a picture with its thumbnail): what its message will say of it. */
export async function uploadFile(volley: VolleyClient, convId: string, file: Blob, name: string, options: UploadOptions): Promise<SealedFile> {
  const about: FileAbout = { name, type: file.type || 'application/octet-stream', ...(await dimensionsOf(file)) };
  const thumbnail = await thumbnailOf(file, about);
  return uploadSealed(volley.api, convId, file, about, { ...options, keep: keepSealed, ...(thumbnail && { thumbnail }) });
}

/** Twice the log's box for a picture (services/attachment-files.ts), for sharp screens. */
const THUMBNAIL_MAX = { width: 640, height: 480 };

/**
 * A picture's thumbnail, made here (the server can make none of what it cannot read): WebP within
 * `THUMBNAIL_MAX`. None for a picture that fits it already, nor for an
 * animated GIF (the log shows it moving), nor where the browser cannot draw it.
 */
async function thumbnailOf(file: Blob, { width, height }: FileAbout): Promise<{ blob: Blob; width: number; height: number } | undefined> {
  if (!width || !height || file.type === 'image/gif' || typeof OffscreenCanvas !== 'function') return undefined;
  const scale = Math.min(THUMBNAIL_MAX.width / width, THUMBNAIL_MAX.height / height);
  if (scale >= 1) return undefined;
  const size = { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
  try {
    const bitmap = await createImageBitmap(file, { resizeWidth: size.width, resizeHeight: size.height, resizeQuality: 'high' });
    const canvas = new OffscreenCanvas(size.width, size.height);
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0);
    bitmap.close();
    return { blob: await canvas.convertToBlob({ type: 'image/webp', quality: 0.8 }), ...size };
  } catch {
    return undefined;
  }
}

/** A picture's size in pixels, as the browser decodes it; nothing for what is not one (it shows as a file). */
async function dimensionsOf(file: Blob): Promise<{ width?: number; height?: number }> {
  if (!file.type.startsWith('image/') || typeof createImageBitmap !== 'function') return {};
  try {
    const bitmap = await createImageBitmap(file);
    const { width, height } = bitmap;
    bitmap.close();
    return { width, height };
  } catch {
    return {};
  }
}
