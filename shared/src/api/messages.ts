import { z } from 'zod';
import { WellFormedText } from '../base-schemas.js';
import { MESSAGE_MAX_LENGTH } from '../limits.js';

/** `GET /api/v1/conversations/:id/messages?before=<seq>&limit=`: history, newest first, for bots and tools. */
export const HistoryQuery = z.strictObject({
  // A seq is a PostgreSQL integer: a larger one is a 400 here, not an out-of-range error there.
  before: z.coerce.number().int().min(1).max(2 ** 31 - 1).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type HistoryQuery = z.infer<typeof HistoryQuery>;

/** A message as the API serves it (the same fields as in a segment document, plus its segment). */
export const HistoryMessage = z.object({
  id: z.string(),
  seq: z.number().int(),
  segment: z.number().int(),
  author: z.string(),
  authorName: z.string(),
  /** The author is a bot account. */
  authorBot: z.boolean(),
  body: z.string(),
  /** `encrypted`: `body` is its ciphertext (docs/protocol.md, "Encrypted messages"); otherwise the message's kind as in the segments. */
  kind: z.string().default('text'),
  at: z.string(),
  editedAt: z.string().nullable(),
  deletedAt: z.string().nullable(),
  /** A streamed message recorded as it stood when its author went quiet. */
  incomplete: z.boolean(),
});
export type HistoryMessage = z.infer<typeof HistoryMessage>;

/** `{items, nextCursor}`: nextCursor is the `before` of the next (older) page. */
export const HistoryPage = z.object({ items: z.array(HistoryMessage), nextCursor: z.string().nullable() });
export type HistoryPage = z.infer<typeof HistoryPage>;

/** `GET /api/v1/conversations/:id/pins`: its pinned messages, the most recently pinned first (the newest 100). */
export const PinnedMessage = HistoryMessage.extend({
  pinnedAt: z.string(),
  /** Who pinned it; null once their account is gone. */
  pinnedBy: z.string().nullable(),
});
export type PinnedMessage = z.infer<typeof PinnedMessage>;
export const PinList = z.object({ items: z.array(PinnedMessage) });
export type PinList = z.infer<typeof PinList>;
export const PINS_LISTED = 100;

/** `GET /api/v1/search?q=&convId=&cursor=&limit=`: full text (French and English) over what the viewer may read. */
export const SearchQuery = z.strictObject({
  q: z.string().trim().min(1, 'required').max(200),
  convId: z.string().max(40).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type SearchQuery = z.infer<typeof SearchQuery>;

export const SearchHit = z.object({
  message: HistoryMessage,
  conversation: z.object({ id: z.string(), name: z.string(), kind: z.string() }),
  /** The body with matches wrapped in «…» markers (plain text, never HTML). */
  highlight: z.string(),
});
export type SearchHit = z.infer<typeof SearchHit>;
export const SearchPage = z.object({ items: z.array(SearchHit), nextCursor: z.string().nullable() });
export type SearchPage = z.infer<typeof SearchPage>;

/** `POST /api/v1/conversations/:id/attachments?name=`: the uploaded file, as a message will show it (`MessageAttachment`). */
export const UploadedAttachment = z.object({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  size: z.number().int(),
  width: z.number().int().optional(),
  height: z.number().int().optional(),
  thumbnail: z.string().optional(),
});
export type UploadedAttachment = z.infer<typeof UploadedAttachment>;

/** `GET /api/v1/conversations/:id/attachments?q=&cursor=&limit=`: the files shared there, newest first; `q` finds them by name. */
export const SharedFilesQuery = z.strictObject({
  q: z.string().trim().max(100).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type SharedFilesQuery = z.infer<typeof SharedFilesQuery>;

/** A file of the conversation's "files" view: the file, and the message that carries it. */
export const SharedFile = UploadedAttachment.extend({
  messageId: z.string(),
  seq: z.number().int(),
  author: z.string(),
  authorName: z.string(),
  at: z.string(),
});
export type SharedFile = z.infer<typeof SharedFile>;

/** Why a message is reported to the site's moderators. */
export const ReportReason = z.enum(['spam', 'abuse', 'other']);
export type ReportReason = z.infer<typeof ReportReason>;

/**
 * `POST /api/v1/messages/:id/report`: the message to the site's moderators. `disclosed`: the
 * message's text as the reporter read it, for a message the server cannot read (an encrypted one),
 * given only if the reporter chooses to show it; `note`: what the reporter adds.
 */
export const ReportBody = z.strictObject({
  reason: ReportReason,
  note: WellFormedText.pipe(z.string().trim().max(500)).optional(),
  disclosed: WellFormedText.pipe(z.string().max(MESSAGE_MAX_LENGTH)).optional(),
});
export type ReportBody = z.infer<typeof ReportBody>;
