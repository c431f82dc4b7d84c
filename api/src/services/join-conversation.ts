import { ChannelInvitation, ConversationBan, ConversationMember, type Db } from '@volley/core';
import type { RouteDeps } from '../context.js';
import { apiError } from '../errors.js';
import { accessTo, type Access } from './conversation-access.js';
import { verifyPassword } from './passwords.js';

type Deps = Pick<RouteDeps, 'db' | 'effects'>;

/** The user's ban from the conversation, while it is in force. */
export async function activeBan(db: Db, convId: string, userId: string): Promise<ConversationBan | undefined> {
  const ban = await ConversationBan.query(db).findById([convId, userId]);
  return ban?.activeAt() ? ban : undefined;
}

/** 403 `banned` while a ban on the user is in force, saying until when. */
export async function refuseIfBanned(db: Db, convId: string, userId: string): Promise<void> {
  const ban = await activeBan(db, convId, userId);
  if (!ban) return;
  const until = ban.until ? new Date(ban.until).toISOString() : null;
  throw apiError('banned', { message: until ? `You are banned from this channel until ${until}.` : 'You are banned from this channel for good.' });
}

/**
 * Joins a channel: a public one freely, a password one with its password, a private one with an
 * invitation (used up by joining). A member joining again changes nothing.
 */
export async function joinConversation({ db, effects }: Deps, convId: string, userId: string, password: string | undefined): Promise<Access> {
  const access = await accessTo(db, convId, userId);
  const { conversation } = access;
  if (conversation.kind !== 'channel') throw apiError('forbidden', { message: 'Only channels are joined.' });
  if (access.member) return access;
  await refuseIfBanned(db, convId, userId);
  if (conversation.access === 'password') {
    const valid = password !== undefined && (await verifyPassword(conversation.passwordHash ?? undefined, password));
    if (!valid) throw apiError('wrong_password', { fields: { password: [password === undefined ? 'required' : 'wrong password'] } });
  }
  const member = await db.transaction(async (trx) => {
    if (conversation.access === 'private') {
      // Counted from `returning` (see endFriendship).
      const invited = await ChannelInvitation.query(trx).delete().where({ conversation_id: convId, user_id: userId }).returning('*');
      if (invited.length === 0) throw apiError('forbidden', { message: 'This channel is private: ask to join or get an invitation.' });
    }
    return addMember(trx, convId, userId);
  });
  await effects.publish({ type: 'membership.added', convId, userId });
  return { conversation, member };
}

/** Adds a member (role member); an existing membership stays as it is. */
export async function addMember(db: Db, convId: string, userId: string): Promise<ConversationMember> {
  await ConversationMember.query(db).insert({ conversationId: convId, userId, role: 'member' }).onConflict(['conversation_id', 'user_id']).ignore();
  return ConversationMember.query(db).findById([convId, userId]).throwIfNotFound();
}
