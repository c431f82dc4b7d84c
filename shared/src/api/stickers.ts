/** The sticker bank (docs/architecture.md, "Stickers"): packs a site admin uploads, sent by members as sticker messages. */
import { z } from 'zod';
import { WellFormedText } from '../text.js';

/** A sticker as the bank lists it and a sticker message shows it: its image at `url`, `name` its alt text. */
export const StickerView = z.object({
  id: z.string(),
  name: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  url: z.string(),
});
export type StickerView = z.infer<typeof StickerView>;

/** `GET /api/v1/sticker-packs` lists these (`{ packs }`). */
export const StickerPack = z.object({ id: z.string(), name: z.string(), stickers: z.array(StickerView) });
export type StickerPack = z.infer<typeof StickerPack>;

/** `POST /api/v1/admin/sticker-packs` */
export const CreateStickerPackBody = z.strictObject({ name: WellFormedText.pipe(z.string().trim().min(1).max(60)) });
export type CreateStickerPackBody = z.infer<typeof CreateStickerPackBody>;
