/**
 * Deleting an account (docs/architecture.md §5, "Accounts"). What others must keep stays, without
 * the person: messages in shared conversations and games played keep pointing at the row, which
 * becomes a tombstone (username `deleted_<id>`, display name "deleted user", no email, no
 * password, no profile). Every door into it is shut as for any closing account (close-account.ts:
 * identities, sessions, tokens, pushes, memberships, tournaments). Besides: friendships and
 * requests, blocks, 2FA, the files it uploaded (their messages are written again without them),
 * and the bots the account owned (deleted as their owner would delete them). The documents stop naming
 * it: see `account.deleted` and docs/architecture.md §5, "Deletion".
 */
import { randomBytes } from 'node:crypto';
import { User } from '@volley/core';
import { tombstoneUsername } from '@volley/shared';
import type { RouteDeps } from '../context.js';
import { apiError } from '../errors.js';
import { replaceAvatarFile } from './avatars.js';
import { deleteBot, listBots } from './bots.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { removeFilesOf } from './remove-attachments.js';
import { announceClosed, closeAccount } from './close-account.js';

type Deps = Pick<RouteDeps, 'db' | 'effects' | 'credentials' | 'config' | 'store'>;

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
  const { closing, friends, renamed } = await db.transaction(async (trx) => {
    const friends = (await trx('friendships').where({ user_id: userId }).pluck('friend_id')) as string[];
    await trx('friendships').where({ user_id: userId }).orWhere({ friend_id: userId }).delete();
    await trx('friend_requests').where({ from_user_id: userId }).orWhere({ to_user_id: userId }).delete();
    await trx('blocks').where({ blocker_id: userId }).orWhere({ blocked_id: userId }).delete();
    const renamed = await unnameInServerLines(trx, userId, user.username, tombstoneUsername(userId));
    const closing = await closeAccount(trx, userId);
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
      });
    return { closing, friends, renamed };
  });
  const withoutFiles = await removeFilesOf(db, deps.store, userId);
  await announceClosed(deps, closing);
  for (const messageId of new Set([...renamed, ...withoutFiles])) await effects.publish({ type: 'message.changed', messageId });
  for (const friend of friends) await effects.publish({ type: 'social.changed', userIds: [userId, friend] });
}

/**
 * Lines the server wrote name players in their text: invitation cards ("🏓 alice"), game results
 * ("alice 3 – 1 bob") and a tournament's lines in its conversation. The old name becomes the
 * tombstone there, as a whole word (a username is word characters). Returns the messages
 * rewritten, for the sync servers to show (`message.changed`).
 */
async function unnameInServerLines(trx: Deps['db'], userId: string, username: string, tombstone: string): Promise<string[]> {
  const games = (await trx('games').where({ left_id: userId }).orWhere({ right_id: userId }).select('message_id', 'result_message_id')) as { message_id: string | null; result_message_id: string | null }[];
  const cards = games.flatMap((game) => [game.message_id, game.result_message_id].filter((id): id is string => id !== null));
  const tournaments = trx('tournaments as t').join('tournament_players as p', 'p.tournament_id', 't.id').where('p.user_id', userId).whereNotNull('t.conversation_id').select('t.conversation_id');
  const lines = (await trx('messages')
    .where((q) => q.whereIn('id', cards).whereIn('kind', ['invite', 'result']))
    .orWhere((q) => q.whereIn('conversation_id', tournaments).where('kind', 'system'))
    .select('id', 'body')) as { id: string; body: string }[];
  const word = new RegExp(`\\b${username}\\b`, 'g');
  const rewritten: string[] = [];
  for (const line of lines) {
    const body = line.body.replace(word, tombstone);
    if (body === line.body) continue;
    await trx('messages').where({ id: line.id }).update({ body });
    rewritten.push(line.id);
  }
  return rewritten;
}
