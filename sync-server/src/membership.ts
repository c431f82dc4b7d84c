/** Who may open which room (DESIGN.md §3). */
import { Conversation, ConversationMember, type AccessClaims, type Db } from '@volley/core';
import { CloseCode, type CloseCodeValue, type Room as RoomName } from '@volley/shared';

export interface Membership {
  conversation: Pick<Conversation, 'id' | 'kind' | 'dmKey' | 'headSegment'>;
  /** Undefined when the user is not a member. */
  member: Pick<ConversationMember, 'mutedNow' | 'role'> | undefined;
}

/**
 * The conversation and the user's membership of it; null when there is no such conversation.
 * `db` may be a transaction; `lock` holds the conversation row until the transaction ends.
 */
export async function conversationMembership(db: Db, convId: string, userId: string, lock = false): Promise<Membership | null> {
  const query = Conversation.query(db).findById(convId).select('id', 'kind', 'dm_key', 'head_segment');
  const conversation = await (lock ? query.forUpdate() : query);
  if (!conversation) return null;
  const member = await ConversationMember.query(db).findById([convId, userId]).select('muted_until', 'role');
  return { conversation, member };
}

/** The members of the conversation among `userIds`. */
export async function membersAmong(db: Db, convId: string, userIds: string[]): Promise<string[]> {
  if (userIds.length === 0) return [];
  const rows = await ConversationMember.query(db).where('conversation_id', convId).whereIn('user_id', userIds).select('user_id');
  return rows.map((row) => row.userId);
}

export type RoomAccess = { ok: true; readOnly: boolean } | { ok: false; code: CloseCodeValue };

/** A user's own room is theirs to write; a conversation's segments are for its members to read. */
export async function roomAccess(db: Db, room: RoomName, user: AccessClaims): Promise<RoomAccess> {
  if (room.kind === 'user') return room.userId === user.userId ? { ok: true, readOnly: false } : { ok: false, code: CloseCode.forbidden };
  const membership = await conversationMembership(db, room.convId, user.userId);
  if (!membership) return { ok: false, code: CloseCode.notFound };
  // A non-member (a kicked or banned user too) learns nothing about the conversation, not even how many segments it has.
  if (!membership.member) return { ok: false, code: CloseCode.forbidden };
  if (room.segment > membership.conversation.headSegment) return { ok: false, code: CloseCode.notFound };
  return { ok: true, readOnly: true };
}
