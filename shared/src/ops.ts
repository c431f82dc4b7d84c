/**
 * The ops a user writes into their outbox (document.ts) or sends as op frames (op-frames.ts), the
 * outcome the server gives each, and their validation: untrusted input for the server.
 */
import { z } from 'zod';

import { isSingleEmoji } from './emoji.js';
import { GameSettings } from './game/settings.js';

import { ATTACHMENTS_PER_MESSAGE, MESSAGE_MAX_LENGTH, OUTBOX_ENTRY_MAX_UNITS } from './limits.js';
import { isWellFormedText, PROTOTYPE_KEYS, TEXT_NOT_WELL_FORMED } from './text.js';
import { Accent, Id, WellFormedText } from './base-schemas.js';
import { EncryptedContent } from './encrypted.js';

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
  /**
   * A sticker of the bank (GET /sticker-packs): the message is the sticker, its body the sticker's
   * name, which the server sets (what is sent as the body is not read). Never with files.
   */
  sticker: Id.optional(),
  /**
   * In an end-to-end encrypted conversation: the message as the author's device encrypted it
   * (encrypted.ts), the body then empty. The server records and relays it without reading it.
   */
  encrypted: EncryptedContent.optional(),
  at: ClientTime,
})
  .refine((op) => op.sticker === undefined || op.attachments === undefined, 'a sticker comes without files')
  .refine((op) => op.encrypted === undefined || (op.sticker === undefined && op.body === '' && (op.kind ?? 'text') === 'text'), 'an encrypted message carries its text, kind and sticker inside');
/** The author replaces the body of their own message. */
export const EditOp = z
  .strictObject({ op: z.literal('edit'), convId: Id, messageId: Id, body: WellFormedText, encrypted: EncryptedContent.optional(), at: ClientTime })
  .refine((op) => op.encrypted === undefined || op.body === '', 'an encrypted edit carries its text inside');
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
  /**
   * Plain text sent into an end-to-end encrypted conversation, or an encrypted message into one
   * that is not (detail: which); an encrypted edit of a plain message, or the reverse.
   */
  'encryption_mismatch',
] as const;
export type RejectReason = (typeof RejectReasons)[number];

/** What the server writes back onto an outbox entry once it has decided. */
export type OpOutcome =
  | { status: 'accepted'; seq: number }
  | { status: 'rejected'; reason: RejectReason; detail?: string };

/** An outbox entry: the op as the client wrote it, with the outcome fields once decided. */
export type OutboxEntry = OutboxOp & Partial<{ status: 'accepted' | 'rejected'; seq: number; reason: RejectReason; detail: string }>;

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
  if (parsed.data.encrypted) return { ok: true, op: parsed.data };
  const body = parsed.data.body.trim();
  // Files need no caption, and a sticker's body is its name.
  const withoutText = parsed.data.op === 'send' && (parsed.data.attachments !== undefined || parsed.data.sticker !== undefined);
  if (body.length === 0 && !withoutText) return { ok: false, reason: 'empty' };
  if (body.length > MESSAGE_MAX_LENGTH) return { ok: false, reason: 'too_long', detail: String(MESSAGE_MAX_LENGTH) };
  return { ok: true, op: { ...parsed.data, body } };
}
