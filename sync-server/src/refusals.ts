/** Who may act in a conversation now (docs/architecture.md §3): one rule for every outbox op. */
import { blockedEitherWay, ConversationBan, type Db } from '@volley/core';
import type { OutboxOp, RejectReason } from '@volley/shared';
import type { Membership } from './membership.js';

export type Refusal = { kind: 'rejected'; reason: RejectReason; detail?: string };

/**
 * A mute silences: no new words (send, edit). Reacting and deleting one's own message add none,
 * so a muted member keeps them; deleting one's own words is allowed even in a blocked DM.
 */
const silencedWhenMuted = new Set<OutboxOp['op']>(['send', 'edit']);
const refusedWhenBlocked = new Set<OutboxOp['op']>(['send', 'edit', 'react']);

/** Why the user may not do `op` in the conversation now, if they may not (`db` may be a transaction). */
export async function refusal(db: Db, { conversation, member }: Membership, userId: string, op: OutboxOp['op']): Promise<Refusal | null> {
  if (!member) {
    // A banned user is no member; they are told why, and until when (empty: for good).
    const ban = await ConversationBan.query(db).findById([conversation.id, userId]);
    if (ban?.activeAt()) return { kind: 'rejected', reason: 'banned', detail: ban.until ? new Date(ban.until).toISOString() : '' };
    return { kind: 'rejected', reason: 'not_member' };
  }
  if (refusedWhenBlocked.has(op) && conversation.kind === 'dm' && conversation.dmKey) {
    const peer = conversation.dmKey.split(':').find((id) => id !== userId) ?? userId;
    if (await blockedEitherWay(db, userId, peer)) return { kind: 'rejected', reason: 'blocked' };
  }
  const mutedUntil = member.mutedNow();
  if (mutedUntil && silencedWhenMuted.has(op)) return { kind: 'rejected', reason: 'muted', detail: mutedUntil.toISOString() };
  return null;
}
