/**
 * Who may queue, play, watch, invite to and answer a game of Pong (docs/architecture.md §6), for
 * the game sockets, the games api and the outbox's `invite`. Pure: the caller loads the game and
 * whether the actor and a player blocked each other.
 */
import { can as scopeAllows, type Token } from './scope.js';

export interface GameSubject {
  leftId: string;
  /** The invited player, for an invitation. */
  rightId: string;
  /** The conversation it was offered in; null for a queue's game. */
  conversationId: string | null;
  /** An invitation has a card in its conversation; a queue's game has none. */
  invitation: boolean;
}

export interface GameActor extends Token {
  userId: string;
  /** Either of the actor and a player (the invitee, for `invite`) blocked the other. */
  blocked?: boolean;
}

export type GameAction =
  /** Wait in the matchmaking queue. */
  | 'queue'
  /** Play one's side of the game. */
  | 'play'
  | 'watch'
  /** Answer an invitation: the invited player, while nobody blocked the other. */
  | 'accept'
  | 'decline'
  /** Invite the target (another member of the conversation) to play. */
  | 'invite';

export type GameRefusal =
  /** Not the actor's to know of: a game hidden by a block, an invitation to someone else. */
  | { reason: 'hidden' }
  | { reason: 'blocked' }
  /** The token may not (a read-only bot token plays nothing; one that does not reach the game's conversation). */
  | { reason: 'token_scope' }
  /** The inviter answering their own invitation. */
  | { reason: 'not_invited' }
  /** Inviting oneself or someone outside the conversation. */
  | { reason: 'invalid_invitee' };

export const sideOf = (game: Pick<GameSubject, 'leftId' | 'rightId'>, userId: string): 0 | 1 | undefined =>
  game.leftId === userId ? 0 : game.rightId === userId ? 1 : undefined;

/** Why the actor may not do `action` with the game, or null when they may. `queue` has no game. */
export function refusal(actor: GameActor, action: 'queue'): GameRefusal | null;
export function refusal(actor: GameActor, action: Exclude<GameAction, 'queue' | 'invite'>, game: GameSubject): GameRefusal | null;
export function refusal(actor: GameActor, action: 'invite', invitee: { userId: string; member: boolean }): Extract<GameRefusal, { reason: 'invalid_invitee' | 'blocked' }> | null;
export function refusal(actor: GameActor, action: GameAction, subject?: GameSubject | { userId: string; member: boolean }): GameRefusal | null {
  // Playing is writing: a read-only bot token may watch, not queue nor play.
  if (action === 'queue') return scopeAllows(actor, 'write', 'account') ? null : { reason: 'token_scope' };
  if (action === 'invite') {
    const invitee = subject as { userId: string; member: boolean };
    if (invitee.userId === actor.userId || !invitee.member) return { reason: 'invalid_invitee' };
    return actor.blocked ? { reason: 'blocked' } : null;
  }
  const game = subject as GameSubject;
  const side = sideOf(game, actor.userId);
  if (action === 'accept' || action === 'decline') {
    // Invitations are the only games with a card; a queue's game was never anyone's to answer.
    if (!game.invitation || side === undefined) return { reason: 'hidden' };
    if (side !== 1) return { reason: 'not_invited' };
    // Answering changes the game and its card in the conversation: the token must write there.
    if (!scopeAllows(actor, 'write', game.conversationId === null ? 'account' : { conversation: game.conversationId })) return { reason: 'token_scope' };
    return action === 'accept' && actor.blocked ? { reason: 'blocked' } : null;
  }
  if (game.conversationId !== null && !scopeAllows(actor, 'read', { conversation: game.conversationId })) return { reason: 'token_scope' };
  if (action === 'play') {
    if (side === undefined) return { reason: 'hidden' };
    return scopeAllows(actor, 'write', 'account') ? null : { reason: 'token_scope' };
  }
  // Everyone signed in may watch, unless a player and they blocked each other.
  return actor.blocked ? { reason: 'hidden' } : null;
}
