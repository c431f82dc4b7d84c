/** The sticker bank (docs/architecture.md, "Stickers"): packs a site admin uploads, sent by members as sticker messages. */
import { z } from 'zod';
import { WellFormedText } from '../base-schemas.js';

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

/** `GET /api/v1/admin/sticker-packs`: every pack, turned off ones too, as a site admin manages them. */
export const AdminStickerPack = StickerPack.extend({ enabled: z.boolean() });
export type AdminStickerPack = z.infer<typeof AdminStickerPack>;

/** `PATCH /api/v1/admin/sticker-packs/:id`: a pack turned off leaves the bank (not listed, its stickers not sent) until turned on. */
export const UpdateStickerPackBody = z.strictObject({ enabled: z.boolean() });
export type UpdateStickerPackBody = z.infer<typeof UpdateStickerPackBody>;

/** `POST /api/v1/admin/sticker-packs` */
export const CreateStickerPackBody = z.strictObject({ name: WellFormedText.pipe(z.string().trim().min(1).max(60)) });
export type CreateStickerPackBody = z.infer<typeof CreateStickerPackBody>;
