import { z } from 'zod';

import { NewUsername } from './auth.js';
import { BIO_MAX, DISPLAY_NAME_MAX, UserSummary } from './users.js';
import { Id } from '../base-schemas.js';

/** What a bot token may do: read only, or read and write (send, edit, react, mutate over HTTP). */
export const TokenAccess = z.enum(['read', 'read_write']);
export type TokenAccess = z.infer<typeof TokenAccess>;

/** A token's reach: `conversations` null is every conversation the bot is in. */
export const TokenScope = z.strictObject({
  access: TokenAccess,
  conversations: z.array(Id).min(1).max(100).nullable(),
});
export type TokenScope = z.infer<typeof TokenScope>;

/** A bot token as it is written: `vbt_<tokenId>_<secret>`, shown once at its creation. */
export const BOT_TOKEN_PREFIX = 'vbt_';

export const Bot = UserSummary.extend({ description: z.string(), createdAt: z.string() });
export type Bot = z.infer<typeof Bot>;

const Description = z.string().trim().max(BIO_MAX);

/** `POST /api/v1/bots` */
export const CreateBotBody = z.strictObject({
  username: NewUsername,
  displayName: z.string().trim().min(1, 'required').max(DISPLAY_NAME_MAX).optional(),
  description: Description.optional(),
});
export type CreateBotBody = z.infer<typeof CreateBotBody>;

/** `PATCH /api/v1/bots/:botId` */
export const UpdateBotBody = z
  .strictObject({ displayName: z.string().trim().min(1, 'required').max(DISPLAY_NAME_MAX), description: Description })
  .partial();
export type UpdateBotBody = z.infer<typeof UpdateBotBody>;

/** `POST /api/v1/bots/:botId/tokens` */
export const CreateBotTokenBody = z.strictObject({
  name: z.string().trim().min(1, 'required').max(60),
  scope: TokenScope,
});
export type CreateBotTokenBody = z.infer<typeof CreateBotTokenBody>;

/** A token as its owner sees it later: never its secret. */
export const BotToken = z.object({
  id: z.string(),
  name: z.string(),
  scope: TokenScope,
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  lastUsedAddress: z.string().nullable(),
});
export type BotToken = z.infer<typeof BotToken>;

/** The answer to its creation: the only time `token` is ever shown. */
export const CreatedBotToken = BotToken.extend({ token: z.string() });
export type CreatedBotToken = z.infer<typeof CreatedBotToken>;

export const BotParams = z.strictObject({ botId: Id });
export const BotTokenParams = z.strictObject({ botId: Id, tokenId: Id });
