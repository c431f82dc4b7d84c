/** The words of the game page: why the connection ended, and the result with the rematch offer. */
import type { GamePlayer, Side } from '@volley/shared';
import type { GameSocketEnd, Result } from '../../game/game-client.js';
import { winnerFirst } from '../../chat/game-card.js';
import { msg } from '../../i18n/i18n.js';

export function endedText(reason: GameSocketEnd | null): string {
  switch (reason) {
    case 'no_such_room':
      return msg('game.ended.not_found');
    case 'forbidden':
      return msg('game.ended.forbidden');
    case 'replaced':
      return msg('game.ended.replaced');
    case 'unauthenticated':
      return msg('game.ended.signed_out');
    case 'closed':
      return msg('game.ended.closed');
    case 'abandoned':
      return msg('game.ended.abandoned');
    case 'host_lost':
      return msg('game.ended.host_lost');
    default:
      return msg('game.ended.other');
  }
}

export interface ResultView {
  heading: string;
  lines: string[];
  /** For players only: the rematch button and what the other player said. */
  rematch: { label: string; waiting: boolean; note: string } | null;
}

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

export function resultView(result: Result, players: [GamePlayer, GamePlayer], mine: Side | null, offers: ReadonlySet<Side>): ResultView {
  const winner = players[result.winner].displayName;
  const heading = mine === null ? msg('game.winner', { name: winner }) : msg(result.winner === mine ? 'game.youWon' : 'game.youLost');
  const loser = players[result.winner === 0 ? 1 : 0].displayName;
  // The card's sentence, the winner's points first, as everywhere.
  const score = msg(result.reason === 'forfeit' ? 'result.forfeit' : 'result.won', { winner, loser, score: winnerFirst(result.score, result.winner) });
  const ratings = result.ratings.map(({ before, after }, side) =>
    msg('game.ratingChange', { name: players[side]!.displayName, before, after, change: signed(after - before) }),
  );
  if (mine === null) return { heading, lines: [score, ...ratings], rematch: null };
  const other: Side = mine === 0 ? 1 : 0;
  const otherName = players[other].displayName;
  const iOffered = offers.has(mine);
  const theyOffered = offers.has(other);
  const rematch = {
    label: msg(theyOffered ? 'game.acceptRematch' : 'game.rematch'),
    waiting: iOffered,
    note: iOffered ? msg('game.rematchWaiting', { name: otherName }) : theyOffered ? msg('game.rematchOffered', { name: otherName }) : '',
  };
  return { heading, lines: [score, ...ratings], rematch };
}
