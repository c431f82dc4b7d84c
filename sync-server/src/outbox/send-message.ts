/** Records a sent message in the `messages` table, exactly once per op id, and seals a full head segment. */
import { attachmentView, conversationPolicy, findSticker, Message, User, type AttachmentRow, type Db, type UpdateLog } from '@volley/core';
import { readableBody, type MessageAttachment, type MessageKind, type MessageSticker, type Message as SegmentMessage, type TokenScope } from '@volley/shared';
import type { SendTicket } from '../rooms/head-segments.js';
import { conversationMembership } from '../rooms/membership.js';
import { earlierRefusal } from './op-refusals.js';
import { refusal, type Refusal } from './refusals.js';
import { excerptOf } from '@volley/shared/markdown';

export interface SendRequest {
  /** The op id, which becomes the message id. */
  id: string;
  convId: string;
  authorId: string;
  /** The scope of the token the op came through (op-writers.ts); null for a person's, and for the server's own lines. */
  scope: TokenScope | null;
  body: string;
  kind: MessageKind;
  replyTo: string | undefined;
  /** Ids of files the author uploaded into the conversation, which the message takes. */
  attachments?: string[];
  /** A sticker of the bank: the message is it, its body the sticker's name. */
  sticker?: string;
  at: Date;
  /** Messages per segment (config.segmentSize). */
  segmentSize: number;
  /** A stream recorded as it stood when its author went quiet (streams.ts). */
  incomplete?: boolean;
  /** The address of the socket that wrote the op; null (or absent) for the author's last address. */
  sentFrom?: string | null;
  /** The send as this instance follows it, with its segment update when built ahead (head-segments.ts). */
  ticket?: SendTicket;
}

type Quote = NonNullable<SegmentMessage['replyTo']>;

export type SendResult =
  /**
   * `inserted`: this call recorded it; `replayed`: an earlier one did, and this is its record.
   * `stored`: its element, built ahead, was stored with it, and is in its segment.
   */
  | { kind: 'inserted' | 'replayed'; seq: number; segment: number; at: Date; replyTo: Quote | undefined; opensSegment: boolean; attachments?: MessageAttachment[]; sticker?: MessageSticker; stored?: true }
  | Refusal;


/** The quote of the answered message as it is now; undefined when it is not in this conversation. */
async function quoteOf(db: Db, convId: string, id: string): Promise<{ quote: Quote; deleted: boolean } | undefined> {
  const row = await Message.query(db).findById(id).select('id', 'conversation_id', 'seq', 'author_id', 'body', 'kind', 'deleted_at');
  if (!row || row.conversationId !== convId) return undefined;
  const author = await User.query(db).findById(row.authorId).select('username');
  return { quote: { id: row.id, seq: row.seq, authorName: author?.username ?? '', excerpt: excerptOf(readableBody(row)) }, deleted: row.deletedAt !== null };
}

interface RecordedRow {
  author_id: string;
  conversation_id: string;
  seq: number;
  segment: number;
  created_at: Date;
  reply_to_id: string | null;
}

/** The message already recorded under this op id, if any. */
const recordedUnder = (db: Db, id: string): Promise<RecordedRow | undefined> =>
  db('messages').where({ id }).first('author_id', 'conversation_id', 'seq', 'segment', 'created_at', 'reply_to_id');

/**
 * In one statement, after the conversation row is locked (so its snapshot sees every message
 * committed before): the message recorded under this id if there is one, else the new message,
 * with the next seq, in the head segment or, when the head already holds `size` messages or the
 * message would take it past SEGMENT_MAX_BYTES (`segment_after`, migration 035), in the next one,
 * which becomes the head.
 */
const RECORD = `
with existing as (
  select author_id, conversation_id, seq, segment, created_at, reply_to_id from messages where id = ?
), next as (
  select c.last_seq + 1 as seq, c.head_segment as head, b.bytes,
    segment_after(c.id, c.head_segment, c.head_bytes, c.last_seq + 1, ?, b.bytes) as segment
  from conversations c, (select message_bytes(?) + ? as bytes) b where c.id = ? and not exists (select 1 from existing)
), bumped as (
  update conversations c set last_seq = next.seq, head_segment = next.segment,
    head_bytes = case when next.segment > next.head then 0 else c.head_bytes end + next.bytes
  from next where c.id = ?
), inserted as (
  insert into messages (id, conversation_id, seq, segment, author_id, body, kind, reply_to_id, created_at, incomplete, sent_from)
  select ?, ?, next.seq, next.segment, ?, ?, ?, ?, ?, ?, ?::inet from next
  returning seq, segment
)
select false as inserted, author_id, conversation_id, seq, segment, created_at, reply_to_id from existing
union all
select true, null, null, seq, segment, null, null from inserted`;

