/**
 * Who may watch and answer a game, at the api: the facts are loaded here, the rule is
 * core/src/policies/game.ts, and a refusal is told here in the api's error shape.
 */
import { blockedEitherWay, type Actor, type Db, type Game, gamePolicy } from '@volley/core';
import { apiError } from '../errors.js';

/** Whether the user and either player blocked each other. */
export const blockedWithPlayers = async (db: Db, userId: string, game: Pick<Game, 'leftId' | 'rightId'>): Promise<boolean> =>
  (await blockedEitherWay(db, userId, game.leftId)) || (await blockedEitherWay(db, userId, game.rightId));

/** The game as the policy sees it. */
export const gameSubject = (game: Game): gamePolicy.GameSubject => ({
  leftId: game.leftId,
  rightId: game.rightId,
  conversationId: game.conversationId,
  invitation: game.messageId !== null,
});

/** Throws what the policy refuses the actor (their token's scope included); `notFound` is what a hidden game is called. */
export async function authorizeGame(db: Db, actor: Actor, action: 'watch' | 'accept' | 'decline', game: Game, notFound: string): Promise<void> {
  // Only an accepted invitation asks whether the players blocked each other; watching always does.
  const blocked = action !== 'decline' && (await blockedWithPlayers(db, actor.userId, game));
  const refusal = gamePolicy.refusal({ ...actor, blocked }, action, gameSubject(game));
  if (!refusal) return;
  if (refusal.reason === 'hidden') throw apiError('not_found', { message: notFound });
  if (refusal.reason === 'blocked') throw apiError('blocked');
  if (refusal.reason === 'not_invited') throw apiError('forbidden', { message: 'Only the invited player answers an invitation.' });
  throw apiError('token_scope');
}
