/**
 * Link previews (docs/architecture.md, "Link previews"): what a page says of itself (Open Graph,
 * Twitter cards, its title and description as a fallback, read by open-graph-scraper from the page
 * we fetched), cached per URL in `link_previews`, its image fetched the same guarded way and
 * encoded again by the uploads' image pipeline (only its 320 px WebP thumbnail is kept).
 */
import type { Db, Logger } from '@volley/core';
import { newId } from '@volley/shared';
import { IMAGE_FORMATS } from '../services/attachments.js';
import { encodeImageBytes } from '../services/attachments-encoder.js';
import type { BlobStore } from '../storage/index.js';
import { fetchableUrl, guardedFetch, NotFetched, type FetchLimits } from './guarded-fetch.js';

export interface LinkPreviewLimits {
  page: FetchLimits;
  image: FetchLimits;
  maxPixels: number;
}

/** A page's head is within its first 512 KiB; images are refused past 5 MiB; 5 s each. */
export function previewLimits(allowedAddresses: readonly string[], maxPixels: number): LinkPreviewLimits {
  // A single address as itself: request-filtering-agent matches a range only against addresses of its family, warning otherwise.
  const single = allowedAddresses.map((range) => range.replace(/\/(32|128)$/, ''));
  const common = { timeoutMs: 5000, maxRedirects: 5, allowedAddresses: single };
  return { page: { ...common, maxBytes: 512 * 1024 }, image: { ...common, maxBytes: 5 * 1024 * 1024 }, maxPixels };
}

/** A card is fetched again after a day; a page that gave none is tried again after an hour. */
const FRESH_MS = 24 * 3600_000;
const RETRY_MS = 3600_000;

const TITLE_MAX = 300;
const DESCRIPTION_MAX = 1000;
const SITE_NAME_MAX = 100;

export interface PreviewRow {
  url: string;
  found: boolean;
  title: string | null;
  description: string | null;
  site_name: string | null;
  image_id: string | null;
  image_width: number | null;
  image_height: number | null;
  image_size: number | null;
  fetched_at: Date;
}

export const imageKey = (imageId: string) => `link-previews/${imageId}/image`;

/**
 * A page's text as a card shows it: well-formed, without control or format characters
 * (bidirectional overrides included), whitespace runs made one space, at most `max` characters.
 */
export function cardText(value: unknown, max: number): string | null {
  if (typeof value !== 'string') return null;
  const clean = value
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    .replace(/[\t\n\v\f\r\p{Zl}\p{Zp}]/gu, ' ')
    .replace(/(?!\u200d)[\p{Cc}\p{Cf}]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (!clean) return null;
  const chars = [...clean];
  return chars.length <= max ? clean : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

function decode(body: Buffer, charset: string | undefined): string {
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(body);
  } catch {
    return new TextDecoder('utf-8').decode(body);
  }
}

export class LinkPreviewCache {
  constructor(private readonly deps: { db: Db; store: BlobStore; limits: LinkPreviewLimits; log: Logger }) {}

  /** The card of `url`, from the cache while fresh, else fetched now and kept (a page with none too). */
  async preview(url: string): Promise<PreviewRow> {
    const { db } = this.deps;
    const cached: PreviewRow | undefined = await db('link_previews').where({ url }).first();
    if (cached && Date.now() - new Date(cached.fetched_at).getTime() < (cached.found ? FRESH_MS : RETRY_MS)) return cached;
    const fetched = await this.fetch(url);
    const [row] = (await db('link_previews')
      .insert({ ...fetched, fetched_at: new Date() })
      .onConflict('url')
      .merge()
      .returning('*')) as PreviewRow[];
    // The image of the card this one replaces is no longer read.
    if (cached?.image_id && cached.image_id !== row!.image_id) await this.deps.store.delete(imageKey(cached.image_id));
    return row!;
  }

  private async fetch(url: string): Promise<Omit<PreviewRow, 'fetched_at'>> {
    const none = { url, found: false, title: null, description: null, site_name: null, image_id: null, image_width: null, image_height: null, image_size: null };
    try {
      const page = await guardedFetch(url, ['text/html', 'application/xhtml+xml'], this.deps.limits.page, { cutAllowed: true });
      // Loaded at the first link, not at startup: the scraper and its HTML parser are a sixth of an idle server's heap.
      const { default: ogs } = await import('open-graph-scraper');
      const { result } = await ogs({ html: decode(page.body, page.charset) });
      const title = cardText(result.ogTitle ?? result.twitterTitle ?? result.dcTitle, TITLE_MAX);
      const description = cardText(result.ogDescription ?? result.twitterDescription ?? result.dcDescription, DESCRIPTION_MAX);
      const siteName = cardText(result.ogSiteName ?? result.twitterSite, SITE_NAME_MAX) ?? page.url.hostname;
      if (!title && !description) return none;
      const imageUrl = result.ogImage?.[0]?.url ?? result.twitterImage?.[0]?.url;
      const image = imageUrl ? await this.image(imageUrl, page.url) : undefined;
      return { ...none, found: true, title, description, site_name: siteName, ...image };
    } catch (err) {
      if (!(err instanceof NotFetched)) throw err;
      this.deps.log.info({ url, reason: err.message }, 'no link preview');
      return none;
    }
  }

  /** The card's image, through the uploads' pipeline; none when it cannot be fetched or is not an image we re-encode. */
  private async image(text: string, base: URL): Promise<Pick<PreviewRow, 'image_id' | 'image_width' | 'image_height' | 'image_size'> | undefined> {
    const url = fetchableUrl(text, base);
    if (!url) return undefined;
    try {
      const fetched = await guardedFetch(url.href, ['image/'], this.deps.limits.image, { cutAllowed: false });
      // The bytes decide what it is, never the Content-Type.
      const { fileTypeFromBuffer } = await import('file-type');
      const format = IMAGE_FORMATS[(await fileTypeFromBuffer(fetched.body))?.mime ?? ''];
      if (!format) return undefined;
      return await encodeImageBytes(fetched.body, format, this.deps.limits.maxPixels, async (encoded) => {
        const id = newId();
        await this.deps.store.putFile(imageKey(id), encoded.thumbnail, encoded.thumbnailSize);
        return { image_id: id, image_width: encoded.width, image_height: encoded.height, image_size: encoded.thumbnailSize };
      });
    } catch (err) {
      this.deps.log.info({ url: url.href, err: err instanceof Error ? err.message : String(err) }, 'no image for a link preview');
      return undefined;
    }
  }
}
