/**
 * The link preview each message shows (docs/architecture.md, "Link previews"): the card fetched for
 * the URL its server claimed, while that URL is still the body's first web link, the page gave a
 * card and the sender has not removed it. A deleted message shows none.
 */
import type { Db, Message as MessageRow } from '@volley/core';
import type { LinkPreview } from '@volley/shared';
import { firstWebLink } from '@volley/shared/markdown';

interface CardRow {
  message_id: string;
  url: string;
  title: string | null;
  description: string | null;
  site_name: string | null;
  image_id: string | null;
  image_width: number | null;
  image_height: number | null;
}

export async function previewCards(db: Db, rows: readonly MessageRow[]): Promise<Map<string, LinkPreview>> {
  const linked = rows.filter((row) => !row.deletedAt && /https?:/i.test(row.body));
  const cards = new Map<string, LinkPreview>();
  if (linked.length === 0) return cards;
  const found: CardRow[] = await db('message_previews as m')
    .join('link_previews as l', 'l.url', 'm.url')
    .whereIn(
      'm.message_id',
      linked.map((row) => row.id),
    )
    .whereNull('m.removed_at')
    .where('l.found', true)
    .select('m.message_id', 'm.url', 'l.title', 'l.description', 'l.site_name', 'l.image_id', 'l.image_width', 'l.image_height');
  for (const card of found) {
    const row = linked.find((r) => r.id === card.message_id);
    if (!row || firstWebLink(row.body) !== card.url) continue;
    cards.set(card.message_id, {
      url: card.url,
      ...(card.title && { title: card.title }),
      ...(card.description && { description: card.description }),
      ...(card.site_name && { siteName: card.site_name }),
      ...(card.image_id && card.image_width && card.image_height && { image: { id: card.image_id, width: card.image_width, height: card.image_height } }),
    });
  }
  return cards;
}
