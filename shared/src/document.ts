/**
 * The Yjs document layout (docs/architecture.md §3, docs/protocol.md). Pure: no I/O.
 *
 * `user.<userId>` — written by that user and by the server:
 *   outbox: Y.Map<OutboxEntry>   op id (ULID) → the op, plus its outcome once the server decided
 *   drafts: Y.Map<Y.Text>        convId → the half-written message
 *   reads:  Y.Map<number>        convId → last read seq
 *   settings: Y.Map               { readReceipts?: boolean, locale?: 'en'|'fr', theme?: 'system'|'light'|'dark' } (user)
 *   notifications: Y.Map<Notification>  (server adds, user marks read; see notifications.ts)
 *
 * `conv.<convId>.<n>` — written by the server only:
 *   messages: Y.Array<Message>   plain JSON values; in seq order as one server writes them, not
 *                                always with two writing at once: readers order them by seq
 *   meta:     Y.Map              { convId, segment, next?, accent? }
 *   receipts: Y.Map<number>      DMs: userId → last seq that user has seen (server, from `reads`,
 *                                unless that user turned read receipts off)
 * Awareness on a conversation room: each session `{ typing?: boolean }` (identity stamped by the
 * server); the number of states is "N people here".
 */
import type * as Y from 'yjs';

import type { GameSettings } from './game/settings.js';
import type { OutboxEntry } from './ops.js';
import type { Accent } from './base-schemas.js';
import { startOf } from './text.js';

export type MessageKind = 'text' | 'me' | 'invite' | 'result' | 'system' | 'encrypted';

/**
 * The author of a `system` message: the server's own line is no one's words, so no member is named,
 * notified or counted as having written it. No account can have this id (account ids are `newId()`s).
 */
export const SYSTEM_AUTHOR = 'system';

/** Who a recorded message is shown as written by: its row's author, or no one for a `system` line (whose row names the member the server wrote through). */
export const shownAuthor = (row: { kind: string; authorId: string }): string => (row.kind === 'system' ? SYSTEM_AUTHOR : row.authorId);

export interface Message {
  /** The id of the op that sent it. */
  id: string;
  seq: number;
  /** User id of the author; `SYSTEM_AUTHOR` for a `system` message. */
  author: string;
  /** Author's username ('' for a `system` message); a deleted account's tombstone (`isTombstoneUsername`) once it is deleted. */
  authorName: string;
  /** The author is a bot account (shown with a BOT badge). */
  authorBot?: true;
  /** Empty once deleted. */
  body: string;
  /** Server time, ISO 8601. */
  at: string;
  /**
   * `invite`: a Pong invitation card; `result`: a finished game's result. Both carry `game`.
   * `system`: the server's own notice (a tournament's pairings and results), by `SYSTEM_AUTHOR`:
   * no one's message, so the inbox signals it as a system line and it counts as no one's unread message.
   * `encrypted`: end-to-end encrypted; `body` is its `EncryptedContent` (encrypted.ts) as JSON,
   * which the members' devices decrypt (docs/protocol.md, "Encrypted messages").
   */
  kind?: MessageKind;
  game?: MessageGame;
  /** A quote of the message answered, as it was when answered. */
  replyTo?: { id: string; seq: number; authorName: string; excerpt: string };
  /** User ids mentioned (`@username` of members), resolved by the server. */
  mentions?: string[];
  editedAt?: string;
  deletedAt?: string;
  /** A streamed message whose author went quiet before ending it: recorded as it stood (streams.ts). */
  incomplete?: true;
  /** emoji → user ids who reacted with it. */
  reactions?: Record<string, string[]>;
  /** Files sent with it, in the author's order; gone once it is deleted. */
  attachments?: MessageAttachment[];
  /** The card of the body's first web link, added by the server once fetched (docs/architecture.md, "Link previews"). */
  preview?: LinkPreview;
  /** A sticker message's sticker, the body being its name; gone once deleted, or once its pack is. */
  sticker?: MessageSticker;
  /** Pinned to the conversation's list: by whom (absent once their account is gone) and when. */
  pinned?: { by?: string; at: string };
}