/** `extraBytes`: what the element carries besides its body and the usual fields (its files), counted against the segment's bytes. */
async function record(db: Db, send: SendRequest, extraBytes: number): Promise<{ inserted: boolean } & RecordedRow> {
  const { id, convId, authorId, body, kind, replyTo, at, segmentSize, incomplete = false, sentFrom = null } = send;
  const { rows } = (await db.raw(RECORD, [id, segmentSize, body, extraBytes, convId, convId, id, convId, authorId, body, kind, replyTo ?? null, at, incomplete, sentFrom])) as { rows: ({ inserted: boolean } & RecordedRow)[] };
  return rows[0]!;
}

/**
 * The send's files, locked until the transaction ends: each must be one its author uploaded into
 * this conversation and no other message carries (two sends naming one file: the second waits for
 * the first and is refused). A refusal names the first file that is not.
 */
async function claimFiles(trx: Db, send: SendRequest, ids: string[]): Promise<MessageAttachment[] | Refusal> {
  const rows = (await trx('attachments').whereIn('id', ids).forUpdate()) as AttachmentRow[];
  const byId = new Map(rows.map((row) => [row.id, row]));
  for (const id of ids) {
    const row = byId.get(id);
    if (!row || row.uploader_id !== send.authorId || row.conversation_id !== send.convId || (row.message_id !== null && row.message_id !== send.id)) {
      return { kind: 'rejected', reason: 'attachment_unavailable', detail: id };
    }
  }
  return ids.map((id) => attachmentView(byId.get(id)!));
}

/** The files, numbered in the send's order, now the message's. */
async function attachFiles(trx: Db, messageId: string, ids: string[]): Promise<void> {
  for (const [position, id] of ids.entries()) await trx('attachments').where({ id }).update({ message_id: messageId, position });
}

/** The answer to a replayed op: the message as recorded, unless the id is another author's. */
async function replay(db: Db, send: SendRequest, existing: RecordedRow): Promise<SendResult> {
  // Op ids are not secret once the message is shown: another author's id is not a replay.
  if (existing.author_id !== send.authorId || existing.conversation_id !== send.convId) {
    return { kind: 'rejected', reason: 'invalid_op', detail: 'id already used' };
  }
  const replyTo = existing.reply_to_id ? (await quoteOf(db, send.convId, existing.reply_to_id))?.quote : undefined;
  const previous = await Message.query(db).findOne({ conversation_id: send.convId, seq: existing.seq - 1 }).select('segment');
  const opensSegment = existing.segment > 0 && previous?.segment !== existing.segment;
  return { kind: 'replayed', seq: existing.seq, segment: existing.segment, at: new Date(existing.created_at), replyTo, opensSegment };
}

/** Where a message is recorded: the database, and the update log whose tick records plain sends. */
export interface Recorder {
  db: Db;
  updateLog: UpdateLog;
}

/**
 * A plain message (no reply, allowed, a new op id) costs no round trip of its own: it rides with
 * the update log's next statement (the `send_message` function, core/src/db/migrations/007 and 028),
 * which records it or answers `check`, and then the full decision runs: refusals with their reasons,
 * replays, replies. Its segment update, when built ahead, is stored in that statement too if the
 * message got the seq and segment it was built for (migration 044); if not, it is dropped.
 */
