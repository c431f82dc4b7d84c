/**
 * The `stickers` table as messages and the bank show it (docs/architecture.md, "Stickers"): the
 * api lists the bank with the same view a sticker message's element carries.
 */
import type { MessageSticker } from '@volley/shared';
import type { Db } from './connect.js';

export interface StickerRow {
  id: string;
  pack_id: string;
  name: string;
  width: number;
  height: number;
}

export const stickerView = (row: Pick<StickerRow, 'id' | 'name' | 'width' | 'height'>): MessageSticker => ({
  id: row.id,
  name: row.name,
  width: row.width,
  height: row.height,
  url: `/api/v1/stickers/${row.id}`,
});

/** The sticker, while its pack is in the bank: it exists and is enabled. */
export async function findSticker(db: Db, id: string): Promise<MessageSticker | undefined> {
  const row: StickerRow | undefined = await db('stickers')
    .join('sticker_packs', 'sticker_packs.id', 'stickers.pack_id')
    .where({ 'stickers.id': id, 'sticker_packs.enabled': true })
    .first('stickers.id', 'stickers.name', 'stickers.width', 'stickers.height');
  return row && stickerView(row);
}

/** The sticker each sticker message names, by message id, for those whose sticker still exists. */
export async function stickersOfMessages(db: Db, messages: { id: string; stickerId: string | null }[]): Promise<Map<string, MessageSticker>> {
  const named = messages.filter((m) => m.stickerId !== null);
  const byMessage = new Map<string, MessageSticker>();
  if (named.length === 0) return byMessage;
  const rows: StickerRow[] = await db('stickers').whereIn('id', [...new Set(named.map((m) => m.stickerId!))]).select('id', 'name', 'width', 'height');
  const views = new Map(rows.map((row) => [row.id, stickerView(row)]));
  for (const m of named) {
    const view = views.get(m.stickerId!);
    if (view) byMessage.set(m.id, view);
  }
  return byMessage;
}
