/**
 * Files sent in an end-to-end encrypted conversation (docs/architecture.md §11): each encrypted on
 * this device with a key of its own and uploaded as ciphertext with no name (the client library's
 * `uploadSealed`); what a picture measures is told inside the message, so that its readers reserve
 * its place as they do a plain picture's. The ciphertext is kept here as it would be once fetched.
 */
import type { VolleyClient } from '@volley/client';
import { downloadSealed, uploadSealed, type FileAbout, type SealedFile } from '@volley/client/e2ee';
import { formatBytes } from '../i18n/format.js';
import { msg } from '../i18n/i18n.js';
import { ATTACHMENTS_CACHE, cachedBlob, keepBlob } from '../services/cached-blob.js';

const filePath = (id: string) => `/api/v1/attachments/${encodeURIComponent(id)}`;

/**
 * An encrypted file's bytes: its ciphertext, kept in the Cache Storage once fetched (it shows
 * offline, as a picture's thumbnail does), checked and decrypted each time it is shown.
 */
export function openedBlob(volley: VolleyClient, file: SealedFile): Promise<Blob> {
  return downloadSealed(volley.api, file, () => cachedBlob(ATTACHMENTS_CACHE, filePath(file.id), () => volley.api.download(file.id)));
}

/** Keeps the ciphertext of a file this device uploaded: it shows at once, and offline, without being fetched back. */
const keepSealed = (id: string, ciphertext: Blob): Promise<void> => keepBlob(ATTACHMENTS_CACHE, filePath(id), ciphertext);

/** Uploads the files in order, encrypted; the first that fails stops the rest. */
export async function uploadFiles(volley: VolleyClient, convId: string, files: readonly File[]): Promise<SealedFile[]> {
  const sealed: SealedFile[] = [];
  for (const file of files) {
    const about: FileAbout = { name: file.name, type: file.type || 'application/octet-stream', ...(await dimensionsOf(file)) };
    sealed.push(await uploadSealed(volley.api, convId, file, about, { keep: keepSealed }));
  }
  return sealed;
}

/** A picture's size in pixels, as the browser decodes it; nothing for what is not one (it shows as a file). */
async function dimensionsOf(file: File): Promise<{ width?: number; height?: number }> {
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

/** Why files were not sent, in the composer's words: over the size limit (of their ciphertext), or not uploaded at all. */
export function filesRefusal(err: unknown): string {
  const { code, limit } = (err ?? {}) as { code?: unknown; limit?: unknown };
  if (code === 'file_too_large' && typeof limit === 'number') return msg('error.file_too_large', { limit: formatBytes(limit) });
  return msg('e2ee.filesNotSent');
}