export async function sendMessage({ db, updateLog }: Recorder, send: SendRequest): Promise<SendResult> {
  const { ticket } = send;
  // The database knows no token: one that may not write there takes the full decision, whose policy refuses it.
  const plain = send.replyTo === undefined && !send.incomplete && send.attachments === undefined && send.sticker === undefined;
  if (plain && conversationPolicy.tokenReaches(send, 'send', send.convId)) {
    const { id, convId, authorId, body, kind, at, segmentSize, sentFrom = null } = send;
    let recorded: Awaited<ReturnType<UpdateLog['recordSend']>>;
    try {
      recorded = await updateLog.recordSend({ id, convId, authorId, body, kind, at, segmentSize, sentFrom, built: ticket?.built });
    } catch (err) {
      ticket?.dropped();
      throw err;
    }
    if (recorded.outcome === 'inserted' && recorded.stored) ticket?.stored();
    else ticket?.dropped();
    if (recorded.outcome === 'inserted') return { kind: 'inserted', seq: recorded.seq, segment: recorded.segment, at, replyTo: undefined, opensSegment: recorded.opensSegment, ...(recorded.stored && { stored: true as const }) };
  }
  ticket?.dropped();
  return decideSend(db, send);
}

/**
 * A person's words go encrypted into an end-to-end encrypted conversation, and only there; the
 * server's own lines (an invitation card, a result) are no one's words and go in either.
 */
export function encryptionMismatch(encrypted: boolean, kind: MessageKind): Refusal | null {
  if (kind === 'encrypted' && !encrypted) return { kind: 'rejected', reason: 'encryption_mismatch', detail: 'the conversation is not encrypted' };
  if (encrypted && (kind === 'text' || kind === 'me')) return { kind: 'rejected', reason: 'encryption_mismatch', detail: 'the conversation is encrypted' };
  return null;
}

/**
 * One transaction: the conversation row is locked first, so that of two instances handling the
 * same op the second waits and then finds the first one's message (a replay, not a second message).
 * Five round trips or more: BEGIN, an earlier refusal of the op, the lock with the membership, the refusal, replay and reply
 * checks when they apply, the record, COMMIT.
 */
function decideSend(db: Db, send: SendRequest): Promise<SendResult> {
  return db.transaction(async (trx): Promise<SendResult> => {
    // Refused before, through another instance maybe: the op keeps its first answer.
    const refusedBefore = await earlierRefusal(trx, send.authorId, send.id);
    if (refusedBefore) return refusedBefore;
    const membership = await conversationMembership(trx, send.convId, send.authorId, true);
    if (!membership) return { kind: 'rejected', reason: 'no_such_conversation' };
    let replyTo: Awaited<ReturnType<typeof quoteOf>>;
    // Refused, or answering a message: the replay is looked for first, since an op accepted
    // before a mute, a kick or the answered message's deletion stays accepted.
    const refused = await refusal(trx, membership, { userId: send.authorId, scope: send.scope }, 'send');
    if (refused || send.replyTo !== undefined || send.attachments !== undefined || send.sticker !== undefined) {
      const existing = await recordedUnder(trx, send.id);
      if (existing) return replay(trx, send, existing);
      if (refused) return refused;
    }
    const mismatch = encryptionMismatch(membership.conversation.encrypted, send.kind);
    if (mismatch) {
      const existing = await recordedUnder(trx, send.id);
      return existing ? replay(trx, send, existing) : mismatch;
    }
    if (send.replyTo !== undefined) {
      replyTo = await quoteOf(trx, send.convId, send.replyTo);
      if (!replyTo) return { kind: 'rejected', reason: 'not_found', detail: 'replyTo' };
      if (replyTo.deleted) return { kind: 'rejected', reason: 'deleted', detail: 'replyTo' };
    }
    const files = send.attachments ? await claimFiles(trx, send, send.attachments) : undefined;
    if (files && !Array.isArray(files)) return files;
    const sticker = send.sticker === undefined ? undefined : await findSticker(trx, send.sticker);
    if (send.sticker !== undefined && !sticker) return { kind: 'rejected', reason: 'not_found', detail: 'sticker' };
    const extra = files ?? sticker;
    const recorded = await record(trx, sticker ? { ...send, body: sticker.name } : send, extra ? Buffer.byteLength(JSON.stringify(extra)) : 0);
    if (!recorded.inserted) return replay(trx, send, recorded);
    if (files) await attachFiles(trx, send.id, send.attachments!);
    if (sticker) await trx('messages').where({ id: send.id }).update({ sticker_id: sticker.id });
    const opensSegment = recorded.segment > membership.conversation.headSegment;
    return { kind: 'inserted', seq: recorded.seq, segment: recorded.segment, at: send.at, replyTo: replyTo?.quote, opensSegment, ...(files && { attachments: files }), ...(sticker && { sticker }) };
  });
}
