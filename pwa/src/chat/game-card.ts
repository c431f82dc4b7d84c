/** What an invitation or result card shows, from the game as the server last wrote it (pure). */
import type { MessageGame } from '@volley/shared';

export type CardState = MessageGame['state'];

/** A pending invitation past its expiry shows as expired before the server's update arrives. */
export function shownState(game: MessageGame, now: number): CardState {
  return game.state === 'pending' && secondsLeft(game, now) === 0 ? 'expired' : game.state;
}

/** Whole seconds until a pending invitation expires (0 once it has). */
export function secondsLeft(game: MessageGame, now: number): number {
  const ms = Date.parse(game.expiresAt) - now;
  return Number.isFinite(ms) && ms > 0 ? Math.ceil(ms / 1000) : 0;
}

/** Who I am on this card: the inviter (left), the invited (right), or someone else in the conversation. */
export function roleOn(game: MessageGame, myId: string): 'inviter' | 'invited' | 'other' {
  if (game.players[0].id === myId) return 'inviter';
  return game.players[1].id === myId ? 'invited' : 'other';
}

/** A score as Volley writes every score, on cards, notifications, the game page and histories: the winner's points first. */
export function winnerFirst(points: readonly [number, number], winner: 0 | 1): string {
  return `${points[winner]}–${points[winner === 0 ? 1 : 0]}`;
}

/** The finished game's winner and loser with the score winner first, or null while it is not over. */
export function outcome(game: MessageGame): { winner: string; loser: string; score: string; forfeit: boolean } | null {
  if (game.state !== 'finished' || !game.score || !game.winnerId) return null;
  const w = game.players[0].id === game.winnerId ? 0 : 1;
  const l = w === 0 ? 1 : 0;
  return { winner: game.players[w].username, loser: game.players[l].username, score: winnerFirst(game.score, w), forfeit: game.reason === 'forfeit' };
}
