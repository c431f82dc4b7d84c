/**
 * How an invitation card or a result message shows its game (`Message.game`): a function of the
 * `games` row, its `matches` row and the players' usernames, so every write shows what is recorded.
 */
import { randomBytes } from 'node:crypto';
import { Game, Match, User, type Db } from '@volley/core';
import { newId, type GameStatus, type MessageGame } from '@volley/shared';

/**
 * The card's state for each game status. An abandoned game (accepted, then nobody came) reads as
 * expired: the invitation came to nothing, and the card offers nothing more to do. So does a game
 * whose host died (no result to show, nothing to join).
 */
const CARD_STATE: Record<GameStatus, MessageGame['state']> = {
  invited: 'pending',
  declined: 'declined',
  expired: 'expired',
  ready: 'accepted',
  live: 'accepted',
  finished: 'finished',
  abandoned: 'expired',
  host_lost: 'expired',
};

/** The card state a game of this status shows. */
export const cardState = (status: GameStatus): MessageGame['state'] => CARD_STATE[status];

export async function gameCard(db: Db, game: Game): Promise<MessageGame> {
  const users = await User.query(db).findByIds([game.leftId, game.rightId]).select('id', 'username');
  const player = (id: string) => ({ id, username: users.find((u) => u.id === id)?.username ?? '' });
  const card: MessageGame = {
    id: game.id,
    players: [player(game.leftId), player(game.rightId)],
    settings: game.settings,
    state: cardState(game.status),
    expiresAt: new Date(game.expiresAt ?? game.createdAt).toISOString(),
  };
  if (game.status !== 'finished') return card;
  const match = await Match.query(db).findOne({ game_id: game.id });
  if (!match) return card;
  const leftWon = match.winnerId === game.leftId;
  return {
    ...card,
    score: leftWon ? [match.winnerScore, match.loserScore] : [match.loserScore, match.winnerScore],
    winnerId: match.winnerId,
    reason: match.reason,
  };
}

/** A finished game's result as a line, the winner and their points first: `bob 11 – 7 alice`. */
export function resultBody(card: MessageGame): string {
  const w = card.players[0].id === card.winnerId ? 0 : 1;
  const l = 1 - w;
  return `${card.players[w].username} ${card.score![w]} – ${card.score![l]} ${card.players[l]!.username}`;
}

/** The game an invitation card (`kind: 'invite'`) or a result is about; undefined for any other message. */
export async function gameOfCard(db: Db, message: { id: string; kind: string }): Promise<Game | undefined> {
  if (message.kind === 'invite') return await Game.query(db).findOne({ message_id: message.id });
  if (message.kind !== 'result') return undefined;
  return await Game.query(db).findOne({ result_message_id: message.id });
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A new id for a game's result message: a ULID of now with a random part from the system's
 * generator (not the monotonic factory's, whose next id in a millisecond is the last one plus one),
 * so that no client can name it before the server does, and send a message of its own under it.
 */
export function newResultMessageId(): string {
  const random = Array.from(randomBytes(16), (byte) => CROCKFORD[byte % 32]).join('');
  return newId().slice(0, 10) + random;
}
