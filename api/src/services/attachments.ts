/**
 * Files uploaded into a conversation (docs/architecture.md, "Attachments"): the body is streamed
 * to a temporary file under the size limit, its type is decided by its bytes, an image is decoded
 * and encoded again (a display size and a thumbnail, no metadata), and the result goes to the blob
 * store under keys made here. Reading one asks, every time, whether the reader may read its conversation.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { type Actor, type AttachmentConfig, type AttachmentRow, attachmentView, blockedEitherWay, conversationPolicy, type Db } from '@volley/core';
import { type MessageAttachment, newId } from '@volley/shared';
import { apiError } from '../errors.js';
import type { BlobStore } from '../storage/index.js';
import { encodeImage } from './attachments-encoder.js';
import { canReceive, type Exchange, receiveBody } from './attachments-receiver.js';
import { actorIn, authorize, loadAccess, loadBan } from './conversation-access.js';

export type AttachmentView = MessageAttachment;

/** Images are encoded again in their own format; the thumbnail is WebP. */
export const IMAGE_FORMATS: Record<string, 'png' | 'jpeg' | 'gif' | 'webp'> = { 'image/png': 'png', 'image/jpeg': 'jpeg', 'image/gif': 'gif', 'image/webp': 'webp' };
const NAME_MAX = 255;
/** The name an encrypted file is kept under, whatever the upload said: its real one is inside the message. */
export const ENCRYPTED_FILE_NAME = 'encrypted';

/**
 * A file name safe to keep and to put in Content-Disposition: no path separator, no control or
 * format character (bidirectional overrides included), no leading dot, at most 255 characters.
 */
export function safeFileName(name: string | undefined): string {
  const cleaned = (name ?? '')
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .replace(/[/\\]/g, '_')
    .replace(/^[\s.]+/, '')
    .trim();
  const capped = [...cleaned].slice(0, NAME_MAX).join('').trim();
  return capped || 'file';
}

/** Bytes the user's attachments take already. */
async function usedBytes(db: Db, userId: string): Promise<number> {
  const row = (await db('attachments').where('uploader_id', userId).sum({ total: db.raw('size + coalesce(thumbnail_size, 0)') }).first()) as { total: string | number | null } | undefined;
  return Number(row?.total ?? 0);
}

/** Refused as the sync server refuses a send: a member, not banned, not muted, not blocked in a DM. Answers whether the conversation is end-to-end encrypted. */
async function authorizeSend(db: Db, convId: string, actor: Actor): Promise<{ encrypted: boolean }> {
  const { userId } = actor;
  const access = await loadAccess(db, convId, actor);
  const { conversation, member } = access;
  const ban = member ? undefined : await loadBan(db, convId, userId);
  const peer = member && conversation.kind === 'dm' && conversation.dmKey ? (conversation.dmKey.split(':').find((id) => id !== userId) ?? userId) : undefined;
  const blockedPeer = peer !== undefined && (await blockedEitherWay(db, userId, peer));
  authorize(access, { ...actor, ban, blockedPeer }, 'send');
  return { encrypted: conversation.encrypted === true };
}

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

/** Text: valid UTF-8 without control characters other than tab, line feed, carriage return and form feed. */
async function isPlainText(path: string): Promise<boolean> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of createReadStream(path)) {
      const text = decoder.decode(chunk as Buffer, { stream: true });
      if (/[^\P{Cc}\t\n\r\f]/u.test(text)) return false;
    }
    decoder.decode();
    return true;
  } catch {
    return false;
  }
}

/** The MIME type the bytes are: by their signature, or plain text, or unknown bytes. */
export async function typeOf(path: string): Promise<string> {
  const { fileTypeFromFile } = await import('file-type');
  const found = await fileTypeFromFile(path);
  if (found) return found.mime;
  return (await isPlainText(path)) ? 'text/plain' : 'application/octet-stream';
}

let checking: Promise<unknown> = Promise.resolve();

