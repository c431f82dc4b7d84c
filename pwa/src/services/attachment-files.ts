/**
 * Reading a message's files through the client library: the bearer header, never a token in a URL
 * (docs/architecture.md, "Attachments"); a page shows them through blob URLs.
 */
import type { VolleyClient } from '@volley/client';
import type { SealedFile } from '@volley/client/e2ee';
import type { MessageAttachment } from '@volley/shared';
import { ATTACHMENTS_CACHE as THUMBNAILS, cachedBlob } from './cached-blob.js';

/** A file of an end-to-end encrypted message, as its sender described it inside, with what opens it. */
export interface SealedAttachment extends MessageAttachment {
  sealed: SealedFile;
}

const sealedOf = (file: MessageAttachment): SealedFile | undefined => (file as Partial<SealedAttachment>).sealed;

/**
 * A file's whole bytes: downloaded, or an encrypted one opened (by the encrypted conversation's
 * code, loaded where such a file is shown); `thumbnail`: an encrypted picture's thumbnail instead,
 * when its sender made one.
 */
export function fileBlob(volley: VolleyClient, file: MessageAttachment, thumbnail = false): Promise<Blob> {
  const sealed = sealedOf(file);
  return sealed ? import('../e2ee/sealed-files.js').then(({ openedBlob }) => openedBlob(volley, sealed, thumbnail)) : volley.api.download(file.id);
}
/** The box a picture's thumbnail fits in, on the timeline. */
const BOX = { width: 320, height: 240 };

/**
 * What the timeline shows of a picture: its thumbnail, kept in the Cache Storage once seen (it
 * shows offline); an animated GIF's own bytes, since the thumbnail is one still frame; an encrypted
 * picture's thumbnail made by its sender, decrypted, or (none made: it was small already) the
 * picture whole, in the size reserved for it.
 */
export function pictureBlob(volley: VolleyClient, file: MessageAttachment): Promise<Blob> {
  if (file.type === 'image/gif' || !file.thumbnail) return fileBlob(volley, file, true);
  return cachedBlob(THUMBNAILS, `/api/v1/attachments/${encodeURIComponent(file.id)}/thumbnail`, () => volley.api.download(file.id, true));
}

/** The size a picture takes on the timeline, its ratio kept: reserved before it loads. */
export function thumbnailSize(file: MessageAttachment): { width: number; height: number } {
  const width = file.width ?? BOX.width;
  const height = file.height ?? BOX.height;
  const scale = Math.min(1, BOX.width / width, BOX.height / height);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** Saves a file as the browser saves a download, under its name. */
export async function saveFile(volley: VolleyClient, file: MessageAttachment): Promise<void> {
  const url = URL.createObjectURL(await fileBlob(volley, file));
  const link = Object.assign(document.createElement('a'), { href: url, download: file.name });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
