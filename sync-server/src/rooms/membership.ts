/** Who may open which room (docs/architecture.md §3). */
import { Conversation, ConversationMember, conversationPolicy, runPrepared, type AccessClaims, type Db, type PreparedStatement } from '@volley/core';
import { CloseCode, type CloseCodeValue, type Room as RoomName } from '@volley/shared';
import { mentionedUsernames } from '@volley/shared/markdown';

export interface Membership {
  conversation: Pick<Conversation, 'id' | 'kind' | 'access' | 'dmKey' | 'headSegment' | 'encrypted'>;
  /** Undefined when the user is not a member. */
  member: Pick<ConversationMember, 'mutedUntil' | 'role'> | undefined;
}

/**
 * The conversation and the user's membership of it; null when there is no such conversation.
 * `db` may be a transaction; `lock` holds the conversation row until the transaction ends.
 */
export async function conversationMembership(db: Db, convId: string, userId: string, lock = false): Promise<Membership | null> {
  // One round trip: every op and every conversation socket asks this first.
  const query = db('conversations as c')
    .leftJoin('conversation_members as m', (on) => on.on('m.conversation_id', 'c.id').andOn('m.user_id', db.raw('?', [userId])))
    .where('c.id', convId)
    .first('c.id', 'c.kind', 'c.access', 'c.dm_key', 'c.head_segment', 'c.encrypted', 'm.role', 'm.muted_until');
  const row: { id: string; kind: string; access: string | null; dm_key: string | null; head_segment: number; encrypted: boolean; role: string | null; muted_until: Date | null } | undefined = await (lock ? query.forUpdate('c') : query);
  if (!row) return null;
  const { role, muted_until, ...conversation } = row;
  // `role` is never null on a member's row: null means no row.
  const member = role === null ? undefined : ConversationMember.fromDatabaseJson({ role, muted_until });
  return { conversation: Conversation.fromDatabaseJson(conversation), member };
}

/** One parameter for the whole list: a busy instance asks about thousands of users at once. */
const MEMBERS_AMONG: PreparedStatement = { name: 'members_among', text: 'select user_id from conversation_members where conversation_id = $1 and user_id = any($2::text[])' };

/** The members of the conversation among `userIds`. */
export async function membersAmong(db: Db, convId: string, userIds: string[]): Promise<string[]> {
  if (userIds.length === 0) return [];
  const rows = await runPrepared<{ user_id: string }>(db, MEMBERS_AMONG, [convId, userIds]);
  return rows.map((row) => row.user_id);
}

export type RoomAccess = { ok: true; readOnly: boolean } | { ok: false; code: CloseCodeValue };

/**
 * A user's own room is theirs to write; a conversation's segments are for those the policies let
 * read it (core/src/policies/): its members, through a token that reaches the conversation.
 */
export async function roomAccess(db: Db, room: RoomName, user: AccessClaims): Promise<RoomAccess> {
  if (room.kind === 'user') return room.userId === user.userId ? { ok: true, readOnly: false } : { ok: false, code: CloseCode.forbidden };
  const membership = await conversationMembership(db, room.convId, user.userId);
  if (!membership) return { ok: false, code: CloseCode.notFound };
  // A non-member (a kicked or banned user too), or a token that does not reach the conversation,
  // learns nothing about it, not even how many segments it has.
  const actor = { userId: user.userId, scope: user.scope ?? null, member: membership.member };
  if (conversationPolicy.refusal(actor, 'read', membership.conversation)) return { ok: false, code: CloseCode.forbidden };
  if (room.segment > membership.conversation.headSegment) return { ok: false, code: CloseCode.notFound };
  return { ok: true, readOnly: true };
}

/** The ids of the conversation's members named in `body`, in the body's order. */
export async function mentionedMembers(db: Db, convId: string, body: string): Promise<string[]> {
  const names = mentionedUsernames(body);
  if (names.length === 0) return [];
  const rows: { id: string; username: string }[] = await db('users as u')
    .join('conversation_members as m', 'm.user_id', 'u.id')
    .where('m.conversation_id', convId)
    .whereRaw(`lower(u.username) in (${names.map(() => '?').join(', ')})`, names)
    .select('u.id', 'u.username');
  const byName = new Map(rows.map((row) => [row.username.toLowerCase(), row.id]));
  return names.flatMap((name) => byName.get(name) ?? []);
}
