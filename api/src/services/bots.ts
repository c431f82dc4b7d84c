/**
 * Bot accounts (docs/protocol.md, "Bot tokens"): a user row with an owner, who alone manages it
 * and its tokens. A bot has no password and makes no bots of its own.
 */
import { User, type Credentials, type Db } from '@volley/core';
import { newId, type Bot, type CreateBotBody, type UpdateBotBody, fieldProblem } from '@volley/shared';
import type { Effects } from './effects.js';
import { apiError } from '../errors.js';
import { announceClosed, closeAccount } from './close-account.js';
import { joinWorld } from './register-user.js';
import { uniqueViolation } from './unique-violation.js';

type Deps = { db: Db; effects: Effects; credentials: Credentials };

export const botView = (bot: User): Bot => ({ ...bot.toSummary(), description: bot.description, createdAt: new Date(bot.createdAt).toISOString() });

/** A new bot of `ownerId`, a member of #general like every account. */
export async function createBot(db: Db, ownerId: string, input: CreateBotBody): Promise<User> {
  const owner = await User.query(db).findById(ownerId);
  if (!owner) throw apiError('unauthenticated');
  if (owner.botOwnerId) throw apiError('forbidden', { message: 'A bot cannot make bots.' });
  const id = newId();
  try {
    return await db.transaction(async (trx) => {
      const bot = await User.query(trx)
        .insert({
          id,
          username: input.username,
          // Unique and never delivered (.invalid, RFC 2606): a bot has no mailbox and signs in with no password.
          email: `${id.toLowerCase()}@bots.invalid`,
          displayName: input.displayName ?? input.username,
          description: input.description ?? '',
          passwordHash: '',
          botOwnerId: ownerId,
        })
        .returning('*');
      await joinWorld(trx, bot.id);
      return bot;
    });
  } catch (err) {
    if (uniqueViolation(err) === 'users_username_lower') throw apiError('conflict', { fields: { username: [fieldProblem('taken')] } });
    throw err;
  }
}

/** The owner's bot; 404 for anyone else's (another's bots are not theirs to know about here). */
export async function ownedBot(db: Db, ownerId: string, botId: string): Promise<User> {
  const bot = await User.query(db).findOne({ id: botId, bot_owner_id: ownerId, deleted_at: null });
  if (!bot) throw apiError('not_found');
  return bot;
}

export async function listBots(db: Db, ownerId: string): Promise<User[]> {
  return User.query(db).where({ bot_owner_id: ownerId, deleted_at: null }).orderBy('id');
}

export async function updateBot(db: Db, bot: User, change: UpdateBotBody): Promise<User> {
  return Object.keys(change).length > 0 ? bot.$query(db).patchAndFetch(change) : bot;
}

/** Revokes the token and closes every socket opened with it, on every instance. */
export async function revokeBotToken({ credentials, effects }: Deps, botId: string, tokenId: string): Promise<void> {
  if (!(await credentials.bots.revoke(botId, tokenId))) throw apiError('not_found');
  await effects.publish({ type: 'token.revoked', tokenId });
}

/**
 * Closes the bot as any account closes (close-account.ts: its tokens revoked, its sockets closed,
 * its memberships and tournaments ended); the row stays, marked deleted, for its messages still name it.
 */
export async function deleteBot(deps: Deps, bot: User): Promise<void> {
  await announceClosed(deps, await deps.db.transaction((trx) => closeAccount(trx, bot.id)));
}
