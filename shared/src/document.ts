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
import { z } from 'zod';
import { Accent } from './accents.js';
import { isSingleEmoji } from './emoji.js';
import { GameSettings } from './game/settings.js';
import { Id } from './ids.js';
import { ATTACHMENTS_PER_MESSAGE, MESSAGE_MAX_LENGTH, OUTBOX_ENTRY_MAX_UNITS } from './limits.js';
import { isWellFormedText, PROTOTYPE_KEYS, TEXT_NOT_WELL_FORMED, WellFormedText } from './text.js';

/** Client clock when the user acted; informative only. */
const ClientTime = WellFormedText.max(40).optional();

export const SendOp = z.strictObject({
  op: z.literal('send'),
  convId: Id,
  body: WellFormedText,
  /** `me`: an action ("/me waves"), shown as "* alice waves". */
  kind: z.enum(['text', 'me']).optional(),
  /** The id of the message this one answers. */
  replyTo: Id.optional(),
  /**
   * Files the author uploaded into this conversation (POST /conversations/:id/attachments) and no
   * message carries yet, in the order shown. With attachments the body may be empty (no caption).
   */
  attachments: z.array(Id).min(1).max(ATTACHMENTS_PER_MESSAGE).refine((ids) => new Set(ids).size === ids.length, 'attachments repeat').optional(),
  at: ClientTime,
});
/** The author replaces the body of their own message. */
export const EditOp = z.strictObject({ op: z.literal('edit'), convId: Id, messageId: Id, body: WellFormedText, at: ClientTime });
/** The author, or an admin or the owner of a channel, deletes a message: it stays as "message deleted". */
export const DeleteOp = z.strictObject({ op: z.literal('delete'), convId: Id, messageId: Id, at: ClientTime });
/** Sets (`on: true`) or clears the user's reaction; explicit rather than a toggle, so a replay changes nothing. */
export const ReactOp = z.strictObject({
  op: z.literal('react'),
  convId: Id,
  messageId: Id,
  emoji: WellFormedText.min(1).max(16).refine(isSingleEmoji, 'not a single emoji'),
  on: z.boolean(),
  at: ClientTime,
});
/**
 * A Pong invitation to a member of the conversation: the server posts an invitation card (a
 * message of kind `invite`) whose `game.state` it updates (game/ and api/games.ts).
 */
export const InviteOp = z.strictObject({ op: z.literal('invite'), convId: Id, to: Id, settings: GameSettings.optional(), at: ClientTime });
/** Pins (`on: true`) or unpins a message: a DM's members, a channel's owner and admins. */
export const PinOp = z.strictObject({ op: z.literal('pin'), convId: Id, messageId: Id, on: z.boolean(), at: ClientTime });
/** Sets the conversation's accent colour (null: the app's own): a DM's members, a channel's owner and admins. */
export const AccentOp = z.strictObject({ op: z.literal('accent'), convId: Id, accent: Accent.nullable(), at: ClientTime });
export const OutboxOp = z.discriminatedUnion('op', [SendOp, EditOp, DeleteOp, ReactOp, InviteOp, PinOp, AccentOp]);
export type OutboxOp = z.infer<typeof OutboxOp>;

export const RejectReasons = [
  'invalid_op',
  'empty',
  'too_long',
  'no_such_conversation',
  'not_member',
  'blocked',
  'muted',
  'banned',
  'rate_limited',
  'not_found',
  'not_author',
  'deleted',
  'forbidden',
  /** An invitation to oneself or to someone who is not a member of the conversation. */
  'invalid_invitee',
  /** The entry's key (the op id) is not a ULID. */
  'invalid_op_id',
  /** A string holds NUL or is not well-formed Unicode (a lone surrogate); detail: the field. */
  'invalid_text',
  /** The entry is larger than the server reads (detail: the limit, in characters). */
  'too_large',
  /** Written through a bot token whose scope does not allow the op (read-only, or another conversation). */
  'token_scope',
  /**
   * An attachment of the send is not one the author uploaded into this conversation, or another
   * message carries it already (detail: its id).
   */
  'attachment_unavailable',
] as const;
export type RejectReason = (typeof RejectReasons)[number];

/** What the server writes back onto an outbox entry once it has decided. */
export type OpOutcome =
  | { status: 'accepted'; seq: number }
  | { status: 'rejected'; reason: RejectReason; detail?: string };

/** An outbox entry: the op as the client wrote it, with the outcome fields once decided. */
export type OutboxEntry = OutboxOp & Partial<{ status: 'accepted' | 'rejected'; seq: number; reason: RejectReason; detail: string }>;