/**
 * Runs an upload's checks after those of the uploads before it, each in a turn of the event loop of
 * its own: a burst of uploads holds at most one of the database pool's connections (on PGlite, its
 * one connection, in the server's thread) at a time, and the chat's statements and sockets get
 * their turns between.
 */
function inTurn<T>(check: () => Promise<T>): Promise<T> {
  const turn = checking.then(() => nextTurn()).then(check);
  checking = turn.catch(() => undefined);
  return turn;
}

export interface Upload {
  convId: string;
  uploader: Actor;
  name: string | undefined;
  /** Its Content-Length, when the client said it. */
  declaredSize: number | undefined;
  body: Readable;
  /**
   * The HTTP exchange the body comes in, when there is one: a body of declared length is then read
   * by the receiving process (attachments-receiver.ts), not in the server's heap.
   */
  exchange?: Exchange;
}

export async function uploadAttachment(db: Db, store: BlobStore, config: AttachmentConfig, upload: Upload): Promise<AttachmentView> {
  const { convId, uploader } = upload;
  const { userId } = uploader;
  const { encrypted, room } = await inTurn(async () => {
    const { encrypted } = await authorizeSend(db, convId, uploader);
    return { encrypted, room: config.quotaBytes - (await usedBytes(db, userId)) };
  });
  const tooLarge = () => apiError('file_too_large', { message: `This file is larger than the limit of ${config.maxBytes} bytes.`, extra: { limit: config.maxBytes } });
  const overQuota = () => apiError('quota_exceeded', { message: `Your attachments may take ${config.quotaBytes} bytes in all.`, extra: { limit: config.quotaBytes } });
  const limit = Math.min(config.maxBytes, Math.max(room, 0));
  const beyond = () => (config.maxBytes <= room ? tooLarge() : overQuota());
  if (upload.declaredSize !== undefined && upload.declaredSize > limit) throw beyond();

  const dir = await mkdtemp(join(tmpdir(), 'volley-upload-'));
  try {
    const path = join(dir, 'file');
    // A declared length is at most the limit (above), and is exactly what the receiver reads.
    const { exchange, declaredSize } = upload;
    if (exchange && declaredSize !== undefined && canReceive(exchange)) await receiveBody(exchange, path, declaredSize);
    else await pipeline(upload.body, byteLimit(limit, beyond), createWriteStream(path, { mode: 0o600 }));
    const { size } = await stat(path);
    if (size === 0) throw apiError('bad_request', { message: 'The file is empty.' });
    // In an end-to-end encrypted conversation the bytes are ciphertext (docs/protocol.md, "Encrypted files"): no type to tell, no picture to decode, and a name would be the one thing readable.
    const type = encrypted ? 'application/octet-stream' : await typeOf(path);
    if (!encrypted && !config.types.includes(type)) throw apiError('file_type_not_allowed', { message: `Files of type ${type} are not accepted.` });

    const id = newId();
    const storageKey = `attachments/${id}/file`;
    const format = IMAGE_FORMATS[type];
    const image = format ? await encodeImage(path, join(dir, 'encoded'), format, config.maxPixels) : undefined;
    const stored = image ? image.displaySize : size;
    const thumbnailKey = image ? `attachments/${id}/thumbnail` : null;
    if (stored + (image?.thumbnailSize ?? 0) > room) throw overQuota();

    await store.putFile(storageKey, image ? image.display : path, stored);
    try {
      if (image && thumbnailKey) await store.putFile(thumbnailKey, image.thumbnail, image.thumbnailSize);
      await db('attachments').insert({
        id,
        conversation_id: convId,
        uploader_id: userId,
        name: encrypted ? ENCRYPTED_FILE_NAME : safeFileName(upload.name),
        type,
        size: stored,
        width: image?.width ?? null,
        height: image?.height ?? null,
        storage_key: storageKey,
        thumbnail_key: thumbnailKey,
        thumbnail_size: image?.thumbnailSize ?? null,
      });
    } catch (err) {
      await store.delete(storageKey);
      if (thumbnailKey) await store.delete(thumbnailKey);
      throw err;
    }
    const row = (await db('attachments').where('id', id).first()) as AttachmentRow;
    return attachmentView(row);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A thumbnail made on the sending device: a picture's thumbnail box at twice its pixels, encoded, encrypted, with room to spare. */
export const SEALED_THUMBNAIL_MAX_BYTES = 256 * 1024;

/**
 * The thumbnail of a file in an end-to-end encrypted conversation, made and encrypted on its
 * uploader's device (the server can make none of ciphertext; docs/protocol.md, "Encrypted files"):
 * given once, by its uploader, before a message carries the file, within the size bound and the
 * uploader's quota. Served as the file's thumbnail, ciphertext like the file.
 */
export async function putSealedThumbnail(db: Db, store: BlobStore, config: AttachmentConfig, id: string, uploader: Actor, body: Readable): Promise<void> {
  const row = (await db('attachments').where('id', id).first()) as AttachmentRow | undefined;
  if (!row || row.uploader_id !== uploader.userId) throw apiError('not_found');
  const { encrypted } = await authorizeSend(db, row.conversation_id, uploader);
  if (!encrypted) throw apiError('bad_request', { message: 'The server makes the thumbnails of pictures it can read.' });
  if (row.thumbnail_key || row.message_id) throw apiError('conflict', { message: 'This file has its thumbnail, or is sent already.' });
  const room = config.quotaBytes - (await usedBytes(db, uploader.userId));
  const limit = Math.min(SEALED_THUMBNAIL_MAX_BYTES, Math.max(room, 0));
  const beyond = () =>
    SEALED_THUMBNAIL_MAX_BYTES <= room
      ? apiError('file_too_large', { message: `A thumbnail is at most ${SEALED_THUMBNAIL_MAX_BYTES} bytes.`, extra: { limit: SEALED_THUMBNAIL_MAX_BYTES } })
      : apiError('quota_exceeded', { message: `Your attachments may take ${config.quotaBytes} bytes in all.`, extra: { limit: config.quotaBytes } });
  const dir = await mkdtemp(join(tmpdir(), 'volley-thumbnail-'));
  try {
    const path = join(dir, 'thumbnail');
    await pipeline(body, byteLimit(limit, beyond), createWriteStream(path, { mode: 0o600 }));
    const { size } = await stat(path);
    if (size === 0) throw apiError('bad_request', { message: 'The thumbnail is empty.' });
    const key = `attachments/${id}/thumbnail`;
    await store.putFile(key, path, size);
    // Once: a second upload racing this one finds the key taken.
    const updated = await db('attachments').where({ id, thumbnail_key: null, message_id: null }).update({ thumbnail_key: key, thumbnail_size: size });
    if (updated === 0) throw apiError('conflict', { message: 'This file has its thumbnail, or is sent already.' });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface Download {
  name: string;
  type: string;
  size: number;
  body: Readable;
}

/**
 * The attachment's bytes (or its thumbnail's) for someone who may read its conversation now, and
 * whose token reaches it (a bot token scoped to other conversations does not); 404 for anyone else.
 */
export async function readAttachment(db: Db, store: BlobStore, id: string, reader: Actor, which: 'file' | 'thumbnail'): Promise<Download> {
  const row = (await db('attachments').where('id', id).first()) as AttachmentRow | undefined;
  if (!row) throw apiError('not_found');
  const access = await loadAccess(db, row.conversation_id, reader).catch(() => undefined);
  if (!access || conversationPolicy.refusal(actorIn(access, reader), 'read', access.conversation)) throw apiError('not_found');
  const key = which === 'file' ? row.storage_key : row.thumbnail_key;
  const body = key ? await store.get(key) : undefined;
  if (!key || !body) throw apiError('not_found');
  const size = Number(which === 'file' ? row.size : row.thumbnail_size);
  // An encrypted file's thumbnail is ciphertext, as the file is.
  return { name: row.name, type: which === 'file' || row.name === ENCRYPTED_FILE_NAME ? row.type : 'image/webp', size, body };
}
