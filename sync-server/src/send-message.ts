/** Records a sent message in the `messages` table, exactly once per op id. */
import { blockedEitherWay, ConversationBan, Message, type Db } from '@volley/core';
import type { RejectReason } from '@volley/shared';
import { conversationMembership, type Membership } from './membership.js';

export interface SendRequest {
  /** The op id, which becomes the message id. */
  id: string;
  convId: string;
  authorId: string;
  body: string;
  at: Date;
}

type Refusal = { kind: 'rejected'; reason: RejectReason; detail?: string };

export type SendResult =
  /** `inserted`: this call recorded it; `replayed`: an earlier one did, and this is its record. */
  | { kind: 'inserted' | 'replayed'; seq: number; segment: number; at: Date }
  | Refusal;

/** Why the author may not send into the conversation now, if they may not (`db` may be a transaction). */
async function refusal(db: Db, { conversation, member }: Membership, authorId: string): Promise<Refusal | null> {
  if (!member) {
    // A banned user is no member; they are told why, and until when (empty: for good).
    const ban = await ConversationBan.query(db).findById([conversation.id, authorId]);
    if (ban?.activeAt()) return { kind: 'rejected', reason: 'banned', detail: ban.until ? new Date(ban.until).toISOString() : '' };
    return { kind: 'rejected', reason: 'not_member' };
  }
  if (conversation.kind === 'dm' && conversation.dmKey) {
    const peer = conversation.dmKey.split(':').find((id) => id !== authorId) ?? authorId;
    if (await blockedEitherWay(db, authorId, peer)) return { kind: 'rejected', reason: 'blocked' };
  }
  const mutedUntil = member.mutedNow();
  if (mutedUntil) return { kind: 'rejected', reason: 'muted', detail: mutedUntil.toISOString() };
  return null;
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
      return { kind: 'replayed', seq: existing.seq, segment: existing.segment, at: new Date(existing.createdAt) };
    }
    // Checked after the replay: an op accepted before a mute or a kick stays accepted.
    const refused = await refusal(trx, membership, send.authorId);
    if (refused) return refused;
    const [counter] = (await trx('conversations')
      .where({ id: send.convId })
      .increment('last_seq', 1)
      .returning(['last_seq', 'head_segment'])) as { last_seq: number; head_segment: number }[];
    const { last_seq: seq, head_segment: segment } = counter!;
    await Message.query(trx).insert({ id: send.id, conversationId: send.convId, seq, segment, authorId: send.authorId, body: send.body, createdAt: send.at });
    return { kind: 'inserted', seq, segment, at: send.at };
  });
}