/** A file as a message shows it, and as the upload answers it (docs/architecture.md, "Attachments"). */
export interface MessageAttachment {
  id: string;
  /** Sanitised: no path separator or control character, at most 255 characters. */
  name: string;
  /** The MIME type its bytes were found to be. */
  type: string;
  /** Bytes (of the re-encoded image, for an image). */
  size: number;
  /** An image's size in pixels (one frame's, for an animation): its place is reserved before it loads. */
  width?: number;
  height?: number;
  /** Where its thumbnail is read (an image's): `/api/v1/attachments/<id>/thumbnail`. */
  thumbnail?: string;
}

/** A sticker as a message shows it and the bank lists it (`StickerView`): its image at `url`, `name` its alt text. */
export interface MessageSticker {
  id: string;
  name: string;
  width: number;
  height: number;
  /** `/api/v1/stickers/<id>`: read with the bearer header, the same image for good. */
  url: string;
}

/** What a link's page says of itself (Open Graph and the like), as the server fetched it. */
export interface LinkPreview {
  /** The link as the body has it. */
  url: string;
  title?: string;
  description?: string;
  siteName?: string;
  /** Its image, encoded again by the server: read at `/api/v1/link-previews/<id>/image`. */
  image?: { id: string; width: number; height: number };
}

const EXCERPT_LENGTH = 120;

/**
 * The start of a text (a quote, a notification): at most 120 UTF-16 units, never half a surrogate
 * pair. A message's body goes through `excerptOf` (markdown.ts), which reads its Markdown first.
 */
export const excerpt = (text: string): string => startOf(text, EXCERPT_LENGTH);

/** The game an `invite` or `result` message is about, as the server last showed it. */
export interface MessageGame {
  id: string;
  /** [left, right] = [inviter, invited]. */
  players: [{ id: string; username: string }, { id: string; username: string }];
  settings: GameSettings;
  /** An invitation's card: pending until answered or expired, then accepted (the game is on), and finished. */
  state: 'pending' | 'accepted' | 'declined' | 'expired' | 'finished';
  /** ISO 8601, when a pending invitation expires. */
  expiresAt: string;
  /** Once finished: [left, right] and the winner's user id. */
  score?: [number, number];
  winnerId?: string;
  reason?: 'score' | 'forfeit';
}

export interface SegmentMeta {
  convId: string;
  segment: number;
  /** Set when the segment is sealed: the number of the segment that follows. */
  next?: number;
  /** The conversation's accent as last set while this segment was its head (null: reset to the app's own). */
  accent?: Accent | null;
}

export const UserDoc = {
  outbox: (doc: Y.Doc) => doc.getMap<OutboxEntry>('outbox'),
  drafts: (doc: Y.Doc) => doc.getMap<Y.Text>('drafts'),
  reads: (doc: Y.Doc) => doc.getMap<number>('reads'),
  settings: (doc: Y.Doc) => doc.getMap<unknown>('settings'),
};

export const ConvDoc = {
  messages: (doc: Y.Doc) => doc.getArray<Message>('messages'),
  meta: (doc: Y.Doc) => doc.getMap<unknown>('meta'),
  receipts: (doc: Y.Doc) => doc.getMap<number>('receipts'),
};

/** True for an outbox entry the server has not decided yet (anything without a status). */
export const isUndecided = (entry: unknown): boolean =>
  // Own fields only: a decoded `__proto__` key would otherwise lend the entry an inherited status.
  !entry || typeof entry !== 'object' || !Object.hasOwn(entry, 'status') || (entry as { status?: unknown }).status === undefined;

/** Ops the server has not decided yet, in id (= creation) order. */
export function undecidedOps(doc: Y.Doc): [string, unknown][] {
  const pending: [string, unknown][] = [];
  UserDoc.outbox(doc).forEach((entry, id) => {
    if (isUndecided(entry)) pending.push([id, entry]);
  });
  return pending.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Client side: queue a message. Returns the op id, which becomes the message id. */
export function queueSend(doc: Y.Doc, id: string, convId: string, body: string, at = new Date().toISOString()): string {
  UserDoc.outbox(doc).set(id, { op: 'send', convId, body, at });
  return id;
}
