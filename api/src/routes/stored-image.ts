import type { Context } from 'koa';

/**
 * A WebP we encoded and stored (a sticker, a link preview's image) as its answer: never sniffed,
 * never run as a document, cached as the caller says (an id's image never changes).
 */
export function sendStoredImage(ctx: Context, image: { size: number; body: NodeJS.ReadableStream | Buffer }, cacheControl: string): void {
  ctx.type = 'image/webp';
  ctx.length = image.size;
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.set('Content-Security-Policy', "default-src 'none'; sandbox");
  ctx.set('Cache-Control', cacheControl);
  ctx.body = image.body;
}
