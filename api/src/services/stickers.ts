/**
 * The sticker bank (docs/architecture.md, "Stickers"): a site admin makes a pack and adds images to
 * it, each through the uploads' pipeline (streamed under a size limit, typed by its bytes, decoded
 * and encoded again without metadata in the encoder process) and kept at sticker size, the WebP the
 * pipeline makes at 320 px; every signed-in user lists the packs and reads their images.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stickerView, type Db, type StickerRow } from '@volley/core';
import { newId, type AdminStickerPack, type StickerPack, type StickerView } from '@volley/shared';
import { apiError } from '../errors.js';
import type { BlobStore } from '../storage/index.js';
import { encodeImage } from './attachments-encoder.js';
import { byteLimit, IMAGE_FORMATS, safeFileName, typeOf } from './attachments.js';
import { audit, type SiteActor } from './site-admin.js';

/** A sticker's file before encoding: larger than a sticker needs, smaller than a photo. */
export const STICKER_MAX_BYTES = 2 * 1024 * 1024;
/** The side its image is kept at (the pipeline's thumbnail): 160 CSS pixels on a 2× screen. */
const STICKER_SIDE = 320;
const STICKERS_PER_PACK = 120;
/** Decoding refuses pictures of more pixels than this (a small file may declare a huge picture). */
const STICKER_MAX_PIXELS = 4096 * 4096;

export async function createPack(db: Db, actor: SiteActor, name: string): Promise<StickerPack> {
  const id = newId();
  await db('sticker_packs').insert({ id, name, created_by: actor.userId });
  await audit(db, actor, { action: 'stickers.pack_created', detail: { packId: id, name } });
  return { id, name, stickers: [] };
}

/** Every enabled pack with its stickers, oldest pack first, each in the order it was filled. */
export async function listPacks(db: Db): Promise<StickerPack[]> {
  return (await allPacks(db, true)).map(({ enabled: _, ...pack }) => pack);
}

/** Every pack with its stickers and whether it is on, turned off ones too unless `enabledOnly`: a site admin's view. */
export async function allPacks(db: Db, enabledOnly = false): Promise<AdminStickerPack[]> {
  const packs: { id: string; name: string; enabled: boolean }[] = await db('sticker_packs')
    .modify((q) => {
      if (enabledOnly) q.where('enabled', true);
    })
    .orderBy('id')
    .select('id', 'name', 'enabled');
  const stickers: StickerRow[] = packs.length === 0 ? [] : await db('stickers').whereIn('pack_id', packs.map((p) => p.id)).orderBy('id').select('id', 'pack_id', 'name', 'width', 'height');
  return packs.map((p) => ({ ...p, stickers: stickers.filter((s) => s.pack_id === p.id).map(stickerView) }));
}

/** Turns a pack on or off: off, it is not listed and its stickers are not sent; messages that carry one keep it. */
export async function setPackEnabled(db: Db, actor: SiteActor, packId: string, enabled: boolean): Promise<void> {
  const changed: { id: string }[] = await db('sticker_packs').where('id', packId).update({ enabled }).returning('id');
  if (changed.length === 0) throw apiError('not_found');
  await audit(db, actor, { action: enabled ? 'stickers.pack_enabled' : 'stickers.pack_disabled', detail: { packId } });
}

export async function deletePack(db: Db, store: BlobStore, actor: SiteActor, packId: string): Promise<void> {
  const keys: string[] = await db('stickers').where('pack_id', packId).pluck('storage_key');
  const deleted: { id: string }[] = await db('sticker_packs').where('id', packId).delete().returning('id');
  if (deleted.length === 0) throw apiError('not_found');
  await audit(db, actor, { action: 'stickers.pack_deleted', detail: { packId } });
  for (const key of keys) await store.delete(key);
}

export interface StickerUpload {
  packId: string;
  name: string | undefined;
  declaredSize: number | undefined;
  body: Readable;
}

/** One image into a pack: refused as an upload would be when it is not an image the pipeline reads. */
export async function addSticker(db: Db, store: BlobStore, upload: StickerUpload): Promise<StickerView> {
  const pack = await db('sticker_packs').where('id', upload.packId).first('id');
  if (!pack) throw apiError('not_found');
  const count = Number((await db('stickers').where('pack_id', upload.packId).count('* as n').first())?.n ?? 0);
  if (count >= STICKERS_PER_PACK) throw apiError('bad_request', { message: `A pack holds at most ${STICKERS_PER_PACK} stickers.` });
  const tooLarge = () => apiError('file_too_large', { message: `A sticker's file is at most ${STICKER_MAX_BYTES} bytes.`, extra: { limit: STICKER_MAX_BYTES } });
  if (upload.declaredSize !== undefined && upload.declaredSize > STICKER_MAX_BYTES) throw tooLarge();
  const dir = await mkdtemp(join(tmpdir(), 'volley-sticker-'));
  try {
    const path = join(dir, 'file');
    await pipeline(upload.body, byteLimit(STICKER_MAX_BYTES, tooLarge), createWriteStream(path, { mode: 0o600 }));
    if ((await stat(path)).size === 0) throw apiError('bad_request', { message: 'The file is empty.' });
    const type = await typeOf(path);
    const format = IMAGE_FORMATS[type];
    if (!format) throw apiError('file_type_not_allowed', { message: `Stickers are PNG, JPEG, GIF or WebP images, not ${type}.` });
    const image = await encodeImage(path, join(dir, 'encoded'), format, STICKER_MAX_PIXELS);
    const scale = Math.min(1, STICKER_SIDE / Math.max(image.width, image.height));
    const id = newId();
    const storageKey = `stickers/${id}`;
    await store.putFile(storageKey, image.thumbnail, image.thumbnailSize);
    const row = {
      id,
      pack_id: upload.packId,
      name: safeFileName(upload.name).replace(/\.[a-z0-9]{1,5}$/i, '') || 'sticker',
      type: 'image/webp',
      size: image.thumbnailSize,
      width: Math.max(1, Math.round(image.width * scale)),
      height: Math.max(1, Math.round(image.height * scale)),
      storage_key: storageKey,
    };
    try {
      await db('stickers').insert(row);
    } catch (err) {
      await store.delete(storageKey);
      throw err;
    }
    return stickerView(row);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A sticker's image, for any signed-in user. */
export async function readSticker(db: Db, store: BlobStore, id: string): Promise<{ size: number; body: Readable }> {
  const row: { storage_key: string; size: number } | undefined = await db('stickers').where('id', id).first('storage_key', 'size');
  const body = row && (await store.get(row.storage_key));
  if (!row || !body) throw apiError('not_found');
  return { size: Number(row.size), body };
}
