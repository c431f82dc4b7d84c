/**
 * The invited player answers a Pong invitation (an `invite` card, sync-server/src/outbox/ops/invite.ts).
 * Each answer is one conditional update: of two answers, or an answer and the expiry, one wins.
 */
import { Game, User, type Actor } from '@volley/core';
import type { GameView } from '@volley/shared';
import type { RouteDeps } from '../context.js';
import { apiError } from '../errors.js';
import { authorizeGame } from './game-access.js';
import { gameView } from './game-views.js';

const NOT_FOUND = 'No such invitation.';

type Deps = Pick<RouteDeps, 'db' | 'effects'>;

/**
 * The invitation addressed to the actor, once the policy lets them give this answer (their token
 * writing in its conversation): another's is not found, except that its inviter may not answer it.
 */
async function invitationTo({ db }: Deps, actor: Actor, gameId: string, answer: 'accept' | 'decline'): Promise<Game> {
  const game = await Game.query(db).findById(gameId);
  if (!game) throw apiError('not_found', { message: NOT_FOUND });
  await authorizeGame(db, actor, answer, game, NOT_FOUND);
  return game;
}

/** The card shows the new state on every sync server (the event reaches the one that holds it). */
const cardChanged = (deps: Deps, game: Game) => deps.effects.publish({ type: 'message.changed', messageId: game.messageId! });

export async function acceptInvitation(deps: Deps, actor: Actor, gameId: string): Promise<GameView> {
  await invitationTo(deps, actor, gameId, 'accept');
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
export async function declineInvitation(deps: Deps, actor: Actor, gameId: string): Promise<void> {
  const invitation = await invitationTo(deps, actor, gameId, 'decline');
  if (invitation.status === 'declined') return;
  const [game] = await Game.query(deps.db).patch({ status: 'declined' }).where({ id: gameId, status: 'invited' }).where('expires_at', '>', new Date()).returning('*');
  if (!game) throw apiError('invitation_closed');
  await cardChanged(deps, game);
}
