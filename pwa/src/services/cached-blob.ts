/**
 * Small images read through the client library (bearer header, never a token in a URL) and kept in
 * the Cache Storage once seen, so that they show offline too: link preview images, attachments'
 * thumbnails. `key` is the route's path, the cache's own name for the bytes.
 */
export async function cachedBlob(cacheName: string, key: string, read: () => Promise<Blob>): Promise<Blob> {
  const cache = globalThis.caches ? await caches.open(cacheName).catch(() => undefined) : undefined;
  const cached = await cache?.match(key);
  if (cached) return cached.blob();
  const blob = await read();
  await cache?.put(key, new Response(blob, { headers: { 'content-type': blob.type } })).catch(() => undefined);
  return blob;
}
