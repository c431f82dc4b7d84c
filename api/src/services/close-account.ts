/**
 * Closing an account, a person's or a bot's (docs/architecture.md §5, "Closing an account"): every
 * door into it shut in one place, in the transaction that marks it deleted. Its provider identities
 * are unlinked, its sign-ins (refresh families) and bot tokens end, its devices get no more pushes,
 * its mailed tokens, recovery codes, join requests and invitations go, it leaves every conversation
 * (a channel it owned passes on), and its pending game invitations expire. Then, told after the
 * commit, its open sockets close on every instance (`account.deleted` through each process's site
 * gate, besides the ended sessions and revoked tokens), and its tournaments move on without it
 * (`leaveTournaments`). What a person's deletion does besides (the tombstone, friends, files, the
 * names in the documents) is delete-account.ts's.
 *
 * Every way in also refuses a closed account by itself (core's `isOpenAccount`, `Credentials`), so a
 * row this missed opens nothing.
 */
import { ConversationMember, type Db } from '@volley/core';
import type { RouteDeps } from '../context.js';
import { closedInTournaments } from '../tournaments/registration.js';
import { revokeSessions } from './refresh-tokens.js';

type Deps = Pick<RouteDeps, 'db' | 'effects'>;

/** What a closing did, for `announceClosed` to tell once committed. */
export interface Closing {
  userId: string;
  endedSessions: string[];
  revokedTokens: string[];
  /** Conversations it left. */
  left: string[];
  /** Invitation cards that expired with it. */
  expiredCards: string[];
}

/** Shuts every door of the account in `trx` and marks it deleted; `announceClosed` after the commit. */
export async function closeAccount(trx: Db, userId: string): Promise<Closing> {
  await trx('oauth_identities').where({ user_id: userId }).delete();
  const endedSessions = await revokeSessions(trx, { userId });
  const now = new Date();
  const revoked = (await trx('bot_tokens').where({ bot_id: userId }).whereNull('revoked_at').update({ revoked_at: now }, ['id'])) as { id: string }[];
  await trx('push_subscriptions').where({ user_id: userId }).delete();
  await trx('push_queue').where({ user_id: userId }).delete();
  await trx('account_tokens').where({ user_id: userId }).delete();
  await trx('recovery_codes').where({ user_id: userId }).delete();
  await trx('join_requests').where({ user_id: userId }).delete();
  await trx('channel_invitations').where({ user_id: userId }).delete();
  await trx('tournament_invites').where({ user_id: userId }).delete();
  for (const convId of (await trx('conversations').where({ owner_id: userId }).pluck('id')) as string[]) await handOver(trx, convId, userId);
  const left = (await ConversationMember.query(trx).where({ user_id: userId }).delete().returning('conversation_id')) as unknown as { conversationId: string }[];
  const cards = (await trx('games')
    .where('status', 'invited')
    .where((q) => q.where('left_id', userId).orWhere('right_id', userId))
    .update({ status: 'expired' }, ['message_id'])) as { message_id: string | null }[];
  await trx('users').where({ id: userId }).update({ deleted_at: now, tokens_valid_after: now });
  return {
    userId,
    endedSessions,
    revokedTokens: revoked.map((row) => row.id),
    left: left.map((row) => row.conversationId),
    expiredCards: cards.flatMap((card) => (card.message_id ? [card.message_id] : [])),
  };
}

/** Tells what the committed closing did: sockets close everywhere, rooms and cards follow, its tournaments go on without it. */
export async function announceClosed(deps: Deps, closing: Closing): Promise<void> {
  const { effects } = deps;
  const { userId } = closing;
  await effects.publish({ type: 'site.changed', endedSessions: closing.endedSessions });
  for (const tokenId of closing.revokedTokens) await effects.publish({ type: 'token.revoked', tokenId });
  await effects.publish({ type: 'account.deleted', userId });
  for (const messageId of closing.expiredCards) await effects.publish({ type: 'message.changed', messageId });
  for (const convId of closing.left) await effects.publish({ type: 'membership.removed', convId, userId, reason: 'left' });
  await closedInTournaments(deps, userId);
}

/** The channel passes to its longest-standing admin, else member; with nobody left it has no owner. */
async function handOver(trx: Db, convId: string, ownerId: string): Promise<void> {
  const heir = (await trx('conversation_members')
    .where({ conversation_id: convId })
    .whereNot({ user_id: ownerId })
    .orderByRaw(`role = 'admin' desc, joined_at asc`)
    .first('user_id')) as { user_id: string } | undefined;
  await trx('conversations').where({ id: convId }).update({ owner_id: heir?.user_id ?? null });
  if (heir) await trx('conversation_members').where({ conversation_id: convId, user_id: heir.user_id }).update({ role: 'owner' });
}