export interface Message {
  /** The id of the op that sent it. */
  id: string;
  seq: number;
  /** User id of the author. */
  author: string;
  /** Author's username; a deleted account's tombstone (`isTombstoneUsername`) once it is deleted. */
  authorName: string;
  /** The author is a bot account (shown with a BOT badge). */
  authorBot?: true;
  /** Empty once deleted. */
  body: string;
  /** Server time, ISO 8601. */
  at: string;
  /**
   * `invite`: a Pong invitation card; `result`: a finished game's result. Both carry `game`.
   * `system`: the server's own notice (a tournament's pairings and results), authored by the
   * tournament's owner, who cannot write one.
   */
  kind?: 'text' | 'me' | 'invite' | 'result' | 'system';
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

/** The start of a body (a quote, a notification): at most 120 UTF-16 units, never half a surrogate pair. */
export const excerpt = (body: string): string => body.slice(0, /[\ud800-\udbff]/.test(body[EXCERPT_LENGTH - 1] ?? '') ? EXCERPT_LENGTH - 1 : EXCERPT_LENGTH);

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

export type ParsedOp = { ok: true; op: OutboxOp } | { ok: false; reason: RejectReason; detail?: string };

/** Deeper than any op: a bound on the walk below. */
const MAX_DEPTH = 4;

type Poison = { reason: RejectReason; detail: string };

/**
 * Why a value read from a document cannot be an op's plain JSON, if it cannot: whatever Yjs decoded
 * (any JSON, bytes, bigint, a prototype set by a `__proto__` key, a shared type). Never throws.
 */
function poisonIn(entry: unknown): Poison | undefined {
  let units = 0;
  const walk = (value: unknown, field: string, depth: number): Poison | undefined => {
    if (typeof value === 'string') {
      units += value.length;
      if (!isWellFormedText(value)) return { reason: 'invalid_text', detail: `${field}: ${TEXT_NOT_WELL_FORMED}` };
    } else if (value instanceof Uint8Array) {
      units += value.byteLength;
    } else if (value !== null && typeof value === 'object') {
      if (depth > MAX_DEPTH) return { reason: 'invalid_op', detail: 'nested too deeply' };
      if (!Array.isArray(value) && Object.getPrototypeOf(value) !== Object.prototype) return { reason: 'invalid_op', detail: 'not a plain object' };
      for (const key of Object.keys(value)) {
        units += key.length;
        if (PROTOTYPE_KEYS.has(key)) return { reason: 'invalid_op', detail: `key not allowed: ${key}` };
        if (!isWellFormedText(key)) return { reason: 'invalid_text', detail: `a key: ${TEXT_NOT_WELL_FORMED}` };
        const found = walk((value as Record<string, unknown>)[key], depth === 0 ? key : field, depth + 1);
        if (found) return found;
      }
    }
    // Counted as it goes, so an oversize entry is refused without being walked to its end.
    return units > OUTBOX_ENTRY_MAX_UNITS ? { reason: 'too_large', detail: String(OUTBOX_ENTRY_MAX_UNITS) } : undefined;
  };
  return walk(entry, 'entry', 0);
}

/** Validates an outbox entry read from a user's document, and the key it is under: untrusted input. */
export function parseOutboxOp(id: string, value: unknown): ParsedOp {
  if (!Id.safeParse(id).success) return { ok: false, reason: 'invalid_op_id', detail: 'op id is not a ULID' };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, reason: 'invalid_op', detail: 'not an object' };
  const poison = poisonIn(value);
  if (poison) return { ok: false, ...poison };
  const { status: _s, seq: _q, reason: _r, detail: _d, ...op } = value as Record<string, unknown>;
  const parsed = OutboxOp.safeParse(op);
  if (!parsed.success) return { ok: false, reason: 'invalid_op', detail: parsed.error.issues[0]?.message };
  if (parsed.data.op !== 'send' && parsed.data.op !== 'edit') return { ok: true, op: parsed.data };
  const body = parsed.data.body.trim();
  // Files need no caption.
  const withFiles = parsed.data.op === 'send' && parsed.data.attachments !== undefined;
  if (body.length === 0 && !withFiles) return { ok: false, reason: 'empty' };
  if (body.length > MESSAGE_MAX_LENGTH) return { ok: false, reason: 'too_long', detail: String(MESSAGE_MAX_LENGTH) };
  return { ok: true, op: { ...parsed.data, body } };
}

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
