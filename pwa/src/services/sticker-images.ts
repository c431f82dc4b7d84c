/**
 * Stickers' images and the bank's list, read through the client library with the bearer header
 * (docs/architecture.md, "Stickers"). An image never changes under its id: once seen it is kept in
 * the Cache Storage, so a sticker shows offline, in a message as in the picker; the bank's list
 * last read is kept too, so the picker offers the packs offline.
 */
import type { VolleyClient } from '@volley/client';
import type { MessageSticker, StickerPack } from '@volley/shared';
import { cachedBlob } from './cached-blob.js';

const CACHE = 'volley-stickers';
const PACKS_KEY = '/api/v1/sticker-packs';

/** The sticker's image: from the cache once seen, else from the server (then kept). */
export const stickerImage = (volley: VolleyClient, sticker: MessageSticker): Promise<Blob> => cachedBlob(CACHE, sticker.url, () => volley.api.stickerImage(sticker.id));

/** The bank's packs: from the server, else (offline) as last read. */
export async function stickerPacks(volley: VolleyClient): Promise<StickerPack[]> {
  const cache = globalThis.caches ? await caches.open(CACHE).catch(() => undefined) : undefined;
  try {
    const packs = await volley.api.stickerPacks();
    await cache?.put(PACKS_KEY, Response.json(packs)).catch(() => undefined);
    return packs;
  } catch (err) {
    const kept = await cache?.match(PACKS_KEY);
    if (kept) return (await kept.json()) as StickerPack[];
    throw err;
  }
}
