/**
 * Deleting an account (docs/architecture.md §5, "Accounts"). What others must keep stays, without
 * the person: messages in shared conversations and games played keep pointing at the row, which
 * becomes a tombstone (username `deleted_<id>`, display name "deleted user", no email, no
 * password, no profile). Everything else goes: friendships and requests, blocks, memberships
 * (a channel owned passes to its longest-standing admin, else member), tokens and sessions, 2FA,
 * and the bots the account owned (deleted as their owner would delete them). The documents stop naming
 * it: see `account.deleted` and docs/architecture.md §5, "Deletion".
 */
import { randomBytes } from 'node:crypto';
import { ConversationMember, User } from '@volley/core';
import { tombstoneUsername } from '@volley/shared';
import type { RouteDeps } from '../context.js';
import { apiError } from '../errors.js';
import { replaceAvatarFile } from './avatars.js';
import { deleteBot, listBots } from './bots.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { endEverySession } from './site-admin.js';

type Deps = Pick<RouteDeps, 'db' | 'effects' | 'credentials' | 'config'>;

export const DELETED_DISPLAY_NAME = 'deleted user';

export async function deleteAccount(deps: Deps, userId: string, password: string): Promise<void> {
  const { db, effects } = deps;
  const user = await User.query(db).findById(userId);
  if (!user || user.deletedAt) throw apiError('unauthenticated');
  if (!(await verifyPassword(user.passwordHash, password))) throw apiError('wrong_password');
  for (const bot of await listBots(db, userId)) await deleteBot(deps, bot);
  await replaceAvatarFile(db, deps.config.dataDir, userId, null);
  // Nobody knows this password: the row can never sign in again, and checking it costs what any other does.
  const passwordHash = await hashPassword(randomBytes(32).toString('base64url'));
  const { left, friends, endedSessions } = await db.transaction(async (trx) => {
    const friends = (await trx('friendships').where({ user_id: userId }).pluck('friend_id')) as string[];
    await trx('friendships').where({ user_id: userId }).orWhere({ friend_id: userId }).delete();
    await trx('friend_requests').where({ from_user_id: userId }).orWhere({ to_user_id: userId }).delete();
    await trx('blocks').where({ blocker_id: userId }).orWhere({ blocked_id: userId }).delete();
    await trx('join_requests').where({ user_id: userId }).delete();
    for (const convId of (await trx('conversations').where({ owner_id: userId }).pluck('id')) as string[]) await handOver(trx, convId, userId);
    const left = (await ConversationMember.query(trx).where({ user_id: userId }).delete().returning('conversation_id')) as unknown as { conversationId: string }[];
    await unnameInCards(trx, userId, user.username, tombstoneUsername(userId));
    await trx('account_tokens').where({ user_id: userId }).delete();
    await trx('recovery_codes').where({ user_id: userId }).delete();
    const endedSessions = await endEverySession(trx, userId);
    await User.query(trx)
      .findById(userId)
      .patch({
        username: tombstoneUsername(userId),
        email: `deleted+${userId.toLowerCase()}@invalid`,
        displayName: DELETED_DISPLAY_NAME,
        bio: '',
        passwordHash,
        locale: null,
        totpSecret: null,
        totpPendingSecret: null,
        totpLastStep: null,
        lastAddress: null,
        deletedAt: new Date(),
      });
    return { left, friends, endedSessions };
  });
  await effects.publish({ type: 'site.changed', endedSessions });
  await effects.publish({ type: 'account.deleted', userId });
  for (const { conversationId } of left) await effects.publish({ type: 'membership.removed', convId: conversationId, userId, reason: 'left' });
  for (const friend of friends) await effects.publish({ type: 'social.changed', userIds: [userId, friend] });
}

/**
 * Invitation cards and game results name their players in their text ("🏓 alice", "alice 3 – 1
 * bob"): the old name becomes the tombstone there, as a whole word (a username is word characters).
 * The sync servers then show the new text (sync-server/src/erased-accounts.ts).
 */
async function unnameInCards(trx: Deps['db'], userId: string, username: string, tombstone: string): Promise<void> {
  const games = (await trx('games').where({ left_id: userId }).orWhere({ right_id: userId }).select('message_id', 'result_message_id')) as { message_id: string | null; result_message_id: string | null }[];
  const ids = games.flatMap((game) => [game.message_id, game.result_message_id].filter((id): id is string => id !== null));
  if (ids.length === 0) return;
  const word = new RegExp(`\\b${username}\\b`, 'g');
  for (const row of (await trx('messages').whereIn('id', ids).whereIn('kind', ['invite', 'result']).select('id', 'body')) as { id: string; body: string }[]) {
    const body = row.body.replace(word, tombstone);
    if (body !== row.body) await trx('messages').where({ id: row.id }).update({ body });
  }
}

/** The channel passes to its longest-standing admin, else member; with nobody left it has no owner. */
async function handOver(trx: Deps['db'], convId: string, ownerId: string): Promise<void> {
  const heir = (await trx('conversation_members')
    .where({ conversation_id: convId })
    .whereNot({ user_id: ownerId })
    .orderByRaw(`role = 'admin' desc, joined_at asc`)
    .first('user_id')) as { user_id: string } | undefined;
  await trx('conversations').where({ id: convId }).update({ owner_id: heir?.user_id ?? null });
  if (heir) await trx('conversation_members').where({ conversation_id: convId, user_id: heir.user_id }).update({ role: 'owner' });
}
