/** Records a sent message in the `messages` table, exactly once per op id, and seals a full head segment. */
import { Message, User, type Db } from '@volley/core';
import type { Message as SegmentMessage } from '@volley/shared';
import { conversationMembership } from './membership.js';
import { refusal, type Refusal } from './refusals.js';

export interface SendRequest {
  /** The op id, which becomes the message id. */
  id: string;
  convId: string;
  authorId: string;
  body: string;
  kind: 'text' | 'me';
  replyTo: string | undefined;
  at: Date;
  /** Messages per segment (config.segmentSize). */
  segmentSize: number;
}

type Quote = NonNullable<SegmentMessage['replyTo']>;

export type SendResult =
  /** `inserted`: this call recorded it; `replayed`: an earlier one did, and this is its record. */
  | { kind: 'inserted' | 'replayed'; seq: number; segment: number; at: Date; replyTo: Quote | undefined; opensSegment: boolean }
  | Refusal;

const EXCERPT_LENGTH = 120;

/** The start of a body (a quote, a notification): at most 120 UTF-16 units, never half a surrogate pair. */
export const excerpt = (body: string) => body.slice(0, /[\ud800-\udbff]/.test(body[EXCERPT_LENGTH - 1] ?? '') ? EXCERPT_LENGTH - 1 : EXCERPT_LENGTH);

/** The quote of the answered message as it is now; undefined when it is not in this conversation. */
async function quoteOf(db: Db, convId: string, id: string): Promise<{ quote: Quote; deleted: boolean } | undefined> {
  const row = await Message.query(db).findById(id).select('id', 'conversation_id', 'seq', 'author_id', 'body', 'deleted_at');
  if (!row || row.conversationId !== convId) return undefined;
  const author = await User.query(db).findById(row.authorId).select('username');
  return { quote: { id: row.id, seq: row.seq, authorName: author?.username ?? '', excerpt: excerpt(row.body) }, deleted: row.deletedAt !== null };
}

/** True when the head segment already holds `size` messages: seqs are contiguous, so message `seq - size` tells. */
async function headIsFull(db: Db, convId: string, seq: number, head: number, size: number): Promise<boolean> {
  if (seq <= size) return false;
  const oldest = await Message.query(db).findOne({ conversation_id: convId, seq: seq - size }).select('segment');
  return oldest?.segment === head;
}

/**
 * One transaction: the conversation row is locked first, so that of two instances handling the
 * same op the second waits and then finds the first one's message (a replay, not a second message).
 */
export function sendMessage(db: Db, send: SendRequest): Promise<SendResult> {
  return db.transaction(async (trx): Promise<SendResult> => {
    const membership = await conversationMembership(trx, send.convId, send.authorId, true);
    if (!membership) return { kind: 'rejected', reason: 'no_such_conversation' };
    const existing = await Message.query(trx).findById(send.id);
    if (existing) {
      // Op ids are not secret once the message is shown: another author's id is not a replay.
      if (existing.authorId !== send.authorId || existing.conversationId !== send.convId) {
        return { kind: 'rejected', reason: 'invalid_op', detail: 'id already used' };
      }
      const replyTo = existing.replyToId ? (await quoteOf(trx, send.convId, existing.replyToId))?.quote : undefined;
      const previous = await Message.query(trx).findOne({ conversation_id: send.convId, seq: existing.seq - 1 }).select('segment');
      const opensSegment = existing.segment > 0 && previous?.segment !== existing.segment;
      return { kind: 'replayed', seq: existing.seq, segment: existing.segment, at: new Date(existing.createdAt), replyTo, opensSegment };
    }
    // Checked after the replay: an op accepted before a mute or a kick stays accepted.
    const refused = await refusal(trx, membership, send.authorId, 'send');
    if (refused) return refused;
    const replyTo = send.replyTo === undefined ? undefined : await quoteOf(trx, send.convId, send.replyTo);
    if (send.replyTo !== undefined && !replyTo) return { kind: 'rejected', reason: 'not_found', detail: 'replyTo' };
    if (replyTo?.deleted) return { kind: 'rejected', reason: 'deleted', detail: 'replyTo' };
    const [counter] = (await trx('conversations')
      .where({ id: send.convId })
      .increment('last_seq', 1)
      .returning(['last_seq', 'head_segment'])) as { last_seq: number; head_segment: number }[];
    const seq = counter!.last_seq;
    const opensSegment = await headIsFull(trx, send.convId, seq, counter!.head_segment, send.segmentSize);
    const segment = counter!.head_segment + (opensSegment ? 1 : 0);
    if (opensSegment) await trx('conversations').where({ id: send.convId }).update({ head_segment: segment });
    await Message.query(trx).insert({
      id: send.id,
      conversationId: send.convId,
      seq,
      segment,
      authorId: send.authorId,
      body: send.body,
      kind: send.kind,
      replyToId: send.replyTo ?? null,
      createdAt: send.at,
    });
    return { kind: 'inserted', seq, segment, at: send.at, replyTo: replyTo?.quote, opensSegment };
  });
}
