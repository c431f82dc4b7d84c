/**
 * Small images read through the client library (bearer header, never a token in a URL) and kept in
 * the Cache Storage once seen, so that they show offline too: link preview images, attachments'
 * thumbnails, encrypted files' ciphertext. `key` is the route's path, the cache's own name for the bytes.
 */
/** Attachments' thumbnails, and encrypted files' ciphertext (the key that opens one is in the local database, with its message). */
export const ATTACHMENTS_CACHE = 'volley-attachment-thumbnails';

export async function cachedBlob(cacheName: string, key: string, read: () => Promise<Blob>): Promise<Blob> {
  const cached = await (await cacheOf(cacheName))?.match(key);
  if (cached) return cached.blob();
  const blob = await read();
  await keepBlob(cacheName, key, blob);
  return blob;
}

/** Keeps bytes this page already has (a file it uploaded) as `cachedBlob` would once read. */
export async function keepBlob(cacheName: string, key: string, blob: Blob): Promise<void> {
  await (await cacheOf(cacheName))?.put(key, new Response(blob, { headers: { 'content-type': blob.type } })).catch(() => undefined);
}

const cacheOf = async (cacheName: string): Promise<Cache | undefined> => (globalThis.caches ? await caches.open(cacheName).catch(() => undefined) : undefined);
