/**
 * The invited player answers a Pong invitation (an `invite` card, sync-server/src/ops/invite.ts).
 * Each answer is one conditional update: of two answers, or an answer and the expiry, one wins.
 */
import { blockedEitherWay, Game, User } from '@volley/core';
import type { GameView } from '@volley/shared';
import type { RouteDeps } from '../context.js';
import { apiError } from '../errors.js';
import { gameView } from './game-views.js';

type Deps = Pick<RouteDeps, 'db' | 'effects'>;

/** The invitation addressed to `userId`: another's is not found, except that its inviter may not answer it. */
async function invitationTo({ db }: Deps, userId: string, gameId: string): Promise<Game> {
  const game = await Game.query(db).findById(gameId);
  // Invitations are the only games with a card; a queue's game was never anyone's to answer.
  if (!game?.messageId || (game.leftId !== userId && game.rightId !== userId)) throw apiError('not_found', { message: 'No such invitation.' });
  if (game.rightId !== userId) throw apiError('forbidden', { message: 'Only the invited player answers an invitation.' });
  return game;
}

/** The card shows the new state on every sync server (the event reaches the one that holds it). */
const cardChanged = (deps: Deps, game: Game) => deps.effects.publish({ type: 'message.changed', messageId: game.messageId! });

export async function acceptInvitation(deps: Deps, userId: string, gameId: string): Promise<GameView> {
  const invitation = await invitationTo(deps, userId, gameId);
  if (await blockedEitherWay(deps.db, invitation.leftId, invitation.rightId)) throw apiError('blocked');
  const [game] = await Game.query(deps.db).patch({ status: 'ready' }).where({ id: gameId, status: 'invited' }).where('expires_at', '>', new Date()).returning('*');
  if (!game) throw apiError('invitation_closed');
  await cardChanged(deps, game);
  const [left, right] = await Promise.all([User.query(deps.db).findById(game.leftId), User.query(deps.db).findById(game.rightId)]);
  // The clients take both players into the game on this notification.
  await Promise.all([
    deps.effects.notify(game.leftId, { kind: 'game_ready', gameId, opponent: right!.toPublic() }),
    deps.effects.notify(game.rightId, { kind: 'game_ready', gameId, opponent: left!.toPublic() }),
  ]);
  return gameView(deps.db, game);
}

/** Declining twice is one decline; a decline after an acceptance or the expiry conflicts. */
export async function declineInvitation(deps: Deps, userId: string, gameId: string): Promise<void> {
  const invitation = await invitationTo(deps, userId, gameId);
  if (invitation.status === 'declined') return;
  const [game] = await Game.query(deps.db).patch({ status: 'declined' }).where({ id: gameId, status: 'invited' }).where('expires_at', '>', new Date()).returning('*');
  if (!game) throw apiError('invitation_closed');
  await cardChanged(deps, game);
}
